/**
 * Large files are parsed in a worker thread so the extension host's event loop never blocks on
 * them (YAML, TOML and JSON parsers are synchronous: a few MB of YAML take seconds). Small files,
 * the common case, are parsed inline: a worker round trip costs more than they do, and a
 * workspace of small files never starts the worker at all.
 *
 * One worker, started on first use, stopped when idle and when the last model is disposed; table
 * results come back as transferred typed arrays (no copy). The worker runs the very same parse
 * functions (parseTasks.ts). If it cannot start, parses run inline; if it dies on a file (out of
 * memory), that file gets an error and the next task starts a fresh worker.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FlatValues } from '../types';
import type { WorkerReply, WorkerRequest } from './parseWorker';
import type { ParseTask, ResultOf } from './parseTasks';
import { failedParse, inlineLimitOf, runParseTask, taskBytes } from './parseTasks';
import { mergeFlat } from './resultParts';

const IDLE_MS = 20_000;
/**
 * The worker's stack, sized so its JavaScript stack limit equals the main thread's (V8's 984 kB
 * plus the 192 kB Node keeps free below a worker's): a document too deep for the inline parsers
 * fails here the same way instead of parsing (the default 4 MB would accept far deeper ones).
 */
const STACK_MB = 1.15;

interface Pending {
	task: ParseTask;
	resolve: (value: unknown) => void;
	/** A result arriving in parts (resultParts.ts): the values received so far go into its `value`. */
	partial?: { ok: true; value: FlatValues };
}

/** The bundled worker (dist/parseWorker.js) next to this code, else the TypeScript source run through tsx. */
function startWorker(): Worker | undefined {
	const resourceLimits = { stackSizeMb: STACK_MB };
	const bundled = path.join(__dirname, 'parseWorker.js');
	if (existsSync(bundled)) {
		return new Worker(bundled, { resourceLimits });
	}
	const source = path.join(__dirname, 'parseWorker.ts');
	if (!existsSync(source)) {
		return undefined;
	}
	// Tests and benches run the sources with tsx: the worker loads its entry through tsx too.
	const tsx = 'tsx/cjs';
	const code = `require(${JSON.stringify(require.resolve(tsx))}); require(${JSON.stringify(source)});`;
	return new Worker(code, { eval: true, resourceLimits });
}

/** Results of parses that did not run to the end (worker died or stopped): never cached. */
const interruptedResults = new WeakSet<object>();

function interrupted<T extends object>(result: T): T {
	interruptedResults.add(result);
	return result;
}

export function wasInterrupted(result: unknown): boolean {
	return typeof result === 'object' && result !== null && interruptedResults.has(result);
}

class ParsePool {
	private worker: Worker | undefined;
	/** The worker loaded its code: a death before that is a broken install, after it a bad file. */
	private loaded = false;
	private unavailable = false;
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private idle: NodeJS.Timeout | undefined;
	private users = 0;
	/** Tasks sent to a worker so far (tests check that big inputs really go off thread). */
	roundTrips = 0;

	run<T extends ParseTask>(task: T): Promise<ResultOf<T>> {
		const worker = this.ensure();
		if (!worker) {
			return Promise.resolve(runParseTask(task));
		}
		clearTimeout(this.idle);
		// Referenced only while it has work: a caller awaiting a parse keeps the process alive, an
		// idle worker never does (tests and a host shutting down exit).
		worker.ref();
		const id = this.nextId++;
		this.roundTrips++;
		return new Promise((resolve) => {
			this.pending.set(id, { task, resolve: resolve as (v: unknown) => void });
			worker.postMessage({ id, task } satisfies WorkerRequest);
		});
	}

	/** A model uses the pool until the returned release runs; the last release stops the worker. */
	retain(): () => void {
		this.users++;
		let released = false;
		return () => {
			if (!released) {
				released = true;
				if (--this.users === 0) {
					void this.stop('the model was disposed');
				}
			}
		};
	}

	get running(): boolean {
		return this.worker !== undefined;
	}

