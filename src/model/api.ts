import type { Event } from '../util/event';
import type { Experiment, Project, SeriesTable } from './types';

/** What changed in one model update. Views refresh only what is named here. */
export interface ModelChange {
	/** Experiment ids whose data (params, metrics, status, series list...) changed. */
	changed: string[];
	/** Experiment ids that no longer exist. */
	removed: string[];
	/** Experiments were added, removed or re-parented: the tree's shape changed. */
	structure: boolean;
}

/** Rows appended to a series file of a (live) experiment, without re-reading the file. */
export interface SeriesAppend {
	experimentId: string;
	file: string;
	table: SeriesTable;
	/** Index of the first new row in `table` (rows before it were already reported). */
	from: number;
	/** True when the file was re-read whole (truncated or rewritten): consumers must reset. */
	reset: boolean;
}

/** Read side of the experiment model, shared by the tree, charts, Studio push and the public API. */
export interface ExperimentsModel {
	readonly onDidChangeExperiments: Event<ModelChange>;
	readonly onDidAppendSeries: Event<SeriesAppend>;
	/** Resolves once the first full scan has finished (tests wait on this, never on sleeps). */
	readonly ready: Promise<void>;
	getProjects(): readonly Project[];
	getExperiments(): readonly Experiment[];
	getExperiment(id: string): Experiment | undefined;
	/** Reads (and caches) one plot-data file of an experiment; undefined if it has none by that name. */
	readSeriesTable(experimentId: string, file: string): Promise<SeriesTable | undefined>;
	/** Raw bytes of a file at the experiment's revision (images, artifacts, read-only documents). */
	readFile(experimentId: string, file: string): Promise<Uint8Array | undefined>;
	/** Force a full rescan. */
	refresh(): Promise<void>;
}
