/**
 * Follows the experiment model and feeds the outbox: `start` when a running experiment is first seen,
 * a (coalesced) `data` event when its step advances, a final `data` and `done` when it ends. Pushes
 * running experiments when live push is on, or when the user pushed that one by hand.
 */
import type { ExperimentsModel } from '../model/api';
import { blankExperiment } from '../model/blankExperiment';
import type { Experiment } from '../model/types';
import { DisposableStore } from '../util/disposable';
import type { Disposable } from '../util/event';
import type { EventMeta } from './events';
import { streamFiles } from './events';
import type { Outbox } from './outbox';
import type { OutboxEvent } from './outboxStore';

// The push recorder lived here first; callers still import it from this module.
export * from './pushRecording';

export interface LivePushDeps {
	model: ExperimentsModel;
	outbox: Outbox;
	/** `runlens.studio.livePush`, and false when untrusted, offline or not configured. */
	isLiveEnabled(): boolean;
	/** Studio identity (resolves repo_url), or the reason the experiment cannot be pushed. */
	metaOf(exp: Experiment): EventMeta | string;
	onWarning?(message: string): void;
}

interface Tracked {
	meta: EventMeta;
	started: boolean;
	lastStep: number;
	finalQueued: boolean;
	manual: boolean;
	done: boolean;
	/** Waiting for room (overflow policy block): updates coalesce until the outbox has room. */
	blocked: boolean;
	/** The row as last seen: what ends the run when the row disappears. */
	last?: Experiment;
}

export type PushResult = { ok: true; events: number } | { ok: false; message: string };

export class LivePush implements Disposable {
	private readonly store = new DisposableStore();
	private readonly tracked = new Map<string, Tracked>();
	private waitingForRoom = false;
	private lastWarning: string | undefined;
	/** "Cannot push" reasons already logged, per experiment: a running row would repeat them every step. */
	private readonly warned = new Set<string>();
	private disposed = false;

	constructor(private readonly deps: LivePushDeps) {
		this.store.add(
			deps.model.onDidChangeExperiments((change) => {
				change.changed.forEach((id) => this.update(id));
				change.removed.forEach((id) => this.rowGone(id));
			}),
		);
		this.store.add(deps.model.onDidAppendSeries((append) => this.update(append.experimentId)));
		void deps.model.ready.then(() => this.resumePending());
	}

	/** Manual push: a finished experiment gets start, one data event with every row, done; a running one is followed. */
	pushExperiment(id: string): PushResult {
		const exp = this.deps.model.getExperiment(id);
		if (!exp) {
			return { ok: false, message: `No experiment ${id}.` };
		}
		const meta = this.deps.metaOf(exp);
		if (typeof meta === 'string') {
			return { ok: false, message: meta };
		}
		const existing = this.tracked.get(id);
		const t = existing && !existing.done ? existing : tracked(meta, false);
		t.manual = true;
		this.tracked.set(id, t);
		if (t.blocked) {
			return { ok: true, events: 0 };
		}
		const events = this.advance(exp, t);
		return events.ok ? { ok: true, events: events.count } : { ok: false, message: events.message };
	}

	private update(id: string): void {
		const exp = this.deps.model.getExperiment(id);
		const known = this.tracked.get(id);
		if (!exp || (known && (known.done || known.blocked))) {
			return;
		}
		if (!known) {
			if (exp.status !== 'running' || !this.deps.isLiveEnabled() || this.isRunOfAnotherRow(exp)) {
				return;
			}
			const meta = this.deps.metaOf(exp);
			if (typeof meta === 'string') {
				this.warnOnce(id, meta);
				return;
			}
			const t = tracked(meta, this.hasHistory(id));
			this.tracked.set(id, t);
			this.report(this.advance(exp, t));
			return;
		}
		if (known.meta.files) {
			// Plot files appear while a run goes on: the persisted list follows, for a replay without the row.
			known.meta = { ...known.meta, files: streamFiles(exp, known.meta.files.root) };
		}
		this.report(this.advance(exp, known));
	}

	/**
	 * A running workspace row is the same run as the running experiment row the model lists for it
	 * (DVCLive's signal file, a workspace executor): that row is the one pushed, the workspace says nothing.
	 */
	private isRunOfAnotherRow(exp: Experiment): boolean {
		return (
			exp.kind === 'workspace' &&
			this.deps.model
				.getExperiments()
				.some((e) => e.projectId === exp.projectId && e.kind === 'experiment' && e.status === 'running')
		);
	}

	private warnOnce(id: string, message: string): void {
		const key = `${id}\0${message}`;
		if (!this.warned.has(key)) {
			this.warned.add(key);
			this.deps.onWarning?.(message);
		}
	}

	/**
	 * A followed run's row is gone (it ended without an experiment ref: DVCLive's `save_dvc_exp=False`,
	 * a plain script): Studio still hears the end, its last rows and final metrics come from its files.
	 */
	private rowGone(id: string): void {
		const t = this.tracked.get(id);
		if (!t?.last || t.done || !t.started) {
			return;
		}
		this.report(this.advance(endedView(t.last), t));
	}

