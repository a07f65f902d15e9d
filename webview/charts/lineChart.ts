import type { ChartDataset, ChartOptions, Point } from 'chart.js';
import type { EventMarker, LineChart, LineSeries } from '../../src/shared/protocol';
import type { Theme } from '../shared/theme';
import { el, withAlpha } from '../shared/theme';
import { formatX, groupDigits, lineDataset, padded, pngWithBackground, toPoints } from './lineData';
import type { Chart } from './setup';
import { registerChartJs } from './setup';
import { numericTick } from './ticks';
import { chartXSelect } from './chartX';

export interface LineSettings {
	smoothing: number;
	xAxis: string;
	logY: boolean;
	ignoreOutliers: boolean;
	annotations: boolean;
	hidden: ReadonlySet<string>;
	theme: Theme;
}

export interface LineCallbacks {
	onRange(chartId: string, x0: number, x1: number, pixels: number): void;
	onZoomChange(chartId: string, range: [number, number] | undefined): void;
	onExportPng(chartId: string, title: string, dataUrl: string): void;
	onExportCsv(chartId: string, title: string): void;
	/** The chart's own x axis was chosen in its header (undefined: back to the panel default). */
	onChartX(chartId: string, xAxis: string | undefined): void;
}

interface DatasetInfo {
	key: string;
	experimentId: string;
	role: 'raw' | 'smoothed';
	points: Point[];
}

const MIN_REDRAW_MS = 100; // at most ~10 redraws per second per chart

