import type { MetricSeries, SeriesTable } from '../model/types';
import type { AxisSettings, LineChart, LineSeries, XAxis } from '../shared/protocol';
import { dedupeMarkers, eventMarkers } from './events';
import { type ChartSettings, chartSettings, chartXAxis, type GroupsConfig } from './groups';
import { decimate, gather } from './decimate';
import { type LabelFilter, type LabelGroup, labelGroups, labelSignature, matchesLabel, pick } from './labelSplit';
import { outlierBounds } from './outliers';
import type { RunExperiment, RunInput } from './runInput';
import { axisNote, resolveX, seriesXAxes, xAxisLabel } from './xAxes';
import { chartIdFor, type Compositions, composeChart, compositionOf, metricChartId, unitOf } from './compose';
import { type EmaState, smoothWithState } from './smoothing';

export { availableXAxes, type ResolvedX, resolveX, seriesXAxes, xAxisLabel } from './xAxes';

/**
 * Pure shaping of experiment series into the line charts the webview draws: one chart per metric
 * name, one line per selected experiment, grouped by name prefix. No `vscode` here.
 */
export type { RunExperiment, RunInput } from './runInput';

export interface LineOptions {
	xAxis: XAxis;
	smoothing: number;
	/** Buckets per series (about the chart's width in pixels). */
	budget: number;
	/** Per-group axis settings, keyed by group prefix (`runlens.charts.axes`). */
	axes?: Readonly<Record<string, AxisSettings>>;
	/** `runlens.charts.groups`: x units, y units and bounds by group prefix or metric name; wins over `axes`. */
	groups?: GroupsConfig;
	/** Charts' own x axes (chart id -> axis), chosen in the chart's header. */
	chartX?: Readonly<Record<string, XAxis>>;
	/** Metrics drawn together in one chart (compose.ts). */
	compose?: Compositions;
}

const GROUP_ORDER = ['train', 'eval', 'system'];

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
	return metricChartId(metricName);
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
	/** For a series split by a label column: the rows this line draws. */
	label?: LabelFilter;
	/** Distinct label values when built; more on an append means new lines (a new layout). */
	labelValues: number;
	/** The chart's own x axis (a group's `xUnit`); the panel's axis when absent. */
	xAxis?: XAxis;
}

export interface BuiltLine {
	series: LineSeries;
	state: LineState;
	/** Raw finite y values for outlier bounds. */
	y: ArrayLike<number>;
	length: number;
}

/** The lines of one metric of one run: one, or one per label value when the series has a label column. */
export function buildLines(
	run: RunInput,
	metric: MetricSeries,
	opts: LineOptions,
	range?: [number, number],
): BuiltLine[] {
	const table = run.tables.get(metric.file);
	const groups = table && labelGroups(table, [metric.column, metric.x]);
	if (!groups) {
		const one = buildLine(run, metric, opts, range);
		return one ? [one] : [];
	}
	return groups.flatMap((group) => buildLine(run, metric, opts, range, group) ?? []);
}

export function buildLine(
	run: RunInput,
	metric: MetricSeries,
	opts: LineOptions,
	range?: [number, number],
	group?: LabelGroup,
): BuiltLine | undefined {
	const table = run.tables.get(metric.file);
	const fullY = table?.data[metric.column];
	const x = table && resolveX(table, opts.xAxis, metric);
	if (!table || !fullY || !x) {
		return undefined;
	}
	const xs = group ? pick(x.values, group.rows) : x.values;
	const y = group ? pick(fullY, group.rows) : fullY;
	const length = group ? group.rows.length : table.length;
	const { values: smoothed, state } = smoothWithState(y, length, opts.smoothing);
	const full = decimate(xs, y, length, { buckets: opts.budget });
	const picked = range ? decimate(xs, y, length, { x0: range[0], x1: range[1], buckets: opts.budget }) : full;
	const key = seriesKey(run.experiment.id, metric.id) + (group ? `|${group.text}` : '');
	const series: LineSeries = {
		key,
		experimentId: run.experiment.id,
		label: group?.text ? `${run.experiment.name} · ${group.text}` : run.experiment.name,
		colour: run.colour,
		x: gather(xs, picked.indices),
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
		label: group && { columns: group.columns, codes: group.codes },
		labelValues: labelSignature(table, [metric.column, metric.x]),
		xAxis: opts.xAxis,
	};
	return { series, state: lineState, y, length };
}

