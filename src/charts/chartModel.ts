import type { Experiment, MetricSeries, SeriesTable } from '../model/types';
import type { AxisSettings, LineChart, LineSeries, XAxis } from '../shared/protocol';
import { dedupeMarkers, eventMarkers } from './events';
import { decimate, gather } from './decimate';
import { outlierBounds } from './outliers';
import { type EmaState, smoothWithState } from './smoothing';

/**
 * Pure shaping of experiment series into the line charts the webview draws: one chart per metric
 * name, one line per selected experiment, grouped by name prefix. No `vscode` here.
 */
export type RunExperiment = Pick<Experiment, 'id' | 'name' | 'series' | 'events' | 'images' | 'plots'>;

export interface RunInput {
	experiment: RunExperiment;
	colour: string;
	/** Loaded series tables of this experiment, by file. */
	tables: ReadonlyMap<string, SeriesTable>;
}

export interface LineOptions {
	xAxis: XAxis;
	smoothing: number;
	/** Buckets per series (about the chart's width in pixels). */
	budget: number;
	/** Per-group axis settings, keyed by group prefix (`runlens.charts.axes`). */
	axes?: Readonly<Record<string, AxisSettings>>;
}

const GROUP_ORDER = ['train', 'eval', 'system'];
const BASE_AXES: XAxis[] = ['step', 'relative', 'wall'];

export function metricGroup(name: string): string {
	const slash = name.indexOf('/');
	return slash > 0 ? name.slice(0, slash) : 'metrics';
}

export function compareGroups(a: string, b: string): number {
	const ia = GROUP_ORDER.indexOf(a);
	const ib = GROUP_ORDER.indexOf(b);
	if (ia !== ib) {
		return (ia < 0 ? GROUP_ORDER.length : ia) - (ib < 0 ? GROUP_ORDER.length : ib);
	}
	return a.localeCompare(b);
}

export function seriesKey(experimentId: string, seriesId: string): string {
	return `${experimentId}::${seriesId}`;
}

