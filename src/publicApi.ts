import type { ExperimentsModel } from './model/api';
import type { ExperimentStatus, FlatValues } from './model/types';
import type { Event } from './util/event';

/**
 * The versioned API `activate()` returns, in the spirit of the built-in Git extension's API:
 * `vscode.extensions.getExtension('runlens.runlens').exports` (after activation). Version 1 is
 * additive-only; a breaking change gets `version: 2` next to it.
 */
export interface ExperimentSummary {
	id: string;
	projectRoot: string;
	/** `workspace` or a full commit sha. */
	revision: string;
	name: string;
	/** Baseline commit sha for experiments; undefined for the workspace and commits. */
	baseline?: string;
	status: ExperimentStatus;
	/** `file:key` → value (flattened with `.` as DVC does). */
	params: FlatValues;
	metrics: FlatValues;
}

export interface SeriesData {
	experimentId: string;
	metric: string;
	file: string;
	/** x values (the series' own x column, `step` for DVCLive). */
	x: Float64Array;
	y: Float64Array;
	/** Other numeric columns of the same rows, e.g. `timestamp`, `episode`, `env_step`. */
	columns: Record<string, Float64Array>;
	/** Text columns of the same rows (a label such as `env=cartpole`), one entry per row; '' where empty. */
	labels: Record<string, string[]>;
}

export interface RunlensApiV1 {
	readonly version: 1;
	/** Resolves when the first scan of the workspace has finished. */
	readonly ready: Promise<void>;
	listExperiments(): ExperimentSummary[];
	/** A metric's series by its name (`train/loss`) or series id (`file#column`). */
	readSeries(experimentId: string, metric: string): Promise<SeriesData | undefined>;
	readonly onDidChangeExperiments: Event<{ changed: string[]; removed: string[] }>;
}

export type RunlensApi = RunlensApiV1 & { testing?: Record<string, unknown> };

function prefixed(values: Record<string, FlatValues>): FlatValues {
	const out: FlatValues = {};
	for (const [file, flat] of Object.entries(values)) {
		for (const [key, value] of Object.entries(flat)) {
			out[`${file}:${key}`] = value;
		}
	}
	return out;
}

export function createPublicApi(model: ExperimentsModel): RunlensApiV1 {
	return {
		version: 1,
		ready: model.ready,
		onDidChangeExperiments: (listener) =>
			model.onDidChangeExperiments((e) => listener({ changed: e.changed, removed: e.removed })),
		listExperiments: () =>
			model.getExperiments().map((e) => ({
				id: e.id,
				projectRoot: model.getProjects().find((p) => p.id === e.projectId)?.root ?? '',
				revision: e.rev,
				name: e.name,
				baseline: e.baselineSha,
				status: e.status,
				params: prefixed(e.params),
				metrics: prefixed(e.metrics),
			})),
		readSeries: async (experimentId, metric) => {
			const exp = model.getExperiment(experimentId);
			const series = exp?.series.find((s) => s.name === metric || s.id === metric);
			if (!exp || !series) {
				return undefined;
			}
			const table = await model.readSeriesTable(experimentId, series.file);
			if (!table) {
				return undefined;
			}
			const slice = (col: string) => (table.data[col] ?? new Float64Array(0)).slice(0, table.length);
			const columns: Record<string, Float64Array> = {};
			for (const col of table.columns) {
				if (col !== series.column && col !== series.x) {
					columns[col] = slice(col);
				}
			}
			const labels: Record<string, string[]> = {};
			for (const [col, { codes, values }] of Object.entries(table.labels ?? {})) {
				labels[col] = Array.from(codes.subarray(0, table.length), (c) => (c >= 0 ? values[c] : ''));
			}
			return {
				experimentId,
				metric: series.name,
				file: series.file,
				x: slice(series.x),
				y: slice(series.column),
				columns,
				labels,
			};
		},
	};
}