/** All line charts for the selected runs, ordered by group then name. */
export function buildLineCharts(
	runs: readonly RunInput[],
	opts: LineOptions,
): { charts: LineChart[]; states: LineState[] } {
	const byChart = new Map<string, { run: RunInput; metric: MetricSeries }[]>();
	for (const run of runs) {
		for (const metric of run.experiment.series) {
			const id = chartIdFor(metric.name, opts.compose);
			byChart.set(id, [...(byChart.get(id) ?? []), { run, metric }]);
		}
	}
	const charts: LineChart[] = [];
	const states: LineState[] = [];
	for (const [chartId, entries] of byChart) {
		const composed = compositionOf(chartId, opts.compose);
		const name = composed?.[0] ?? entries[0].metric.name;
		const settings = chartSettings(name, opts.axes, opts.groups);
		const build = (xAxis: XAxis) =>
			entries.flatMap((e) => buildLines(e.run, e.metric, { ...opts, xAxis }).map((built) => ({ ...e, built })));
		const choice = opts.chartX?.[chartId];
		const wanted = chartXAxis(opts.xAxis, settings, choice);
		// No run has the wanted axis's column (a group's xUnit, no `timestamp` for time axes): the
		// panel's axis, else step, still shows the metric, and the chart says why.
		let xAxis = wanted;
		let pairs = build(xAxis);
		for (const fallback of [opts.xAxis, 'step']) {
			const lines = pairs.length === 0 && fallback !== xAxis ? build(fallback) : [];
			if (lines.length > 0) {
				[xAxis, pairs] = [fallback, lines];
			}
		}
		pairs.forEach((p) => (p.built.state.chartId = chartId));
		states.push(...pairs.map((p) => p.built.state));
		let chart = assembleChart(name, pairs, { ...opts, xAxis }, settings, choice);
		if (composed) {
			const metricOf = new Map(pairs.map((p) => [p.built.series.key, p.metric.name]));
			const unit = (m: string) => unitOf(m, chartSettings(m, opts.axes, opts.groups));
			chart = composeChart(chart, composed, (s) => metricOf.get(s.key) ?? name, unit);
		}
		chart.xAxes = seriesXAxes(entries);
		const note = axisNote(wanted, xAxis, entries, new Set(pairs.map((p) => p.run.experiment.id)));
		if (note) {
			chart.note = note;
		}
		charts.push(chart);
	}
	charts.sort((a, b) => compareGroups(a.group, b.group) || a.title.localeCompare(b.title));
	return { charts, states };
}

function assembleChart(
	name: string,
	pairs: { run: RunInput; metric: MetricSeries; built?: BuiltLine }[],
	opts: LineOptions,
	settings: ChartSettings,
	choice?: XAxis,
): LineChart {
	const group = metricGroup(name);
	const built = pairs.flatMap((p) => p.built ?? []);
	const series = built.map((b) => b.series);
	const chart: LineChart = {
		id: chartIdOf(name),
		group,
		title: name,
		// A group's xLabel names the group's x: a chart's own choice is labelled by its column.
		xLabel: (choice ? undefined : settings.axes.xLabel) ?? xAxisLabel(opts.xAxis),
		xAxis: opts.xAxis,
		...(choice ? { xChoice: choice } : {}),
		axes: settings.axes,
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
	const resolved = resolveX(table, state.xAxis ?? xAxis, state.metric, state.t0);
	if (!y || !resolved) {
		return undefined;
	}
	const out = { x: [] as number[], y: [] as number[], smoothed: smoothing > 0 ? ([] as number[]) : undefined };
	for (let i = state.rows; i < table.length; i++) {
		if (state.label && !matchesLabel(table, state.label, i)) {
			continue;
		}
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
