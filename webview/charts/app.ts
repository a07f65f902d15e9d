import type { ChartsSnapshot, HostToWebview, LineChart } from '../../src/shared/protocol';
import { assertNever, isChartsHostMessage } from '../../src/shared/protocol';
import type { WebviewApi } from '../shared/api';
import type { Theme } from '../shared/theme';
import { el, onThemeChange, readTheme } from '../shared/theme';
import type { UiState } from './controls';
import { buildToolbar, compileFilter, emptyState } from './controls';
import { renderImages } from './images';
import type { LineSettings } from './lineChart';
import { LineChartView } from './lineChart';
import type { Compose } from './compose';
import { merged, metricsOf, split } from './compose';
import { renderPlot } from './plots';
import type { Chart } from './setup';

const DEFAULT_STATE: UiState = {
	filter: '',
	xAxis: 'step',
	smoothing: 0.6,
	logY: false,
	annotations: true,
	collapsed: [],
	hidden: [],
	zoom: {},
	chartX: {},
};

/** The chart panel page: owns the UI state, renders snapshots and applies incremental updates. */
export class ChartsApp {
	private state: UiState;
	private snapshot: ChartsSnapshot | undefined;
	private views = new Map<string, LineChartView>();
	private extraCharts: Chart[] = [];
	private theme: Theme = readTheme();
	private readonly content = el('div', 'content');
	private readonly status = el('div', 'status');
	private readonly toolbar;
	private nextRequest = 1;
	private imageWaiters = new Map<number, (url: string | undefined) => void>();

	constructor(
		private readonly api: WebviewApi<UiState>,
		root: HTMLElement,
	) {
		this.state = { ...DEFAULT_STATE, ...api.getState() };
		this.toolbar = buildToolbar(this.state, {
			onFilter: (text) => this.save({ filter: text }, () => this.applyFilter()),
			onXAxis: (xAxis) =>
				this.save({ xAxis, zoom: {} }, () => this.api.post({ type: 'charts/setOptions', options: { xAxis } })),
			onSmoothing: (smoothing) =>
				this.save({ smoothing }, () => this.api.post({ type: 'charts/setOptions', options: { smoothing } })),
			onToggle: (name, value) => this.save({ [name]: value }, () => this.applySettings()),
			onSize: (size) => this.save({ size }, () => (this.content.dataset.size = size)),
			onLegend: (id) => {
				const hidden = this.state.hidden.includes(id)
					? this.state.hidden.filter((h) => h !== id)
					: [...this.state.hidden, id];
				this.save({ hidden }, () => this.applySettings());
			},
		});
		this.content.dataset.size = this.state.size ?? 'M';
		root.append(this.toolbar.element, this.status, this.content);
		onThemeChange((theme) => {
			this.theme = theme;
			if (this.snapshot) {
				this.render(this.snapshot);
			}
		});
		api.onMessage((m) => this.onMessage(m));
		const { xAxis, smoothing, chartX, compose } = this.state;
		const own = chartX && Object.keys(chartX).length > 0 ? { chartX } : {};
		api.post({ type: 'ready', state: { options: { xAxis, smoothing, ...own, ...(compose ? { compose } : {}) } } });
	}

	private save(patch: Partial<UiState>, then: () => void): void {
		this.state = { ...this.state, ...patch };
		this.api.setState(this.state);
		then();
	}

	private onMessage(message: HostToWebview): void {
		if (!isChartsHostMessage(message)) {
			return;
		}
		const m = message;
		switch (m.type) {
			case 'charts/snapshot':
				this.render(m.snapshot);
				return;
			case 'charts/append':
				for (const a of m.appends) {
					this.views.get(a.chartId)?.append(a.key, a.x, a.y, a.smoothed, a.total);
				}
				this.reportRendered();
				return;
			case 'charts/range':
				this.views.get(m.chartId)?.applyRange(m.requestId, m.series);
				return;
			case 'charts/chart':
				this.replaceChart(m.chart);
				return;
			case 'charts/image':
				this.imageWaiters.get(m.requestId)?.(m.dataUrl);
				this.imageWaiters.delete(m.requestId);
				return;
			case 'charts/exported':
				this.status.textContent = m.message;
				return;
			default:
				assertNever(m);
		}
	}

