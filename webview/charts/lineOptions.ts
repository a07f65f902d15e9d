import type { ChartOptions, Point, TooltipItem, TooltipModel } from 'chart.js';
import type { EventMarker, LineChart } from '../../src/shared/protocol';
import type { Theme } from '../shared/theme';
import { withAlpha } from '../shared/theme';
import { formatX, padded } from './lineData';
import { cursorX, nearestIndex } from './setup';
import { logTick, numericTick, thinLogLabels } from './ticks';

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
					? { ...scaleStyle.ticks, autoSkip: false, callback: logTick }
					: { ...scaleStyle.ticks, callback: numericTick },
				...(logY ? { afterTickToLabelConversion: thinLogLabels } : {}),
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
			ticks: logY ? { ...style.ticks, autoSkip: false, callback: logTick } : { ...style.ticks, callback: numericTick },
			...(logY ? { afterTickToLabelConversion: thinLogLabels } : {}),
		},
	};
}

/**
 * Index-style tooltip: one row per visible run at the hovered x (the nearest point of each line),
 * its smoothed value with the raw one beside it, sorted by value (highest first), in the run's colour.
 * Runs log different steps: the title is the x of the point nearest the pointer, and a row whose
 * nearest point lies elsewhere says at which x its value is.
 */
function tooltipOptions(ctx: OptionsContext, xAxis: string) {
	const info = (item: TooltipItem<'line'>) => ctx.infos()[item.datasetIndex];
	const value = (item: TooltipItem<'line'>) => item.parsed.y ?? NaN;
	const atX = (x: number | undefined) => (x === undefined ? '' : `${ctx.data.xLabel} ${formatX(x, xAxis)}`);
	return {
		mode: 'eachNearestX' as const,
		intersect: false,
		// A smoothed line stands for its run; its raw partner is shown inside the same row.
		filter: (item: TooltipItem<'line'>) => info(item)?.role === 'smoothed' || info(item)?.pair === undefined,
		itemSort: (a: TooltipItem<'line'>, b: TooltipItem<'line'>) => sortValue(value(b)) - sortValue(value(a)),
		callbacks: {
			title: (items: TooltipItem<'line'>[]) => atX(hoveredX(items)),
			label(this: TooltipModel<'line'>, item: TooltipItem<'line'>) {
				const text = tooltipLabel(ctx.infos(), item);
				const x = item.parsed.x ?? undefined;
				return x === hoveredX(this.dataPoints ?? []) ? text : `${text} \u00b7 ${atX(x)}`;
			},
			labelColor: (item: TooltipItem<'line'>) => {
				const colour = info(item)?.colour ?? '#888';
				return { borderColor: colour, backgroundColor: colour, borderWidth: 1, borderRadius: 2 };
			},
		},
	};
}

/** The x of the tooltip point nearest the pointer (by pixel), which the title shows. */
function hoveredX(items: readonly TooltipItem<'line'>[]): number | undefined {
	if (items.length === 0) {
		return undefined;
	}
	const px = cursorX(items[0].chart) ?? items[0].element.x;
	const distance = (item: TooltipItem<'line'>) => Math.abs(item.element.x - px);
	return items.reduce((a, b) => (distance(b) < distance(a) ? b : a)).parsed.x ?? undefined;
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
