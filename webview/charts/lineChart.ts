import type { ChartDataset, ChartOptions, Point } from 'chart.js';
import type { EventMarker, LineChart, LineSeries } from '../../src/shared/protocol';
import { el, withAlpha } from '../shared/theme';
import { groupDigits, lineDataset, pngWithBackground, toPoints } from './lineData';
import type { DatasetInfo, LineSettings } from './lineOptions';
import { lineOptions } from './lineOptions';
import type { Chart } from './setup';
import { registerChartJs } from './setup';
import { chartXSelect } from './chartX';
import type { ComposeControls } from './compose';
import { composeActions, makeDroppable } from './compose';

export type { LineSettings } from './lineOptions';

export interface LineCallbacks extends ComposeControls {
	/** Posts a range request; returns its request id (the reply carries it back). */
	onRange(chartId: string, x0: number, x1: number, pixels: number): number;
	onZoomChange(chartId: string, range: [number, number] | undefined): void;
	onExportPng(chartId: string, title: string, dataUrl: string): void;
	onExportCsv(chartId: string, title: string): void;
	/** The chart's own x axis was chosen in its header (undefined: back to the panel default). */
	onChartX(chartId: string, xAxis: string | undefined): void;
}

/** Line styles of a composed chart's metrics, in order: solid, dashed, dotted, dash-dot. */
const DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

const MIN_REDRAW_MS = 100; // at most ~10 redraws per second per chart

/**
 * One metric's chart: a card with a canvas, built once and then updated in place.
 *
 * The view owns its zoom range (`zoom`): the Chart.js scales exist only once the canvas is in the
 * page and has been drawn, and not at all after `destroy()`, while a live run rebuilds the panel at
 * any moment (a saved zoom is applied to a chart that is not drawn yet; the zoom plugin's debounced
 * wheel callback and the range timer fire after a rebuild destroyed the chart). Nothing here reads
 * `chart.scales` except when the user has just zoomed or panned a live chart.
 */
export class LineChartView {
	readonly element = el('div', 'chart-card');
	private readonly sampledLabel = el('div', 'chart-note sampled');
	private readonly eventTip = el('div', 'event-tip');
	private readonly chart: Chart<'line', Point[]>;
	private infos: DatasetInfo[] = [];
	private totals = new Map<string, number>();
	private redrawTimer: ReturnType<typeof setTimeout> | undefined;
	private lastRedraw = 0;
	private rangeTimer: ReturnType<typeof setTimeout> | undefined;
	private zoom: [number, number] | undefined;
	/** The last range request of this view: only its reply (or the host's own, id 0) is applied. */
	private lastRequest: number | undefined;
	private destroyed = false;

	constructor(
		readonly data: LineChart,
		private settings: LineSettings,
		private readonly callbacks: LineCallbacks,
		zoom?: [number, number],
	) {
		this.element.dataset.chartId = data.id;
		this.zoom = zoom;
		const canvas = el('canvas');
		const body = el('div', 'chart-body');
		this.eventTip.hidden = true;
		body.append(canvas, this.eventTip);
		// Under the title, never instead of it: why the x axis differs, and how much is sampled.
		const notes = data.note ? [el('div', 'chart-note axis-note', data.note)] : [];
		this.element.append(this.header(), ...notes, this.sampledLabel, body);
		const ChartJs = registerChartJs();
		this.chart = new ChartJs(canvas, {
			type: 'line',
			data: { datasets: this.datasets(data.series) },
			options: this.options(),
		});
		this.updateSampled();
		if (zoom) {
			this.requestRange();
		}
	}

	private header(): HTMLElement {
		const head = el('div', 'chart-head');
		const title = el('span', 'chart-title', this.data.title);
		title.title = this.data.title;
		makeDroppable(this.element, title, this.data.id, this.callbacks);
		const actions = el('span', 'chart-actions', undefined);
		actions.append(...composeActions(this.data, this.callbacks));
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
		head.append(title, actions);
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
			const i = out.length;
			const base = { key: s.key, experimentId: s.experimentId, label: s.label, colour: s.colour };
			this.infos.push({ ...base, role: 'raw', points: raw, pair: smoothed ? i + 1 : undefined });
			const axis = { yAxisID: s.yAxis ?? 'y', borderDash: DASHES[(s.metricIndex ?? 0) % DASHES.length] };
			out.push({
				...lineDataset(
					`${s.label}${smoothed ? ' (raw)' : ''}`,
					smoothed ? withAlpha(s.colour, 0.25) : s.colour,
					raw,
					hidden,
					2,
				),
				...axis,
			});
			if (smoothed) {
				this.infos.push({ ...base, role: 'smoothed', points: smoothed, pair: i });
				out.push({ ...lineDataset(`${s.label} (smoothed)`, s.colour, smoothed, hidden, 1), ...axis });
			}
		}
		return out;
	}

	private options(): ChartOptions<'line'> {
		return lineOptions({
			data: this.data,
			settings: this.settings,
			zoom: this.zoom,
			infos: () => this.infos,
			onZoomed: () => this.zoomed(),
			onEvent: (m, x, y) => this.showEvent(m, x, y),
		});
	}

	/** The zoom plugin's completion callback (drag, wheel after 250 ms, pan): may come after `destroy()`. */
	private zoomed(): void {
		const x = this.chart.scales.x;
		if (this.destroyed || !x) {
			return;
		}
		this.zoom = [x.min, x.max];
		this.callbacks.onZoomChange(this.data.id, this.zoom);
		clearTimeout(this.rangeTimer);
		this.rangeTimer = setTimeout(() => this.requestRange(), 150);
	}

	/** Asks the host for the visible range re-bucketed at full resolution. */
	private requestRange(): void {
		if (this.zoom && !this.destroyed) {
			this.lastRequest = this.callbacks.onRange(this.data.id, this.zoom[0], this.zoom[1], this.pixels());
		}
	}

	resetZoom(): void {
		this.zoom = undefined;
		clearTimeout(this.rangeTimer);
		this.chart.resetZoom('none');
		this.callbacks.onZoomChange(this.data.id, undefined);
		// The host answers with the whole series as it is now (live points included), re-bucketed.
		this.lastRequest = this.callbacks.onRange(this.data.id, -Number.MAX_VALUE, Number.MAX_VALUE, this.pixels());
	}

	private pixels(): number {
		return Math.max(50, Math.round(this.chart.chartArea?.width ?? 600));
	}

	/**
	 * Range reply: swap each line's points in place, keeping the chart. A reply to an older request
	 * (a zoom since superseded, or one the previous chart of this id asked for) is dropped. After the
	 * host's own re-bucket of a grown live chart (id 0), a zoomed view asks again for its range.
	 */
	applyRange(requestId: number, series: readonly LineSeries[]): void {
		if (this.destroyed || (requestId !== 0 && requestId !== this.lastRequest)) {
			return;
		}
		this.replaceSeries(series);
		if (requestId === 0) {
			this.requestRange();
		}
	}

	private replaceSeries(series: readonly LineSeries[]): void {
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
		this.chart.options = this.options();
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
		this.destroyed = true;
		clearTimeout(this.redrawTimer);
		clearTimeout(this.rangeTimer);
		this.chart.destroy();
		this.element.remove();
	}
}
