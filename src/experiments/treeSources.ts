import { mergeEvents } from '../examples/lifecycle';
import type { RecordedEvent } from '../examples/lifecycle';
import type { ExampleTableRef, Experiment, RunEvent } from '../model/types';
import { Emitter } from '../util/event';
import type { Disposable, Event } from '../util/event';
import type { TableValidator } from './tableValidation';

/**
 * What the tree shows under an experiment beyond the model's own data: its events merged with the
 * lifecycle Runlens recorded, and its tables as validated. `version` changes whenever either changes
 * for that experiment, so the tree builder's per-experiment memo knows when to rebuild.
 */
export interface DetailSources {
	/** Newest first; only `source`'s when given. */
	events(exp: Experiment, source?: string): RunEvent[];
	tables(exp: Experiment): readonly ExampleTableRef[];
	version(experimentId: string): number;
}

/** The model's data alone (file events, tables as found): for tests and a tree without extras. */
export const modelOnlySources: DetailSources = {
	events: (exp, source) => mergeEvents(exp.events, [], source),
	tables: (exp) => exp.tables,
	version: () => 0,
};

export interface EventRecorder {
	readonly onDidRecord: Event<RecordedEvent>;
	eventsFor(experimentId: string, source?: string): RunEvent[];
}

export class ExperimentDetailSources implements DetailSources, Disposable {
	private readonly versions = new Map<string, number>();
	private readonly emitter = new Emitter<string>();
	/** Fires with the experiment id whose events or tables changed. */
	readonly onDidChange = this.emitter.event;
	private readonly subscriptions: Disposable[];

	constructor(
		private readonly recorder: EventRecorder,
		private readonly validator: TableValidator,
	) {
		this.subscriptions = [
			recorder.onDidRecord((e) => this.bump(e.experimentId)),
			validator.onDidValidate((id) => this.bump(id)),
		];
	}

	events(exp: Experiment, source?: string): RunEvent[] {
		return this.recorder.eventsFor(exp.id, source);
	}

	tables(exp: Experiment): readonly ExampleTableRef[] {
		return exp.tables.length === 0 ? exp.tables : this.validator.tablesOf(exp);
	}

	version(experimentId: string): number {
		return this.versions.get(experimentId) ?? 0;
	}

	forget(experimentId: string): void {
		this.versions.delete(experimentId);
		this.validator.forget(experimentId);
	}

	private bump(experimentId: string): void {
		this.versions.set(experimentId, this.version(experimentId) + 1);
		this.emitter.fire(experimentId);
	}

	dispose(): void {
		this.subscriptions.forEach((s) => s.dispose());
		this.emitter.dispose();
	}
}