	/**
	 * After a restart: streams with pending events and no pending `done` whose run is over (finished,
	 * or its row gone) are replayed and ended; running ones are followed again on their next update.
	 */
	private resumePending(): void {
		if (this.disposed) {
			return;
		}
		const lastOf = new Map<string, OutboxEvent>();
		for (const e of this.deps.outbox.pendingEvents()) {
			lastOf.set(e.stream, e);
		}
		for (const [stream, last] of lastOf) {
			const exp = this.deps.model.getExperiment(stream);
			if (last.kind === 'done' || this.tracked.has(stream) || exp?.status === 'running') {
				continue;
			}
			const t = tracked(last.meta, true);
			this.tracked.set(stream, t);
			this.report(this.advance(exp ?? endedView(detachedRow(stream, last)), t));
		}
	}

	/** A stream with accepted rows or pending events was started in an earlier session. */
	private hasHistory(id: string): boolean {
		const cursor = this.deps.outbox.cursor(id);
		const pending = this.deps.outbox.pendingEvents().some((e) => e.stream === id);
		return pending || Object.keys(cursor.rows).length > 0 || cursor.imageStep >= 0;
	}

	/** Enqueues what the stream still lacks: start, the newest step, the final rows, done. */
	private advance(exp: Experiment, t: Tracked): { ok: true; count: number } | { ok: false; message: string } {
		t.last = exp;
		const finished = exp.status === 'success' || exp.status === 'failed';
		const step = currentStep(exp);
		let count = 0;
		const push = (item: { kind: 'start' | 'data' | 'done'; step?: number; final?: boolean }) => {
			const meta = item.kind === 'done' ? { ...t.meta, ...doneRev(exp) } : t.meta;
			const result = this.deps.outbox.enqueue({ stream: exp.id, meta, ...item });
			if (!result.accepted && result.full && this.deps.outbox.overflow === 'block') {
				this.block(t);
				return false;
			}
			if (!result.accepted) {
				throw new Refused(result.reason);
			}
			count++;
			return true;
		};
		try {
			if (!t.started && !(t.started = push({ kind: 'start' }))) {
				return { ok: true, count };
			}
			// A finished run gets a final data event even without a new step: its last rows still have to go.
			if (step > t.lastStep || (finished && !t.finalQueued)) {
				if (!push({ kind: 'data', step: Math.max(step, 0), final: finished })) {
					return { ok: true, count };
				}
				t.lastStep = Math.max(t.lastStep, step);
				t.finalQueued = finished;
			}
			if (finished && !(t.done = push({ kind: 'done' }))) {
				return { ok: true, count };
			}
		} catch (err) {
			return { ok: false, message: (err as Refused).message };
		}
		return { ok: true, count };
	}

	/** Policy block: one wait for room for all blocked experiments; then each catches up at once. */
	private block(t: Tracked): void {
		t.blocked = true;
		if (this.waitingForRoom) {
			return;
		}
		this.waitingForRoom = true;
		void this.deps.outbox.whenRoom().then(() => {
			this.waitingForRoom = false;
			if (this.disposed) {
				return;
			}
			for (const [id, blocked] of this.tracked) {
				const exp = this.deps.model.getExperiment(id);
				if (blocked.blocked && exp) {
					blocked.blocked = false;
					this.report(this.advance(exp, blocked));
				}
			}
		});
	}

	/** A refusal repeats on every model update while it lasts (e.g. a full outbox): say it once. */
	private report(result: { ok: true } | { ok: false; message: string }): void {
		if (!result.ok && result.message !== this.lastWarning) {
			this.deps.onWarning?.(result.message);
		}
		this.lastWarning = result.ok ? undefined : result.message;
	}

	dispose(): void {
		this.disposed = true;
		this.store.dispose();
	}
}

class Refused extends Error {}

function tracked(meta: EventMeta, started: boolean): Tracked {
	return { meta, started, lastStep: -1, finalQueued: false, manual: false, done: false, blocked: false };
}

/** The row of a run that ended without a row to show it: finished, no experiment commit. */
function endedView(exp: Experiment): Experiment {
	return { ...exp, status: 'success', rev: 'workspace' };
}

function detachedRow(stream: string, last: OutboxEvent): Experiment {
	const progress = last.step === undefined ? {} : { progress: { step: last.step } };
	return blankExperiment({
		id: stream,
		projectId: '',
		kind: 'experiment',
		rev: 'workspace',
		name: last.meta.name,
		status: 'success',
		...progress,
	});
}

function doneRev(exp: Experiment): Partial<EventMeta> {
	return exp.kind === 'experiment' && /^[0-9a-f]{40}$/i.test(exp.rev) ? { experimentRev: exp.rev } : {};
}

/** DVCLive's step: the progress the model read (metrics.json `step`), else the number of rows. */
export function currentStep(exp: Experiment): number {
	if (exp.progress) {
		return exp.progress.step;
	}
	const stepMetric = Object.values(exp.metrics).find((m) => typeof m.step === 'number')?.step;
	return typeof stepMetric === 'number' ? stepMetric : -1;
}
