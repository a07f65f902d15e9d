/**
 * Entry of the parse worker (its own esbuild bundle, dist/parseWorker.js): runs parse tasks for
 * the main thread so a large or hostile file never blocks the extension host's event loop.
 */
import { parentPort } from 'node:worker_threads';
import type { ParseTask } from './parseTasks';
import { runParseTask, transferablesOf } from './parseTasks';
import type { FlatPart } from './resultParts';
import { splitResult } from './resultParts';

/** A task, or the request for the next part of a result sent in parts (resultParts.ts). */
export type WorkerRequest = { id: number; task: ParseTask } | { id: number; next: true };

export type WorkerReply =
	/** `more`: parts still held here, each sent when asked for. */
	| { id: number; ok: true; result: unknown; more: number }
	| { id: number; ok: false; error: string }
	| { id: number; part: FlatPart; more: number };

/** Parts not yet asked for, by task id. */
const held = new Map<number, FlatPart[]>();

function reply(request: WorkerRequest): void {
	const { id } = request;
	if ('next' in request) {
		const rest = held.get(id) ?? [];
		const part = rest.shift() ?? { keys: [], values: [] };
		if (rest.length === 0) {
			held.delete(id);
		}
		parentPort!.postMessage({ id, part, more: rest.length } satisfies WorkerReply);
		return;
	}
	let out: Extract<WorkerReply, { ok: boolean }>;
	try {
		const { result, rest } = splitResult(request.task, runParseTask(request.task));
		if (rest.length > 0) {
			held.set(id, rest);
		}
		out = { id, ok: true, result, more: rest.length };
	} catch (err) {
		out = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
	}
	parentPort!.postMessage(out, out.ok ? transferablesOf(out.result) : []);
}

parentPort?.on('message', reply);

// Tells the pool the code loaded: a worker that dies before this is a broken install, not a bad file.
parentPort?.postMessage('loaded');
