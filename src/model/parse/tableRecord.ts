/** CSV record reading shared by the incremental table reader and the plot-data loader. */
import type { FileError } from '../types';

export const QUOTE = 34;

export interface Record_ {
	cells: string[];
	next: number;
	lines: number;
}

/** Python csv semantics: a quote opens quoting only at field start; `""` inside quotes is one quote. */
export function readQuotedRecord(s: string, pos: number, delim: number): Record_ | undefined {
	const cells: string[] = [];
	let cell = '';
	let lines = 1;
	let i = pos;
	let quoted = false;
	let fieldStart = true;
	for (; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (quoted) {
			if (c !== QUOTE) {
				if (c === 10) {
					lines++;
				}
				cell += s[i];
			} else if (s.charCodeAt(i + 1) === QUOTE) {
				cell += '"';
				i++;
			} else {
				quoted = false;
			}
			continue;
		}
		if (c === QUOTE && fieldStart) {
			quoted = true;
		} else if (c === delim) {
			cells.push(cell);
			cell = '';
			fieldStart = true;
		} else if (c === 10 || (c === 13 && s.charCodeAt(i + 1) === 10)) {
			break;
		} else {
			cell += s[i];
			fieldStart = false;
		}
		if (c === QUOTE) {
			fieldStart = false;
		}
	}
	if (quoted || i >= s.length) {
		return undefined;
	}
	cells.push(cell);
	return { cells, next: s.charCodeAt(i) === 13 ? i + 2 : i + 1, lines };
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}

/** One record at `pos`: a plain line is split at once, quoted fields go to the general reader. Undefined: incomplete. */
export function readRecord(s: string, pos: number, delim: number): Record_ | undefined {
	const nl = s.indexOf('\n', pos);
	const quote = s.indexOf('"', pos);
	if (nl >= 0 && (quote < 0 || quote > nl)) {
		const lineEnd = nl > pos && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
		return { cells: s.slice(pos, lineEnd).split(String.fromCharCode(delim)), next: nl + 1, lines: 1 };
	}
	return readQuotedRecord(s, pos, delim);
}

const MAX_ERRORS = 100;

/** Rows skipped for a wrong column count: every one is counted, the first MAX_ERRORS are reported by line. */
export class RowErrors {
	readonly errors: FileError[] = [];
	count = 0;

	constructor(private readonly file: string) {}

	add(found: number, expected: number, line: number): void {
		this.count++;
		if (this.errors.length < MAX_ERRORS) {
			this.errors.push({ file: this.file, message: `expected ${expected} columns, found ${found}: row skipped`, line });
		}
	}
}