	private ensure(): Worker | undefined {
		if (this.worker || this.unavailable) {
			return this.worker;
		}
		try {
			this.worker = startWorker();
		} catch {
			this.worker = undefined;
		}
		if (!this.worker) {
			this.unavailable = true;
			return undefined;
		}
		const worker = this.worker;
		this.loaded = false;
		worker.unref();
		worker.on('message', (reply: WorkerReply | 'loaded') => this.settle(reply));
		worker.on('error', (err) => this.lost(worker, err.message));
		worker.on('exit', (code) => this.lost(worker, `parser exited (code ${code})`));
		return worker;
	}

	private settle(reply: WorkerReply | 'loaded'): void {
		if (reply === 'loaded') {
			this.loaded = true;
			return;
		}
		const p = this.pending.get(reply.id);
		if (!p || this.awaitsParts(p, reply)) {
			return;
		}
		this.pending.delete(reply.id);
		if ('part' in reply) {
			p.resolve(p.partial);
		} else {
			p.resolve(reply.ok ? reply.result : interrupted(failedParse(p.task, `could not be parsed: ${reply.error}`)));
		}
		if (this.pending.size === 0) {
			this.worker?.unref();
			this.idle = setTimeout(() => void this.stop(), IDLE_MS);
			this.idle.unref();
		}
	}

	/**
	 * Takes a result's first or next part; true while more are to come, then asks for the next one
	 * in a later turn: Node reads every message that arrives while it is reading messages, so a reply
	 * asked for at once would be cloned in this same turn, and so on for all parts.
	 */
	private awaitsParts(p: Pending, reply: WorkerReply): boolean {
		if ('part' in reply) {
			mergeFlat(p.partial!.value, reply.part);
		} else if (reply.ok && reply.more > 0) {
			p.partial = reply.result as Pending['partial'];
		}
		const more = 'part' in reply || reply.ok ? reply.more : 0;
		if (more > 0) {
			const worker = this.worker;
			setImmediate(() => worker?.postMessage({ id: reply.id, next: true } satisfies WorkerRequest));
		}
		return more > 0;
	}

	/**
	 * The worker died. Before loading its code (a broken install) its tasks run inline and so do
	 * all later ones; after, its tasks fail: the file that killed it must not be retried inline.
	 */
	private lost(worker: Worker, why: string): void {
		if (this.worker !== worker) {
			return;
		}
		this.worker = undefined;
		if (!this.loaded) {
			this.unavailable = true;
			for (const p of this.pending.values()) {
				p.resolve(runParseTask(p.task));
			}
			this.pending.clear();
			return;
		}
		this.failPending(why);
	}

	private failPending(why: string): void {
		for (const p of this.pending.values()) {
			p.resolve(interrupted(failedParse(p.task, `could not be parsed: ${why}`)));
		}
		this.pending.clear();
	}

	/** Idle timeout (only when nothing is pending) or last release (pending parses fail: nobody reads them). */
	private async stop(why?: string): Promise<void> {
		const worker = this.worker;
		if (!worker || (why === undefined && this.pending.size > 0)) {
			return;
		}
		clearTimeout(this.idle);
		this.worker = undefined;
		this.failPending(why ?? 'stopped');
		await worker.terminate();
	}
}

const pool = new ParsePool();

/** Held by each model from construction to dispose: no parse thread outlives the last model. */
export function retainParsePool(): () => void {
	return pool.retain();
}

/** For tests: how many parses went to the worker, and whether a worker thread is up. */
export function parsePoolState(): { roundTrips: number; running: boolean } {
	return { roundTrips: pool.roundTrips, running: pool.running };
}

/** Parses inline when small (inlineLimitOf), in the parse worker when large. */
export function parseAsync<T extends ParseTask>(task: T): Promise<ResultOf<T>> {
	if (taskBytes(task) <= inlineLimitOf(task)) {
		return Promise.resolve(runParseTask(task));
	}
	if ('bytes' in task && task.bytes.byteLength !== task.bytes.buffer.byteLength) {
		// Posting a view copies its whole buffer: send only the bytes the task reads.
		return pool.run({ ...task, bytes: task.bytes.slice() });
	}
	return pool.run(task);
}
