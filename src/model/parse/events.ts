/**
 * DVCLive-dir `events.jsonl`: one JSON object a line with `name` (required string), `source`,
 * `wallclock` (Unix ms), `step` (integer) and `metadata` (object). Bad lines are reported and skipped.
 */
import type { FileError, ParamValue, RunEvent } from '../types';
import { isPlainObject } from './structured';

export interface EventsParse {
	events: RunEvent[];
	errors: FileError[];
	/** UTF-16 length of the text up to and including the last newline: a live reader resumes there. */
	consumedChars: number;
}

/** A final line without a newline may be half written: it is left unparsed (not an error). */
export function parseEventsJsonl(text: string, file: string, opts: { complete?: boolean } = {}): EventsParse {
	const events: RunEvent[] = [];
	const errors: FileError[] = [];
	const end = opts.complete ? text.length : text.lastIndexOf('\n') + 1;
	let lineNo = 0;
	let pos = 0;
	while (pos < end) {
		const nl = text.indexOf('\n', pos);
		const stop = nl < 0 || nl >= end ? end : nl;
		const line = text.slice(pos, stop).trim();
		lineNo++;
		pos = stop + 1;
		if (line === '') {
			continue;
		}
		const r = parseEvent(line);
		if (typeof r === 'string') {
			errors.push({ file, message: r, line: lineNo });
		} else {
			events.push(r);
		}
	}
	return { events, errors, consumedChars: Math.min(end, text.length) };
}

function parseEvent(line: string): RunEvent | string {
	let v: unknown;
	try {
		v = JSON.parse(line);
	} catch (e) {
		return `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
	}
	if (!isPlainObject(v)) {
		return 'an event must be a JSON object';
	}
	if (typeof v.name !== 'string' || v.name === '') {
		return `an event needs a string 'name'`;
	}
	const ev: RunEvent = { name: v.name, origin: 'file' };
	if (v.source !== undefined) {
		if (typeof v.source !== 'string') {
			return `'source' must be a string`;
		}
		ev.source = v.source;
	}
	if (v.wallclock !== undefined) {
		if (typeof v.wallclock !== 'number' || !Number.isFinite(v.wallclock)) {
			return `'wallclock' must be a number (Unix ms)`;
		}
		ev.wallclock = v.wallclock;
	}
	if (v.step !== undefined) {
		if (!Number.isInteger(v.step)) {
			return `'step' must be an integer`;
		}
		ev.step = v.step as number;
	}
	if (v.metadata !== undefined) {
		if (!isPlainObject(v.metadata)) {
			return `'metadata' must be an object`;
		}
		ev.metadata = v.metadata as Record<string, ParamValue>;
	}
	return ev;
}
