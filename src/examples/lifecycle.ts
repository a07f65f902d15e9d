import type { ModelChange } from '../model/api';
import type { Experiment, ParamValue, RunEvent, SeriesTable } from '../model/types';
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
	/** For a run first seen mid-way: its series' first row says when and at which step it started. */
	readSeriesTable?(experimentId: string, file: string): Promise<SeriesTable | undefined>;
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
export const RUN_STARTED = 'run started';

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
	private disposed = false;

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
			this.started(exp, step);
		}
		if (step !== undefined && exp.status === 'running' && (before?.step === undefined || step > before.step)) {
			this.stepCompleted(exp.id, step, before?.step);
		}
		if (before?.status === 'running' && (exp.status === 'success' || exp.status === 'failed')) {
			const name = exp.status === 'success' ? 'run finished' : 'run failed';
			this.record(exp.id, { name, ...(step === undefined ? {} : { step }) });
		}
	}

	/**
	 * A run seen at its first step was seen starting. One already past it started before Runlens
	 * looked: that is recorded as what was observed ("first seen at step 8"), and the start itself
	 * comes from the run's own files (the series' first row: its step and DVCLive's timestamp).
	 */
	private started(exp: Experiment, step: number | undefined): void {
		if (step === undefined || step <= 0) {
			this.record(exp.id, { name: RUN_STARTED, ...(step === undefined ? {} : { step }) });
			return;
		}
		this.record(exp.id, { name: `first seen at step ${step}`, step, metadata: { observed: true } });
		void this.startFromFiles(exp).then((start) => {
			if (start && !this.disposed && this.seen.has(exp.id)) {
				this.record(exp.id, { name: RUN_STARTED, ...start });
			}
		});
	}

	private async startFromFiles(exp: Experiment): Promise<Omit<RunEvent, 'name' | 'origin'> | undefined> {
		const read = this.model.readSeriesTable?.bind(this.model);
		if (!read) {
			return undefined;
		}
		const files = [...new Set(exp.series.map((s) => s.file))];
		for (const file of files) {
			const start = seriesStart(await read(exp.id, file).catch(() => undefined));
			if (start) {
				return { ...start, metadata: { from: file } };
			}
		}
		return undefined;
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
		this.disposed = true;
		this.subscription.dispose();
		this.emitter.dispose();
	}
}

/**
 * Where a series says its run started: the step of its first row, and that row's `timestamp`
 * (DVCLive's, Unix ms) when it has one. `wallclock: undefined` is kept: "when" is not known.
 */
export function seriesStart(
	table: SeriesTable | undefined,
): { step: number; wallclock: number | undefined } | undefined {
	const steps = table?.data.step;
	if (!table || !steps || table.length === 0 || !Number.isFinite(steps[0])) {
		return undefined;
	}
	const ts = table.data.timestamp?.[0];
	return { step: steps[0], wallclock: ts !== undefined && Number.isFinite(ts) && ts > 0 ? ts : undefined };
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
