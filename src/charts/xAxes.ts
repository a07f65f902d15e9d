import type { MetricSeries, SeriesTable } from '../model/types';
import type { XAxis } from '../shared/protocol';
import type { RunInput } from './runInput';

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

/**
 * X axes of some (run, metric) pairs: step, relative and wall time when a table has `timestamp`,
 * then their tables' other numeric columns.
 */
export function seriesXAxes(pairs: readonly { run: RunInput; metric: MetricSeries }[]): XAxis[] {
	const extra = new Set<string>();
	let timed = false;
	for (const { run, metric } of pairs) {
		const table = run.tables.get(metric.file);
		timed ||= !!table?.data.timestamp;
		for (const column of table?.columns ?? []) {
			const numeric = !table?.labels?.[column];
			if (numeric && column !== 'step' && column !== 'timestamp' && column !== metric.column) {
				extra.add(column);
			}
		}
	}
	return [...(timed ? BASE_AXES : ['step']), ...[...extra].sort()];
}

const NAMES: Readonly<Record<string, string>> = { step: 'Step', relative: 'Relative time', wall: 'Wall time' };

/** The column an axis needs in a series table. */
function axisColumn(axis: XAxis): string {
	return axis === 'relative' || axis === 'wall' ? 'timestamp' : axis;
}

/**
 * Why a chart is not drawn (or not wholly drawn) on the axis it was asked for: its series lack the
 * axis's column. Undefined when every run with the metric is drawn on the wanted axis.
 */
export function axisNote(
	wanted: XAxis,
	used: XAxis,
	entries: readonly { run: RunInput; metric: MetricSeries }[],
	drawn: ReadonlySet<string>,
): string | undefined {
	const name = (axis: XAxis) => NAMES[axis] ?? axis;
	if (drawn.size === 0) {
		return undefined;
	}
	if (used !== wanted) {
		return `${name(wanted)} needs a \`${axisColumn(wanted)}\` column, which these series do not have: drawn against ${name(used)}.`;
	}
	const runs = new Set(entries.map((e) => e.run.experiment.id));
	const lacking = new Set(
		entries
			.filter((e) => !drawn.has(e.run.experiment.id))
			.filter((e) => e.run.tables.get(e.metric.file)?.data[axisColumn(used)] === undefined)
			.map((e) => e.run.experiment.id),
	);
	const missing = lacking.size;
	if (missing === 0) {
		return undefined;
	}
	const of = `${missing} of ${runs.size} runs ${missing === 1 ? 'has' : 'have'}`;
	return `${of} no \`${axisColumn(used)}\` column: not drawn against ${name(used)}.`;
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
