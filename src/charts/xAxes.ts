import type { MetricSeries, SeriesTable } from '../model/types';
import type { XAxis } from '../shared/protocol';
import type { RunInput } from './chartModel';

/** X axes of line charts: the standard three and any other numeric column of a series table. */
const BASE_AXES: XAxis[] = ['step', 'relative', 'wall'];

export function xAxisLabel(axis: XAxis): string {
	switch (axis) {
		case 'step':
			return 'step';
		case 'relative':
			return 'relative time (s)';
		case 'wall':
			return 'wall time';
		default:
			return axis;
	}
}

/** X axes to offer: the three standard ones, then every other numeric column of the loaded tables. */
export function availableXAxes(runs: readonly RunInput[]): XAxis[] {
	return seriesXAxes(runs.flatMap((run) => run.experiment.series.map((metric) => ({ run, metric }))));
}

/** X axes of some (run, metric) pairs: the standard three, then their tables' other numeric columns. */
export function seriesXAxes(pairs: readonly { run: RunInput; metric: MetricSeries }[]): XAxis[] {
	const extra = new Set<string>();
	for (const { run, metric } of pairs) {
		const table = run.tables.get(metric.file);
		for (const column of table?.columns ?? []) {
			const numeric = !table?.labels?.[column];
			if (numeric && column !== 'step' && column !== 'timestamp' && column !== metric.column) {
				extra.add(column);
			}
		}
	}
	return [...BASE_AXES, ...[...extra].sort()];
}

export interface ResolvedX {
	values: ArrayLike<number>;
	/** For `relative`: the run's first timestamp (ms), so appends use the same origin. */
	t0?: number;
}

/** X values of a table for an axis; undefined when the table lacks the column that axis needs. */
export function resolveX(
	table: SeriesTable,
	axis: XAxis,
	metric: Pick<MetricSeries, 'x'>,
	t0?: number,
): ResolvedX | undefined {
	if (axis === 'step') {
		const column = table.data[metric.x] ?? table.data.step;
		return { values: column ?? indexColumn(table.length) };
	}
	if (axis === 'relative' || axis === 'wall') {
		const ts = table.data.timestamp;
		if (!ts) {
			return undefined;
		}
		if (axis === 'wall') {
			return { values: ts };
		}
		const origin = t0 ?? firstFinite(ts, table.length);
		const rel = new Float64Array(table.length);
		for (let i = 0; i < table.length; i++) {
			rel[i] = (ts[i] - origin) / 1000;
		}
		return { values: rel, t0: origin };
	}
	const column = table.data[axis];
	return column ? { values: column } : undefined;
}

function indexColumn(length: number): Float64Array {
	const out = new Float64Array(length);
	for (let i = 0; i < length; i++) {
		out[i] = i;
	}
	return out;
}

function firstFinite(values: ArrayLike<number>, length: number): number {
	for (let i = 0; i < length; i++) {
		if (Number.isFinite(values[i])) {
			return values[i];
		}
	}
	return 0;
}