	private settings(): LineSettings {
		const s = this.state;
		return {
			smoothing: s.smoothing,
			xAxis: s.xAxis,
			logY: s.logY,
			ignoreOutliers: s.ignoreOutliers ?? this.snapshot?.ignoreOutliers ?? false,
			annotations: s.annotations,
			hidden: new Set(s.hidden),
			theme: this.theme,
		};
	}

	/** A snapshot replaces everything: charts are rebuilt only here, never on appends. */
	render(snapshot: ChartsSnapshot): void {
		this.snapshot = snapshot;
		const { xAxis, smoothing, chartX = this.state.chartX, compose = this.state.compose } = snapshot.options;
		this.state = { ...this.state, xAxis, smoothing, chartX, compose };
		this.api.setState(this.state);
		this.clear();
		this.toolbar.update(snapshot, this.state);
		const settings = this.settings();
		const groups = new Map<string, HTMLElement>();
		for (const chart of snapshot.charts) {
			const grid = groups.get(chart.group) ?? this.group(chart.group, groups);
			const view = new LineChartView(chart, settings, this.callbacks(chart.id), this.state.zoom[chart.id]);
			this.views.set(chart.id, view);
			grid.append(view.element);
		}
		if (snapshot.plots.length > 0) {
			const grid = this.group('plots', groups);
			for (const plot of snapshot.plots) {
				const { element, chart } = renderPlot(plot, this.theme);
				grid.append(element);
				if (chart) {
					this.extraCharts.push(chart);
				}
			}
		}
		if (snapshot.images.length > 0) {
			this.group('images', groups).append(renderImages(snapshot.images, (id, file) => this.fetchImage(id, file)));
		}
		if (snapshot.charts.length + snapshot.plots.length + snapshot.images.length === 0) {
			this.content.append(emptyState(snapshot.experiments.length > 0));
		}
		this.applyFilter();
		this.reportRendered();
	}

	private group(name: string, groups: Map<string, HTMLElement>): HTMLElement {
		const section = document.createElement('vscode-collapsible');
		section.heading = name;
		section.open = !this.state.collapsed.includes(name);
		section.dataset.group = name;
		section.addEventListener('vsc-collapsible-toggle', () => {
			const collapsed = section.open
				? this.state.collapsed.filter((c) => c !== name)
				: [...new Set([...this.state.collapsed, name])];
			this.save({ collapsed }, () => undefined);
		});
		const grid = el('div', 'chart-grid');
		section.append(grid);
		this.content.append(section);
		groups.set(name, grid);
		return grid;
	}

	private callbacks(chartId: string) {
		return {
			onRange: (chartId: string, x0: number, x1: number, pixels: number) => {
				const requestId = this.nextRequest++;
				this.api.post({ type: 'charts/requestRange', requestId, chartId, x0, x1, pixels });
				return requestId;
			},
			onZoomChange: (chartId: string, range: [number, number] | undefined) => {
				const zoom = { ...this.state.zoom };
				if (range) {
					zoom[chartId] = range;
				} else {
					delete zoom[chartId];
				}
				this.save({ zoom }, () => undefined);
			},
			onExportPng: (chartId: string, title: string, dataUrl: string) =>
				this.api.post({ type: 'charts/exportPng', requestId: this.nextRequest++, chartId, title, dataUrl }),
			onExportCsv: (chartId: string, title: string) =>
				this.api.post({ type: 'charts/exportCsv', requestId: this.nextRequest++, chartId, title }),
			onChartX: (chartId: string, xAxis: string | undefined) => this.setChartX(chartId, xAxis),
			others: (): [string, string][] =>
				(this.snapshot?.charts ?? []).filter((c) => c.id !== chartId).map((c) => [c.id, c.title]),
			onCompose: (targetId: string, sourceId: string) => this.compose(targetId, sourceId),
			onSplit: (id: string) => this.setCompose(split(this.state.compose ?? [], this.metricsOfChart(id))),
		};
	}