export function chartIdOf(metricName: string): string {
	return `metric:${metricName}`;
}

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
	const extra = new Set<string>();
	for (const run of runs) {
		for (const metric of run.experiment.series) {
			const table = run.tables.get(metric.file);
			for (const column of table?.columns ?? []) {
				if (column !== 'step' && column !== 'timestamp' && column !== metric.column) {
					extra.add(column);
				}
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

/** State the host keeps per drawn line so live appends continue it exactly. */
export interface LineState {
	key: string;
	chartId: string;
	experimentId: string;
	metric: MetricSeries;
	ema: EmaState;
	t0?: number;
	/** Rows of the table already covered (the next append starts here). */
	rows: number;
	total: number;
	/** Points appended since the line was last bucketed (bounded by a re-bucketing range reply). */
	appended: number;
}

export interface BuiltLine {
	series: LineSeries;
	state: LineState;
	/** Raw finite y values for outlier bounds. */
	y: ArrayLike<number>;
	length: number;
}

export function buildLine(
	run: RunInput,
	metric: MetricSeries,
	opts: LineOptions,
	range?: [number, number],
): BuiltLine | undefined {
	const table = run.tables.get(metric.file);
	const y = table?.data[metric.column];
	const x = table && resolveX(table, opts.xAxis, metric);
	if (!table || !y || !x) {
		return undefined;
	}
	const { values: smoothed, state } = smoothWithState(y, table.length, opts.smoothing);
	const full = decimate(x.values, y, table.length, { buckets: opts.budget });
	const picked = range
		? decimate(x.values, y, table.length, { x0: range[0], x1: range[1], buckets: opts.budget })
		: full;
	const key = seriesKey(run.experiment.id, metric.id);
	const series: LineSeries = {
		key,
		experimentId: run.experiment.id,
		label: run.experiment.name,
		colour: run.colour,
		x: gather(x.values, picked.indices),
		y: gather(y, picked.indices),
		total: full.inRange,
		sampled: picked.sampled,
	};
	if (opts.smoothing > 0) {
		series.smoothed = gather(smoothed, picked.indices);
	}
	const lineState: LineState = {
		key,
		chartId: chartIdOf(metric.name),
		experimentId: run.experiment.id,
		metric,
		ema: state,
		t0: x.t0,
		rows: table.length,
		total: full.inRange,
		appended: 0,
	};
	return { series, state: lineState, y, length: table.length };
}

/** All line charts for the selected runs, ordered by group then name. */
export function buildLineCharts(
	runs: readonly RunInput[],
	opts: LineOptions,
): { charts: LineChart[]; states: LineState[] } {
	const byName = new Map<string, { run: RunInput; metric: MetricSeries }[]>();
	for (const run of runs) {
		for (const metric of run.experiment.series) {
			const list = byName.get(metric.name) ?? [];
			list.push({ run, metric });
			byName.set(metric.name, list);
		}
	}
	const charts: LineChart[] = [];
	const states: LineState[] = [];
	for (const [name, entries] of byName) {
		const pairs = entries.map((entry) => ({ ...entry, built: buildLine(entry.run, entry.metric, opts) }));
		states.push(...pairs.flatMap((p) => p.built?.state ?? []));
		charts.push(assembleChart(name, pairs, opts));
	}
	charts.sort((a, b) => compareGroups(a.group, b.group) || a.title.localeCompare(b.title));
	return { charts, states };
}

function assembleChart(
	name: string,
	pairs: { run: RunInput; metric: MetricSeries; built?: BuiltLine }[],
	opts: LineOptions,
): LineChart {
	const group = metricGroup(name);
	const built = pairs.flatMap((p) => p.built ?? []);
	const series = built.map((b) => b.series);
	const chart: LineChart = {
		id: chartIdOf(name),
		group,
		title: name,
		xLabel: opts.axes?.[group]?.xLabel ?? xAxisLabel(opts.xAxis),
		axes: { ...opts.axes?.[group] },
		series,
		events: pairs.flatMap((p) => (p.built ? eventMarkers(p.run, opts.xAxis, p.built.state.t0) : [])),
		outlierBounds: outlierBounds(built.map((b) => ({ values: b.y, length: b.length }))),
		xExtent: extent(series),
	};
	// The same run's events would repeat once per metric file: keep one marker per (run, event, x).
	chart.events = dedupeMarkers(chart.events);
	return chart;
}

export function extent(series: readonly LineSeries[]): [number, number] | undefined {
	let lo = Infinity;
	let hi = -Infinity;
	for (const s of series) {
		for (const v of s.x) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
	}
	return lo <= hi ? [lo, hi] : undefined;
}

/** New points of a live line from `state.rows` to the table's end, advancing the state. */
export function appendPoints(
	state: LineState,
	table: SeriesTable,
	xAxis: XAxis,
	smoothing: number,
): { x: number[]; y: number[]; smoothed?: number[] } | undefined {
	const y = table.data[state.metric.column];
	const resolved = resolveX(table, xAxis, state.metric, state.t0);
	if (!y || !resolved) {
		return undefined;
	}
	const out = { x: [] as number[], y: [] as number[], smoothed: smoothing > 0 ? ([] as number[]) : undefined };
	for (let i = state.rows; i < table.length; i++) {
		const s = state.ema.next(y[i]);
		if (Number.isFinite(y[i]) && Number.isFinite(resolved.values[i])) {
			out.x.push(resolved.values[i]);
			out.y.push(y[i]);
			out.smoothed?.push(s);
			state.total++;
			state.appended++;
		}
	}
	state.rows = table.length;
	return out;
}

/** What decides the charts' layout for one experiment; data changes alone arrive as appends. */
export function shapeKey(e: RunExperiment): string {
	return JSON.stringify([
		e.name,
		e.series.map((s) => s.id),
		e.plots.map((p) => p.id),
		e.images.map((i) => i.file),
		e.events.length,
	]);
}
