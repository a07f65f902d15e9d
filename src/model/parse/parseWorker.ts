/**
 * Entry of the parse worker (its own esbuild bundle, dist/parseWorker.js): runs parse tasks for
 * the main thread so a large or hostile file never blocks the extension host's event loop.
 */
import { parentPort } from 'node:worker_threads';
import type { ParseTask } from './parseTasks';
import { runParseTask, transferablesOf } from './parseTasks';

export interface WorkerRequest {
	id: number;
	task: ParseTask;
}

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

parentPort?.on('message', ({ id, task }: WorkerRequest) => {
	let reply: WorkerReply;
	try {
		reply = { id, ok: true, result: runParseTask(task) };
	} catch (err) {
		reply = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
	}
	parentPort!.postMessage(reply, reply.ok ? transferablesOf(reply.result) : []);
});

// Tells the pool the code loaded: a worker that dies before this is a broken install, not a bad file.
parentPort?.postMessage('loaded');
