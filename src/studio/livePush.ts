/**
 * Follows the experiment model and feeds the outbox: `start` when a running experiment is first seen,
 * a (coalesced) `data` event when its step advances, a final `data` and `done` when it ends. Pushes
 * running experiments when live push is on, or when the user pushed that one by hand.
 */
import type { ExperimentsModel } from '../model/api';
import type { Experiment, ParamValue, RunEvent } from '../model/types';
import { DisposableStore } from '../util/disposable';
import type { Disposable } from '../util/event';
import type { EventMeta } from './events';
import type { Outbox, OutboxSender, SendOutcome } from './outbox';

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
}

export type PushResult = { ok: true; events: number } | { ok: false; message: string };

export class LivePush implements Disposable {
	private readonly store = new DisposableStore();
	private readonly tracked = new Map<string, Tracked>();
	private waitingForRoom = false;
	private lastWarning: string | undefined;
	private disposed = false;

	constructor(private readonly deps: LivePushDeps) {
		this.store.add(deps.model.onDidChangeExperiments((change) => change.changed.forEach((id) => this.update(id))));
		this.store.add(deps.model.onDidAppendSeries((append) => this.update(append.experimentId)));
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
			if (exp.status !== 'running' || !this.deps.isLiveEnabled()) {
				return;
			}
			const meta = this.deps.metaOf(exp);
			if (typeof meta === 'string') {
				this.deps.onWarning?.(meta);
				return;
			}
			const t = tracked(meta, this.hasHistory(id));
			this.tracked.set(id, t);
			this.report(this.advance(exp, t));
			return;
		}
		this.report(this.advance(exp, known));
	}

	/** A stream with accepted rows or pending events was started in an earlier session. */
	private hasHistory(id: string): boolean {
		const cursor = this.deps.outbox.cursor(id);
		const pending = this.deps.outbox.pendingEvents().some((e) => e.stream === id);
		return pending || Object.keys(cursor.rows).length > 0 || cursor.imageStep >= 0;
	}

	/** Enqueues what the stream still lacks: start, the newest step, the final rows, done. */
	private advance(exp: Experiment, t: Tracked): { ok: true; count: number } | { ok: false; message: string } {
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

/** The LifecycleRecorder's entry point for other features. */
export interface PushRecorder {
	record(experimentId: string, event: Omit<RunEvent, 'origin'>): unknown;
}

export const STUDIO_PUSH = 'studio push';
export const STUDIO_SOURCE = 'studio';

/**
 * Every push outcome lands in the experiment's lifecycle (`studio push`, source `studio`), except a
 * live run's accepted intermediate data posts: one per step would bury everything else.
 */
export function recordingSender(sender: OutboxSender, recorder: PushRecorder): OutboxSender {
	return {
		async send(event, cursor) {
			let outcome: SendOutcome;
			try {
				outcome = await sender.send(event, cursor);
			} catch (err) {
				recordPush(recorder, event.stream, { outcome: 'error', event: event.kind, message: String(err) }, event.step);
				throw err;
			}
			if (!(outcome.kind === 'ok' && event.kind === 'data' && !event.final)) {
				const metadata: Record<string, ParamValue> = { outcome: outcomeName(outcome), event: event.kind };
				if (outcome.kind !== 'ok') {
					metadata.message = outcome.message;
				}
				recordPush(recorder, event.stream, metadata, event.step);
			}
			return outcome;
		},
	};
}

/** A push that never reached the outbox (untrusted, not configured, outbox full). */
export function recordPushRefused(recorder: PushRecorder, experimentId: string, message: string): void {
	recordPush(recorder, experimentId, { outcome: 'refused', message });
}

function recordPush(
	recorder: PushRecorder,
	experimentId: string,
	metadata: Record<string, ParamValue>,
	step?: number,
): void {
	const withStep = step === undefined ? metadata : { ...metadata, step };
	recorder.record(experimentId, {
		name: STUDIO_PUSH,
		source: STUDIO_SOURCE,
		...(step === undefined ? {} : { step }),
		metadata: withStep,
	});
}

function outcomeName(outcome: SendOutcome): string {
	return outcome.kind === 'ok' ? 'accepted' : outcome.kind;
}