	/** Several metrics in one chart: the host answers with a snapshot drawn on the new compositions. */
	private compose(targetId: string, sourceId: string): void {
		const compose = merged(this.state.compose ?? [], this.metricsOfChart(targetId), this.metricsOfChart(sourceId));
		this.setCompose(compose);
	}

	private metricsOfChart(chartId: string): string[] {
		const chart = this.snapshot?.charts.find((c) => c.id === chartId);
		return chart ? metricsOf(chart) : [];
	}

	private setCompose(compose: Compose): void {
		this.save({ compose }, () => this.api.post({ type: 'charts/setOptions', options: { compose } }));
	}

	/** A chart's own x axis: remembered in the page state; the host answers with the chart rebuilt on it. */
	private setChartX(chartId: string, xAxis: string | undefined): void {
		const chartX = { ...this.state.chartX };
		const zoom = { ...this.state.zoom };
		delete zoom[chartId]; // a zoom range in the old x units means nothing on the new axis
		if (xAxis) {
			chartX[chartId] = xAxis;
		} else {
			delete chartX[chartId];
		}
		this.save({ chartX, zoom }, () =>
			this.api.post({ type: 'charts/setChartX', requestId: this.nextRequest++, chartId, xAxis }),
		);
	}

	/** Swaps one chart for the host's rebuild of it, in place in its group. */
	private replaceChart(chart: LineChart): void {
		const old = this.views.get(chart.id);
		if (!old || !this.snapshot) {
			return;
		}
		this.snapshot = { ...this.snapshot, charts: this.snapshot.charts.map((c) => (c.id === chart.id ? chart : c)) };
		const view = new LineChartView(chart, this.settings(), this.callbacks(chart.id), this.state.zoom[chart.id]);
		view.element.hidden = old.element.hidden;
		old.element.replaceWith(view.element);
		old.destroy();
		this.views.set(chart.id, view);
		this.reportRendered();
	}

	private fetchImage(experimentId: string, file: string): Promise<string | undefined> {
		const requestId = this.nextRequest++;
		this.api.post({ type: 'charts/requestImage', requestId, experimentId, file });
		return new Promise((resolve) => this.imageWaiters.set(requestId, resolve));
	}

	private applyFilter(): void {
		const pattern = compileFilter(this.state.filter);
		for (const view of this.views.values()) {
			// An invalid pattern filters nothing: the warning next to the field says why.
			view.element.hidden = !!pattern && !pattern.test(view.data.title);
		}
		for (const section of this.content.querySelectorAll<HTMLElement>('vscode-collapsible')) {
			const cards = [...section.querySelectorAll<HTMLElement>('.chart-card, .image-card')];
			section.hidden = cards.length > 0 && cards.every((c) => c.hidden);
		}
	}

	private applySettings(): void {
		const settings = this.settings();
		for (const view of this.views.values()) {
			view.applySettings(settings);
		}
		if (this.snapshot) {
			this.toolbar.update(this.snapshot, this.state);
		}
	}

	private reportRendered(): void {
		this.api.post({ type: 'charts/rendered', charts: [...this.views.values()].map((v) => v.counts()) });
	}

	private clear(): void {
		for (const view of this.views.values()) {
			view.destroy();
		}
		this.extraCharts.forEach((c) => c.destroy());
		this.views.clear();
		this.extraCharts = [];
		this.content.replaceChildren();
	}

	/** For tests and the bench. */
	view(chartId: string): LineChartView | undefined {
		return this.views.get(chartId);
	}
}
