import type { LineChart, LineSeries } from '../shared/protocol';
import type { ChartSettings } from './groups';

/**
 * Several metrics in one chart (train vs val loss): a composition is an ordered list of metric
 * names drawn together; each metric is in at most one. Units decide the y axes: a metric's
 * `yUnit` setting, else the last part of its name (`loss`, `acc`), so train/loss and eval/loss
 * share one axis and loss beside acc gets a second one on the right. Pure; no `vscode`.
 */
export type Compositions = readonly (readonly string[])[];

export function composedId(metrics: readonly string[]): string {
	return `combo:${JSON.stringify(metrics)}`;
}

export function metricChartId(metricName: string): string {
	return `metric:${metricName}`;
}

/** The chart a metric is drawn in: its composition's, else its own. */
export function chartIdFor(metricName: string, compose: Compositions | undefined): string {
	const group = compose?.find((metrics) => metrics.includes(metricName));
	return group ? composedId(group) : metricChartId(metricName);
}

export function compositionOf(chartId: string, compose: Compositions | undefined): readonly string[] | undefined {
	return compose?.find((metrics) => composedId(metrics) === chartId);
}

/** Compositions from page or workspace state: lists of 2+ distinct names, each name in one list only. */
export function sanitizeCompose(value: unknown): string[][] | undefined {
	if (!Array.isArray(value)) {
		return undefined;
	}
	const seen = new Set<string>();
	const out: string[][] = [];
	for (const entry of value) {
		const names = Array.isArray(entry)
			? [...new Set(entry.filter((n): n is string => typeof n === 'string' && n.length > 0))]
			: [];
		const fresh = names.filter((n) => !seen.has(n));
		if (fresh.length >= 2) {
			fresh.forEach((n) => seen.add(n));
			out.push(fresh);
		}
	}
	return out;
}

export function unitOf(metricName: string, settings: ChartSettings): string {
	return settings.yUnit ?? metricName.split('/').pop() ?? metricName;
}

/**
 * Turns the lines of several metrics into one chart: lines named `<run> · <metric>`, those in
 * another unit than the first metric's on the right axis (`y1`), titles and axis labels by unit.
 */
export function composeChart(
	chart: LineChart,
	metrics: readonly string[],
	metricOfSeries: (series: LineSeries) => string,
	unit: (metricName: string) => string,
): LineChart {
	const left = unit(metrics[0]);
	for (const s of chart.series) {
		const metric = metricOfSeries(s);
		s.label = `${s.label} · ${metric}`;
		s.metricIndex = Math.max(0, metrics.indexOf(metric));
		if (unit(metric) !== left) {
			s.yAxis = 'y1';
		}
	}
	const right = metrics.map(unit).filter((u) => u !== left);
	const y1Label = [...new Set(right)].join(', ');
	return {
		...chart,
		id: composedId(metrics),
		title: metrics.join(' + '),
		metrics: [...metrics],
		axes: { ...chart.axes, yLabel: chart.axes.yLabel ?? left },
		...(y1Label ? { y1Label } : {}),
	};
}