/** One metric's chart: a card with a canvas, built once and then updated in place. */
export class LineChartView {
	readonly element = el('div', 'chart-card');
	private readonly sampledLabel = el('span', 'sampled');
	private readonly eventTip = el('div', 'event-tip');
	private readonly chart: Chart<'line', Point[]>;
	private infos: DatasetInfo[] = [];
	private totals = new Map<string, number>();
	private redrawTimer: ReturnType<typeof setTimeout> | undefined;
	private lastRedraw = 0;
	private rangeTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		readonly data: LineChart,
		private settings: LineSettings,
		private readonly callbacks: LineCallbacks,
		zoom?: [number, number],
	) {
		this.element.dataset.chartId = data.id;
		const canvas = el('canvas');
		const body = el('div', 'chart-body');
		this.eventTip.hidden = true;
		body.append(canvas, this.eventTip);
		this.element.append(this.header(), body);
		const ChartJs = registerChartJs();
		this.chart = new ChartJs(canvas, {
			type: 'line',
			data: { datasets: this.datasets(data.series) },
			options: this.options(zoom),
		});
		this.updateSampled();
		if (zoom) {
			this.requestRange();
		}
	}

	/** The axis this chart's x values are in (its own, a group's or the panel's): formats ticks and tooltips. */
	private xAxis(): string {
		return this.data.xAxis ?? this.settings.xAxis;
	}

	private header(): HTMLElement {
		const head = el('div', 'chart-head');
		const title = el('span', 'chart-title', this.data.title);
		title.title = this.data.title;
		const actions = el('span', 'chart-actions');
		const xSelect = chartXSelect(this.data, (axis) => this.callbacks.onChartX(this.data.id, axis));
		if (xSelect) {
			actions.append(xSelect);
		}
		const button = (label: string, tip: string, run: () => void) => {
			const b = el('button', 'chart-button', label);
			b.title = tip;
			b.type = 'button';
			b.setAttribute('aria-label', tip);
			b.addEventListener('click', run);
			actions.append(b);
		};
		button('Reset', 'Reset zoom', () => this.resetZoom());
		button('PNG', 'Export this chart as PNG', () =>
			this.callbacks.onExportPng(this.data.id, this.data.title, this.toPng()),
		);
		button('CSV', 'Export this chart\u2019s data as CSV', () =>
			this.callbacks.onExportCsv(this.data.id, this.data.title),
		);
		head.append(title, this.sampledLabel, actions);
		return head;
	}

	private datasets(series: readonly LineSeries[]): ChartDataset<'line', Point[]>[] {
		this.infos = [];
		const out: ChartDataset<'line', Point[]>[] = [];
		for (const s of series) {
			this.totals.set(s.key, s.total);
			const hidden = this.settings.hidden.has(s.experimentId);
			const raw = toPoints(s.x, s.y);
			const smoothed = s.smoothed ? toPoints(s.x, s.smoothed) : undefined;
			this.infos.push({ key: s.key, experimentId: s.experimentId, role: 'raw', points: raw });
			out.push(
				lineDataset(
					`${s.label}${smoothed ? ' (raw)' : ''}`,
					smoothed ? withAlpha(s.colour, 0.25) : s.colour,
					raw,
					hidden,
					2,
				),
			);
			if (smoothed) {
				this.infos.push({ key: s.key, experimentId: s.experimentId, role: 'smoothed', points: smoothed });
				out.push(lineDataset(`${s.label} (smoothed)`, s.colour, smoothed, hidden, 1));
			}
		}
		return out;
	}

	private options(zoom?: [number, number]): ChartOptions<'line'> {
		const t = this.settings.theme;
		const axes = this.data.axes;
		const logY = this.settings.logY || axes.yScale === 'logarithmic';
		const bounds = this.settings.ignoreOutliers ? padded(this.data.outlierBounds) : undefined;
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
					title: { display: true, text: this.data.xLabel, color: t.muted },
					...scaleStyle,
					ticks: { color: t.foreground, maxTicksLimit: 8, callback: (v) => formatX(Number(v), this.xAxis()) },
				},
				y: {
					type: logY ? 'logarithmic' : 'linear',
					min: axes.yMin ?? bounds?.[0],
					max: axes.yMax ?? bounds?.[1],
					title: { display: !!axes.yLabel, text: axes.yLabel ?? '', color: t.muted },
					...scaleStyle,
					ticks: logY ? scaleStyle.ticks : { ...scaleStyle.ticks, callback: numericTick },
				},
			},
			plugins: {
				legend: { display: false },
				decimation: { enabled: true, algorithm: 'min-max' },
				tooltip: {
					callbacks: {
						title: (items) =>
							items[0] ? `${this.data.xLabel} ${formatX(items[0].parsed.x ?? NaN, this.xAxis())}` : '',
					},
				},
				zoom: {
					zoom: {
						wheel: { enabled: true, modifierKey: 'ctrl' },
						drag: { enabled: true, backgroundColor: withAlpha('#3794ff', 0.15) },
						mode: 'x',
						onZoomComplete: () => this.zoomed(),
					},
					pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: () => this.zoomed() },
				},
				runEvents: {
					markers: this.data.events,
					enabled: this.settings.annotations,
					onHover: (m, x, y) => this.showEvent(m, x, y),
				},
			},
		};
	}

	private zoomed(): void {
		const { min, max } = this.chart.scales.x;
		this.callbacks.onZoomChange(this.data.id, [min, max]);
		clearTimeout(this.rangeTimer);
		this.rangeTimer = setTimeout(() => this.requestRange(), 150);
	}

	/** Asks the host for the visible range re-bucketed at full resolution. */
	private requestRange(): void {
		const { min, max } = this.chart.scales.x;
		this.callbacks.onRange(this.data.id, min, max, this.pixels());
	}

	resetZoom(): void {
		this.chart.resetZoom('none');
		this.callbacks.onZoomChange(this.data.id, undefined);
		// The host answers with the whole series as it is now (live points included), re-bucketed.
		this.callbacks.onRange(this.data.id, -Number.MAX_VALUE, Number.MAX_VALUE, this.pixels());
	}

	/** After the host re-bucketed a grown live chart: a zoomed view asks again for its own range. */
	refreshIfZoomed(): void {
		if (this.chart.isZoomedOrPanned()) {
			this.requestRange();
		}
	}

	private pixels(): number {
		return Math.max(50, Math.round(this.chart.chartArea?.width ?? 600));
	}

	/** Range reply: swap each line's points in place, keeping the chart. */
	replaceSeries(series: readonly LineSeries[]): void {
		for (const s of series) {
			this.totals.set(s.key, s.total);
			this.infos.forEach((info, i) => {
				if (info.key === s.key) {
					info.points = toPoints(s.x, info.role === 'raw' ? s.y : (s.smoothed ?? s.y));
					this.chart.data.datasets[i].data = info.points;
				}
			});
		}
		this.updateSampled();
		this.chart.update('none');
	}

	/** Live points: appended to the existing datasets; the redraw is throttled. */
	append(key: string, x: number[], y: number[], smoothed: number[] | undefined, total: number): void {
		this.totals.set(key, total);
		this.infos.forEach((info, i) => {
			if (info.key !== key) {
				return;
			}
			const values = info.role === 'raw' ? y : (smoothed ?? y);
			for (let k = 0; k < x.length; k++) {
				info.points.push({ x: x[k], y: values[k] });
			}
			// Re-assigning lets the decimation plugin (which swaps `data` for its sample) see the new points.
			this.chart.data.datasets[i].data = info.points;
		});
		this.scheduleRedraw();
	}

	private scheduleRedraw(): void {
		if (this.redrawTimer) {
			return;
		}
		const wait = Math.max(0, this.lastRedraw + MIN_REDRAW_MS - performance.now());
		this.redrawTimer = setTimeout(() => {
			this.redrawTimer = undefined;
			this.lastRedraw = performance.now();
			this.updateSampled();
			this.chart.update('none');
		}, wait);
	}

	applySettings(settings: LineSettings): void {
		this.settings = settings;
		this.chart.data.datasets.forEach((ds, i) => (ds.hidden = settings.hidden.has(this.infos[i].experimentId)));
		const zoom: [number, number] | undefined = this.chart.isZoomedOrPanned()
			? [this.chart.scales.x.min, this.chart.scales.x.max]
			: undefined;
		this.chart.options = this.options(zoom);
		this.chart.update('none');
	}

	private updateSampled(): void {
		const raw = this.infos.filter((i) => i.role === 'raw');
		const shown = raw.reduce((n, i) => n + i.points.length, 0);
		const total = [...this.totals.values()].reduce((n, t) => n + t, 0);
		this.sampledLabel.textContent =
			shown < total ? `sampled: ${groupDigits(shown)} of ${groupDigits(total)} points` : '';
	}

	private showEvent(marker: EventMarker | undefined, x: number, y: number): void {
		this.eventTip.hidden = !marker;
		if (marker) {
			this.eventTip.replaceChildren(
				el('strong', undefined, marker.name),
				...marker.detail.map((line) => el('div', undefined, line)),
			);
			this.eventTip.style.left = `${x + 8}px`;
			this.eventTip.style.top = `${y + 8}px`;
		}
	}

	private toPng(): string {
		return pngWithBackground(this.chart.canvas, this.settings.theme.background);
	}

	counts(): { id: string; lines: number; points: number } {
		const raw = this.infos.filter((i) => i.role === 'raw');
		return { id: this.data.id, lines: raw.length, points: raw.reduce((n, i) => n + i.points.length, 0) };
	}

	/** For tests and the bench: the Chart.js instance. */
	get instance(): Chart<'line', Point[]> {
		return this.chart;
	}

	destroy(): void {
		clearTimeout(this.redrawTimer);
		clearTimeout(this.rangeTimer);
		this.chart.destroy();
		this.element.remove();
	}
}
