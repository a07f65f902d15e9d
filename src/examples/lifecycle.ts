import type { ModelChange } from '../model/api';
import type { Experiment, ParamValue, RunEvent } from '../model/types';
import { Emitter } from '../util/event';
import type { Disposable, Event } from '../util/event';

/**
 * Records the run lifecycle Runlens observes from model changes (run started, step completed,
 * run finished/failed) plus events other features report (Studio pushes), as RunEvents with
 * `origin: 'runlens'`. Memory is bounded per experiment; step events are coalesced so a run
 * logging every few ms does not flood the list.
 */

export interface LifecycleModel {
	readonly onDidChangeExperiments: Event<ModelChange>;
	getExperiment(id: string): Experiment | undefined;
	getExperiments(): readonly Experiment[];
}

export interface LifecycleOptions {
	maxPerExperiment?: number;
	/** Step-completed events closer than this to the previous one update it instead of adding one. */
	coalesceMs?: number;
	now?: () => number;
}

export interface RecordedEvent {
	experimentId: string;
	event: RunEvent;
}

export const LIFECYCLE_SOURCE = 'runlens';
export const STEP_COMPLETED = 'step completed';

interface Seen {
	status: Experiment['status'];
	step?: number;
}

export class LifecycleRecorder implements Disposable {
	private readonly events = new Map<string, RunEvent[]>();
	private readonly seen = new Map<string, Seen>();
	private readonly emitter = new Emitter<RecordedEvent>();
	private readonly subscription: Disposable;
	private readonly max: number;
	private readonly coalesceMs: number;
	private readonly now: () => number;
	readonly onDidRecord = this.emitter.event;

	constructor(
		private readonly model: LifecycleModel,
		opts: LifecycleOptions = {},
	) {
		this.max = opts.maxPerExperiment ?? 500;
		this.coalesceMs = opts.coalesceMs ?? 10_000;
		this.now = opts.now ?? Date.now;
		// What exists at start-up is history, not something observed happening now.
		for (const exp of model.getExperiments()) {
			this.seen.set(exp.id, { status: exp.status, step: exp.progress?.step });
		}
		this.subscription = model.onDidChangeExperiments((change) => this.observe(change));
	}

	/** Entry point for other features (e.g. Studio push outcome): `source` defaults to `runlens`. */
	record(experimentId: string, event: Omit<RunEvent, 'origin'>): RunEvent {
		const full: RunEvent = { source: LIFECYCLE_SOURCE, wallclock: this.now(), ...event, origin: 'runlens' };
		const list = this.events.get(experimentId) ?? [];
		list.push(full);
		if (list.length > this.max) {
			list.splice(0, list.length - this.max);
		}
		this.events.set(experimentId, list);
		this.emitter.fire({ experimentId, event: full });
		return full;
	}

	recorded(experimentId: string): readonly RunEvent[] {
		return this.events.get(experimentId) ?? [];
	}

	/** File events (events.jsonl) and recorded ones, newest first, optionally of one source. */
	eventsFor(experimentId: string, source?: string): RunEvent[] {
		const fileEvents = this.model.getExperiment(experimentId)?.events ?? [];
		return mergeEvents(fileEvents, this.recorded(experimentId), source);
	}

	private observe(change: ModelChange): void {
		for (const id of change.removed) {
			this.seen.delete(id);
			this.events.delete(id);
		}
		for (const id of change.changed) {
			const exp = this.model.getExperiment(id);
			if (exp) {
				this.compare(exp);
			}
		}
	}

	private compare(exp: Experiment): void {
		const before = this.seen.get(exp.id);
		const step = exp.progress?.step;
		this.seen.set(exp.id, { status: exp.status, step });
		if (exp.status === 'running' && before?.status !== 'running') {
			this.record(exp.id, { name: 'run started', ...(step === undefined ? {} : { step }) });
		}
		if (step !== undefined && exp.status === 'running' && (before?.step === undefined || step > before.step)) {
			this.stepCompleted(exp.id, step, before?.step);
		}
		if (before?.status === 'running' && (exp.status === 'success' || exp.status === 'failed')) {
			const name = exp.status === 'success' ? 'run finished' : 'run failed';
			this.record(exp.id, { name, ...(step === undefined ? {} : { step }) });
		}
	}

	private stepCompleted(id: string, step: number, previous: number | undefined): void {
		const list = this.events.get(id);
		const last = list?.[list.length - 1];
		const now = this.now();
		if (last && last.name === STEP_COMPLETED && now - (last.wallclock ?? 0) < this.coalesceMs) {
			const count = Number(last.metadata?.steps ?? 1) + (previous === undefined ? 1 : step - previous);
			last.step = step;
			last.metadata = { ...last.metadata, steps: count, last_wallclock: now };
			this.emitter.fire({ experimentId: id, event: last });
			return;
		}
		const metadata: Record<string, ParamValue> = { steps: previous === undefined ? 1 : step - previous };
		this.record(id, { name: STEP_COMPLETED, step, metadata });
	}

	dispose(): void {
		this.subscription.dispose();
		this.emitter.dispose();
	}
}

/** Newest first by wallclock, then by step; events with neither keep their reverse file order at the end. */
export function mergeEvents(
	fileEvents: readonly RunEvent[],
	recorded: readonly RunEvent[],
	source?: string,
): RunEvent[] {
	const all = [...fileEvents, ...recorded]
		.map((event, i) => ({ event, i }))
		.filter(
			({ event }) =>
				source === undefined || (event.source ?? (event.origin === 'file' ? 'file' : LIFECYCLE_SOURCE)) === source,
		);
	all.sort((x, y) => {
		const wx = x.event.wallclock ?? -Infinity;
		const wy = y.event.wallclock ?? -Infinity;
		if (wx !== wy) {
			return wy - wx;
		}
		const sx = x.event.step ?? -Infinity;
		const sy = y.event.step ?? -Infinity;
		return sx !== sy ? sy - sx : y.i - x.i;
	});
	return all.map(({ event }) => event);
}

/** Distinct sources, for the tree's "filter by source". */
export function eventSources(events: readonly RunEvent[]): string[] {
	return [...new Set(events.map((e) => e.source ?? (e.origin === 'file' ? 'file' : LIFECYCLE_SOURCE)))].sort();
}
