import { createHash } from 'node:crypto';
import { loadExampleTable, toTableRef } from '../examples/table';
import type { TableReader } from '../examples/table';
import type { ExampleTableRef, Experiment } from '../model/types';
import { Emitter } from '../util/event';
import type { Disposable } from '../util/event';

/**
 * Validates the per-example metrics tables the model found (it only records them) with the same
 * loader the examples panel uses, off the tree's build path. Results are cached per table by the
 * digest of every file the validation read (table, sidecar, foreign table): a revision's files never
 * change, and a changing workspace is re-checked at most every `recheckMs`, re-parsed only when a
 * file's bytes differ.
 */

export interface TableFiles {
	readFile(experimentId: string, file: string): Promise<Uint8Array | undefined>;
}

export interface TableValidationOptions {
	recheckMs?: number;
	now?: () => number;
}

interface Entry {
	ref?: ExampleTableRef;
	/** file -> digest (undefined when missing) of what the last validation read. */
	digests?: Map<string, string | undefined>;
	/** Experiment `rev`: unchanged for a finished revision means unchanged files. */
	rev?: string;
	/** The latest Experiment object seen: the model hands out a new one whenever its data changed. */
	exp?: Experiment;
	checkedAt: number;
	busy: boolean;
	stale: boolean;
}

export class TableValidator implements Disposable {
	private readonly entries = new Map<string, Entry>();
	private readonly emitter = new Emitter<string>();
	/** Fires with the experiment id whose table results changed. */
	readonly onDidValidate = this.emitter.event;
	private queue: Promise<void> = Promise.resolve();
	private disposed = false;
	private readonly recheckMs: number;
	private readonly now: () => number;

	constructor(
		private readonly files: TableFiles,
		opts: TableValidationOptions = {},
	) {
		this.recheckMs = opts.recheckMs ?? 2_000;
		this.now = opts.now ?? Date.now;
	}

	/** The tables of `exp` as last validated (the model's refs until then); schedules what is due. */
	tablesOf(exp: Experiment): ExampleTableRef[] {
		return exp.tables.map((ref) => {
			const entry = this.entry(exp, ref.file);
			if (entry.exp !== exp) {
				entry.exp = exp;
				entry.stale = true;
			}
			this.scheduleIfDue(exp, ref.file, entry);
			return entry.ref ? merge(ref, entry.ref) : ref;
		});
	}

	forget(experimentId: string): void {
		for (const key of [...this.entries.keys()].filter((k) => k.startsWith(`${experimentId}\n`))) {
			this.entries.delete(key);
		}
	}

	/** Resolves when every scheduled validation has finished (tests). */
	async idle(): Promise<void> {
		let seen: Promise<void>;
		do {
			seen = this.queue;
			await seen;
		} while (seen !== this.queue);
	}

	private entry(exp: Experiment, file: string): Entry {
		const key = `${exp.id}\n${file}`;
		let entry = this.entries.get(key);
		if (!entry) {
			entry = { checkedAt: -Infinity, busy: false, stale: true };
			this.entries.set(key, entry);
		}
		return entry;
	}

	private scheduleIfDue(exp: Experiment, file: string, entry: Entry): void {
		const immutable = exp.kind !== 'workspace' && exp.status !== 'running';
		if (entry.busy || !entry.stale || (immutable && entry.rev === exp.rev && entry.ref)) {
			return;
		}
		const wait = Math.max(0, entry.checkedAt + this.recheckMs - this.now());
		entry.busy = true;
		entry.stale = false;
		this.queue = this.queue.then(async () => {
			if (wait > 0) {
				await new Promise((r) => setTimeout(r, wait));
			}
			await this.validate(exp, file, entry).catch(() => undefined);
			entry.busy = false;
			entry.checkedAt = this.now();
			// Changed again while this ran: check once more (throttled), nobody else will ask.
			if (entry.stale && entry.exp && !this.disposed) {
				this.scheduleIfDue(entry.exp, file, entry);
			}
		});
	}

	private async validate(exp: Experiment, file: string, entry: Entry): Promise<void> {
		if (this.disposed) {
			return;
		}
		if (entry.digests && (await this.unchanged(exp.id, entry.digests))) {
			entry.rev = exp.rev;
			return;
		}
		const digests = new Map<string, string | undefined>();
		const decoder = new TextDecoder();
		const reader: TableReader = {
			readText: async (path) => {
				const bytes = await this.files.readFile(exp.id, path);
				digests.set(path, bytes && digest(bytes));
				return bytes === undefined ? undefined : decoder.decode(bytes);
			},
		};
		const ref = toTableRef(await loadExampleTable(reader, file));
		Object.assign(entry, { ref, digests, rev: exp.rev });
		if (!this.disposed) {
			this.emitter.fire(exp.id);
		}
	}

	private async unchanged(experimentId: string, digests: Map<string, string | undefined>): Promise<boolean> {
		for (const [path, before] of digests) {
			const bytes = await this.files.readFile(experimentId, path);
			if ((bytes && digest(bytes)) !== before) {
				return false;
			}
		}
		return true;
	}

	dispose(): void {
		this.disposed = true;
		this.emitter.dispose();
	}
}

function digest(bytes: Uint8Array): string {
	return `${bytes.byteLength}:${createHash('sha1').update(bytes).digest('base64')}`;
}

/** The model's own errors for the table (if any) come first, then the validation's. */
function merge(found: ExampleTableRef, validated: ExampleTableRef): ExampleTableRef {
	return { ...found, ...validated, errors: [...found.errors, ...validated.errors] };
}
