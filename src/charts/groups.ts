import type { AxisSettings, XAxis } from '../shared/protocol';

/**
 * `runlens.charts.groups`: per-group x units and per-metric y units and bounds (like MetricGroup /
 * MetricScale), merged over the older per-group `runlens.charts.axes`. Keys are a group prefix
 * (`train`), a longer prefix (`train/policy`) or a full metric name; the most specific key wins,
 * and `groups` wins over `axes`. Pure; no `vscode`.
 */
export interface GroupSettings extends AxisSettings {
	/** X column of the group's charts when the panel's axis is `step`: `episode`, `env_step`, any column. */
	xUnit?: string;
	/** Unit of the y values (`%`, `s`, ...): the y axis title unless `yLabel` is set. */
	yUnit?: string;
	/** The metric is a run's progress: shown as a bar in the tree and status bar. */
	progress?: boolean;
}

export type GroupsConfig = Readonly<Record<string, GroupSettings>>;

export interface ChartSettings {
	axes: AxisSettings;
	xUnit?: string;
	yUnit?: string;
	progress?: boolean;
}

/** `train/policy/loss` -> `train`, `train/policy`, `train/policy/loss` (least specific first). */
export function prefixes(metricName: string): string[] {
	const parts = metricName.split('/');
	return parts.map((_p, i) => parts.slice(0, i + 1).join('/'));
}

export function chartSettings(
	metricName: string,
	axes: Readonly<Record<string, AxisSettings>> | undefined,
	groups: GroupsConfig | undefined,
): ChartSettings {
	const slash = metricName.indexOf('/');
	const group = slash > 0 ? metricName.slice(0, slash) : 'metrics';
	const merged: GroupSettings = { ...clean(axes?.[group]) };
	for (const key of [group, ...prefixes(metricName)]) {
		Object.assign(merged, clean(groups?.[key]));
	}
	const { xUnit, yUnit, progress, ...rest } = merged;
	const out: ChartSettings = { axes: rest };
	if (yUnit && rest.yLabel === undefined) {
		out.axes.yLabel = yUnit;
	}
	if (xUnit) {
		out.xUnit = xUnit;
	}
	if (yUnit) {
		out.yUnit = yUnit;
	}
	if (progress) {
		out.progress = true;
	}
	return out;
}

/**
 * The x axis a chart uses: the chart's own choice, else a group's `xUnit` (which replaces the default
 * `step` axis only), else the panel's axis.
 */
export function chartXAxis(panelAxis: XAxis, settings: ChartSettings, choice?: XAxis): XAxis {
	if (choice) {
		return choice;
	}
	return panelAxis === 'step' && settings.xUnit ? settings.xUnit : panelAxis;
}

const STRING_KEYS = ['xLabel', 'yLabel', 'xUnit', 'yUnit'] as const;

/** Settings come from JSON a user typed: keep only well-typed keys. */
function clean(value: unknown): GroupSettings {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return {};
	}
	const v = value as Record<string, unknown>;
	const out: GroupSettings = {};
	for (const key of STRING_KEYS) {
		if (typeof v[key] === 'string' && v[key] !== '') {
			out[key] = v[key];
		}
	}
	for (const key of ['yMin', 'yMax'] as const) {
		if (typeof v[key] === 'number' && Number.isFinite(v[key])) {
			out[key] = v[key];
		}
	}
	if (v.yScale === 'linear' || v.yScale === 'logarithmic') {
		out.yScale = v.yScale;
	}
	if (typeof v.progress === 'boolean') {
		out.progress = v.progress;
	}
	return out;
}

/** Metric names marked `progress: true` (exact names and prefixes both count when matching). */
export function isProgressMetric(metricName: string, groups: GroupsConfig | undefined): boolean {
	return chartSettings(metricName, undefined, groups).progress === true;
}
