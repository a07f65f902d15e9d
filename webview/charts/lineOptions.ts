import type { ChartOptions, Point, TooltipItem } from 'chart.js';
import type { EventMarker, LineChart } from '../../src/shared/protocol';
import type { Theme } from '../shared/theme';
import { withAlpha } from '../shared/theme';
import { formatX, padded } from './lineData';
import { nearestIndex } from './setup';
import { logTick, numericTick } from './ticks';

export interface LineSettings {
	smoothing: number;
	xAxis: string;
	logY: boolean;
	ignoreOutliers: boolean;
	annotations: boolean;
	hidden: ReadonlySet<string>;
	theme: Theme;
}

/** What the chart knows about each dataset, by dataset index. */
export interface DatasetInfo {
	key: string;
	experimentId: string;
	label: string;
	colour: string;
	role: 'raw' | 'smoothed';
	/** Index of the same line's other dataset (raw <-> smoothed), when smoothing is on. */
	pair?: number;
	points: Point[];
}

export interface OptionsContext {
	data: LineChart;
	settings: LineSettings;
	zoom: [number, number] | undefined;
	infos(): readonly DatasetInfo[];
	onZoomed(): void;
	onEvent(marker: EventMarker | undefined, x: number, y: number): void;
}

/** Chart.js options of one line chart: axes, tooltip, zoom and event markers. */
export function lineOptions(ctx: OptionsContext): ChartOptions<'line'> {
	const { data, settings, zoom } = ctx;
	const t = settings.theme;
	const axes = data.axes;
	const xAxis = data.xAxis ?? settings.xAxis;
	const logY = settings.logY || axes.yScale === 'logarithmic';
	const bounds = settings.ignoreOutliers ? padded(data.outlierBounds) : undefined;
	const scaleStyle = { grid: { color: t.grid }, ticks: { color: t.foreground }, border: { color: t.grid } };
	return {
		parsing: false,
		normalized: true,
		animation: false,
		spanGaps: true,
		responsive: true,
		maintainAspectRatio: false,
		elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5 } },
		interaction: { mode: 'eachNearestX', axis: 'x', intersect: false },
		scales: {
			x: {
				type: 'linear',
				min: zoom?.[0],
				max: zoom?.[1],
				title: { display: true, text: data.xLabel, color: t.muted },
				...scaleStyle,
				ticks: { color: t.foreground, maxTicksLimit: 8, callback: (v) => formatX(Number(v), xAxis) },
			},
			y: {
				type: logY ? 'logarithmic' : 'linear',
				min: axes.yMin ?? bounds?.[0],
				max: axes.yMax ?? bounds?.[1],
				// The metric's name unless a setting names the axis (`yLabel`, or a group's `yUnit`).
				title: { display: true, text: axes.yLabel ?? data.title, color: t.muted },
				...scaleStyle,
				ticks: logY
					? { ...scaleStyle.ticks, autoSkip: true, autoSkipPadding: 8, callback: logTick }
					: { ...scaleStyle.ticks, callback: numericTick },
			},
			// after `y`: Chart.js gives a dataset without `yAxisID` the first y scale it finds
			...rightAxis(data, logY, scaleStyle),
		},
		plugins: {
			legend: { display: false },
			decimation: { enabled: true, algorithm: 'min-max' },
			tooltip: tooltipOptions(ctx, xAxis),
			zoom: {
				zoom: {
					wheel: { enabled: true, modifierKey: 'ctrl' },
					drag: { enabled: true, backgroundColor: withAlpha('#3794ff', 0.15) },
					mode: 'x',
					onZoomComplete: () => ctx.onZoomed(),
				},
				pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: () => ctx.onZoomed() },
			},
			runEvents: { markers: data.events, enabled: settings.annotations, onHover: (m, x, y) => ctx.onEvent(m, x, y) },
		},
	};
}

/** A composed chart's second y axis, on the right, for its metrics in another unit. */
function rightAxis(
	data: LineChart,
	logY: boolean,
	style: { grid: { color: string }; ticks: { color: string }; border: { color: string } },
): ChartOptions<'line'>['scales'] {
	if (!data.series.some((s) => s.yAxis === 'y1')) {
		return {};
	}
	return {
		y1: {
			type: logY ? 'logarithmic' : 'linear',
			position: 'right',
			title: { display: true, text: data.y1Label ?? '', color: style.ticks.color },
			border: style.border,
			grid: { drawOnChartArea: false, color: style.grid.color },
			ticks: logY ? { ...style.ticks, callback: logTick } : { ...style.ticks, callback: numericTick },
		},
	};
}

/**
 * Index-style tooltip: one row per visible run at the hovered x (the nearest point of each line),
 * its smoothed value with the raw one beside it, sorted by value (highest first), in the run's colour.
 */
function tooltipOptions(ctx: OptionsContext, xAxis: string) {
	const info = (item: TooltipItem<'line'>) => ctx.infos()[item.datasetIndex];
	const value = (item: TooltipItem<'line'>) => item.parsed.y ?? NaN;
	return {
		mode: 'eachNearestX' as const,
		intersect: false,
		// A smoothed line stands for its run; its raw partner is shown inside the same row.
		filter: (item: TooltipItem<'line'>) => info(item)?.role === 'smoothed' || info(item)?.pair === undefined,
		itemSort: (a: TooltipItem<'line'>, b: TooltipItem<'line'>) => sortValue(value(b)) - sortValue(value(a)),
		callbacks: {
			title: (items: TooltipItem<'line'>[]) =>
				items[0] ? `${ctx.data.xLabel} ${formatX(items[0].parsed.x ?? NaN, xAxis)}` : '',
			label: (item: TooltipItem<'line'>) => tooltipLabel(ctx.infos(), item),
			labelColor: (item: TooltipItem<'line'>) => {
				const colour = info(item)?.colour ?? '#888';
				return { borderColor: colour, backgroundColor: colour, borderWidth: 1, borderRadius: 2 };
			},
		},
	};
}

function sortValue(v: number): number {
	return Number.isFinite(v) ? v : -Infinity;
}

export function formatValue(v: number | undefined): string {
	if (v === undefined || !Number.isFinite(v)) {
		return String(v ?? '—');
	}
	return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

function tooltipLabel(infos: readonly DatasetInfo[], item: TooltipItem<'line'>): string {
	const info = infos[item.datasetIndex];
	if (!info) {
		return item.dataset.label ?? '';
	}
	const shown = formatValue(item.parsed.y ?? undefined);
	if (info.pair === undefined) {
		return `${info.label}: ${shown}`;
	}
	// By x, not by index: the decimation plugin samples the raw and the smoothed line separately.
	const partner = infos[info.pair]?.points ?? [];
	const x = item.parsed.x ?? NaN;
	const raw = partner.length > 0 ? (partner[nearestIndex(partner as { x: number }[], x)].y ?? undefined) : undefined;
	return `${info.label}: ${shown} (raw ${formatValue(raw)})`;
}
