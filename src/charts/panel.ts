import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { SelectionModel } from '../experiments/selection';
import type { ExperimentsModel, SeriesAppend } from '../model/api';
import type { RunEvent } from '../model/types';
import type { Event } from '../util/event';
import type { AxisSettings, ChartsHostMessage, ChartsInbound, ChartsViewOptions, LineSeries } from '../shared/protocol';
import { assertNever, isChartsInbound, isMessage } from '../shared/protocol';
import { DisposableStore } from '../util/disposable';
import type { CommandSink } from '../vscode/lazyFeature';
import { renderShell, webviewOptions } from '../vscode/webviewShell';
import type { LineState, RunInput } from './chartModel';
import { appendPoints, shapeKey } from './chartModel';
import { chartEvents } from './events';
import type { GroupsConfig } from './groups';
import { labelsChanged } from './labelSplit';
import { loadImage, pngBytes, sanitizeOptions, saveExport } from './panelIo';
import { ChartsTestProbe } from './testing';
import { CustomPlotsHost } from './custom/host';
import { registerAddCustomPlot } from './custom/command';
import type { TableFilterBridge } from '../experiments/tableFilter';
import type { ChartsTesting } from './testing';
import { chartCsv, loadSnapshot, rangeSeries, rebuildChart } from './snapshot';

export const CHARTS_VIEW_TYPE = 'runlens.charts';
/** workspaceState key of the composed charts (several metrics in one chart), kept across panels and reloads. */
export const COMPOSE_KEY = 'runlens.charts.compose';
const FLUSH_MS = 100; // at most ~10 updates per second per chart
const DEFAULT_BUDGET = 1000;

export interface ChartsDeps {
	context: vscode.ExtensionContext;
	model: ExperimentsModel;
	selection: SelectionModel;
	log: vscode.LogOutputChannel;
	/** The LifecycleRecorder: recorded lifecycle events are annotated beside events.jsonl's. */
	lifecycle: {
		readonly onDidRecord: Event<{ experimentId: string }>;
		eventsFor(experimentId: string): RunEvent[];
	};
	/** Custom plots' brushing and the table's filtered rows (src/charts/custom). */
	tableFilter: TableFilterBridge;
}

/** The charts feature once loaded (see src/app.ts: it is loaded on first use, not at activation). */
export interface ChartsRegistration {
	disposable: vscode.Disposable;
	show(): void;
	/** A charts panel VS Code restored after a reload (its serializer lives in the composition root). */
	adopt(panel: vscode.WebviewPanel): void;
	testing: ChartsTesting;
}

export function registerCharts(deps: ChartsDeps, commands: CommandSink): ChartsRegistration {
	const controller = new ChartsController(deps);
	const store = new DisposableStore();
	store.add(controller);
	store.add(commands.register(CommandIds.showCharts, () => controller.show()));
	store.add(registerAddCustomPlot(commands, controller.custom, () => controller.show()));
	return {
		disposable: store,
		show: () => controller.show(),
		adopt: (panel) => controller.adopt(panel),
		testing: controller.probe,
	};
}

class ChartsController {
	readonly probe: ChartsTestProbe;
	private readonly store = new DisposableStore();
	private panelStore: DisposableStore | undefined;
	private panel: vscode.WebviewPanel | undefined;
	private ready = false;
	private dirty = false;
	private options: ChartsViewOptions;
	private runs: RunInput[] = [];
	private states = new Map<string, LineState>();
	/** `runlens.charts.groups` as of the last snapshot (range replies must use the same x units). */
	private groups: GroupsConfig = {};
	private shapes = new Map<string, string>();
	private pending = new Map<
		string,
		{ chartId: string; key: string; x: number[]; y: number[]; smoothed?: number[]; total: number }
	>();
	private flushTimer: ReturnType<typeof setTimeout> | undefined;
	private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
	private generation = 0;
	readonly custom: CustomPlotsHost;

	constructor(private readonly deps: ChartsDeps) {
		this.probe = new ChartsTestProbe(deps.model, deps.selection);
		this.custom = this.store.add(new CustomPlotsHost({ ...deps, memento: deps.context.workspaceState }));
		this.probe.customPlots = this.custom.probe;
		const config = vscode.workspace.getConfiguration('runlens.charts');
		this.options = { xAxis: config.get<string>('xAxis', 'step'), smoothing: config.get<number>('smoothing', 0.6) };
		this.store.add(deps.model.onDidAppendSeries((e) => this.onAppend(e)));
		this.store.add(deps.selection.onDidChangeSelection(() => this.scheduleSnapshot()));
		this.store.add(
			deps.lifecycle.onDidRecord(({ experimentId: id }) => {
				if (deps.selection.isSelected(id) && this.shapeChanged(id)) {
					this.scheduleSnapshot();
				}
			}),
		);
		this.store.add(
			deps.model.onDidChangeExperiments((c) => {
				// A live run changes on every step (metrics.json): its points arrive as appends, so only
				// a change of what is charted (new metric, plot, image, event, rename) rebuilds.
				const selected = (id: string) => deps.selection.isSelected(id);
				if (c.removed.some(selected) || c.changed.some((id) => selected(id) && this.shapeChanged(id))) {
					this.scheduleSnapshot();
				}
			}),
		);
		this.store.add(
			vscode.workspace.onDidChangeConfiguration(
				(e) => e.affectsConfiguration('runlens.charts') && this.scheduleSnapshot(),
			),
		);
	}

	show(): void {
		if (this.panel) {
			this.panel.reveal();
			return;
		}
		const panel = vscode.window.createWebviewPanel(
			CHARTS_VIEW_TYPE,
			'Runlens Charts',
			vscode.ViewColumn.Active,
			webviewOptions(this.deps.context.extensionUri),
		);
		this.adopt(panel);
	}

	adopt(panel: vscode.WebviewPanel): void {
		this.panelStore?.dispose();
		this.panel = panel;
		this.ready = false;
		this.probe.reset();
		const store = (this.panelStore = new DisposableStore());
		panel.webview.options = webviewOptions(this.deps.context.extensionUri);
		panel.webview.html = renderShell({
			webview: panel.webview,
			extensionUri: this.deps.context.extensionUri,
			bundle: 'charts',
			title: 'Runlens Charts',
			imgSources: ['data:'],
		});
		store.add(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
		store.add(
			panel.onDidChangeViewState(() => {
				if (!panel.visible) {
					// Without retainContextWhenHidden the page is discarded: it sends `ready` again when shown.
					this.ready = false;
					this.dirty = true;
				} else if (this.dirty && this.ready) {
					void this.postSnapshot();
				}
			}),
		);
		store.add(
			panel.onDidDispose(() => {
				if (this.panel === panel) {
					this.panel = undefined;
					this.ready = false;
					this.panelStore?.dispose();
					this.panelStore = undefined;
				}
			}),
		);
	}

	private post(message: ChartsHostMessage): void {
		// Nothing is sent while hidden: the webview resyncs from a snapshot when it shows again.
		if (!this.panel || !this.ready || !this.panel.visible) {
			this.dirty = true;
			return;
		}
		this.probe.posted(message);
		void this.panel.webview.postMessage(message);
	}

	private onMessage(raw: unknown): void {
		const postCustom = (m: unknown) => !!this.panel?.visible && (void this.panel.webview.postMessage(m), true);
		if (!isMessage(raw) || this.custom.handle(raw, postCustom) || !isChartsInbound(raw)) {
			return;
		}
		const message = raw;
		this.probe.received(message);
		this.handle(message).catch((err: unknown) => this.deps.log.error(`[charts] ${message.type} failed`, err));
	}

	private async handle(message: ChartsInbound): Promise<void> {
		switch (message.type) {
			case 'ready':
				this.ready = true;
				this.adoptState(message.state);
				return this.postSnapshot();
			case 'charts/setOptions': {
				const options = sanitizeOptions(message.options);
				this.options = { ...this.options, ...options };
				if (options.compose) {
					await this.deps.context.workspaceState.update(COMPOSE_KEY, options.compose);
				}
				return this.postSnapshot();
			}
			case 'charts/requestRange': {
				const series = this.range(message.chartId, message.x0, message.x1, message.pixels);
				this.post({
					type: 'charts/range',
					requestId: message.requestId,
					chartId: message.chartId,
					x0: message.x0,
					x1: message.x1,
					series,
				});
				return;
			}
			case 'charts/setChartX':
				return this.setChartX(message.requestId, message.chartId, message.xAxis);
			case 'charts/requestImage':
				return this.post(await loadImage(this.deps.model, message.requestId, message.experimentId, message.file));
			case 'charts/exportPng':
				return this.exportPng(message.requestId, message.title, message.dataUrl);
			case 'charts/exportCsv': {
				const csv = chartCsv(this.runs, message.chartId, this.chartAxis(message.chartId), this.options.compose);
				return this.post(await saveExport(message.requestId, message.title, 'csv', Buffer.from(csv, 'utf8')));
			}
			case 'charts/rendered':
				return;
			default:
				assertNever(message);
		}
	}

	/** A chart's own x axis: rebuilt and re-bucketed here, its live lines continue on the new axis. */
	private setChartX(requestId: number, chartId: string, xAxis: unknown): void {
		const chartX = { ...this.options.chartX };
		if (typeof xAxis === 'string' && xAxis.length > 0) {
			chartX[chartId] = xAxis;
		} else {
			delete chartX[chartId];
		}
		this.options = { ...this.options, chartX };
		const config = vscode.workspace.getConfiguration('runlens.charts');
		const { chart, states } = rebuildChart(this.runs, chartId, {
			...this.options,
			budget: DEFAULT_BUDGET,
			axes: config.get<Record<string, AxisSettings>>('axes', {}),
			groups: this.groups,
		});
		if (!chart) {
			return;
		}
		for (const [key, state] of this.states) {
			if (state.chartId === chartId) {
				this.states.delete(key);
				this.pending.delete(key);
			}
		}
		states.forEach((s) => this.states.set(s.key, s));
		this.post({ type: 'charts/chart', requestId, chart });
	}

	private chartAxis(chartId: string): string {
		return [...this.states.values()].find((s) => s.chartId === chartId)?.xAxis ?? this.options.xAxis;
	}

	private adoptState(state: unknown): void {
		const saved = (state as { options?: Partial<ChartsViewOptions> } | undefined)?.options;
		if (saved) {
			this.options = { ...this.options, ...sanitizeOptions(saved) };
		}
		// A new panel (no page state) gets the workspace's composed charts.
		if (!saved?.compose) {
			const compose = sanitizeOptions({ compose: this.deps.context.workspaceState.get(COMPOSE_KEY) }).compose;
			this.options = { ...this.options, ...(compose ? { compose } : {}) };
		}
	}

	private shapeChanged(id: string): boolean {
		const experiment = this.deps.model.getExperiment(id);
		const events = () => chartEvents(this.deps.lifecycle.eventsFor(id));
		return !experiment || this.shapes.get(id) !== shapeKey({ ...experiment, events: events() });
	}

	private scheduleSnapshot(): void {
		if (!this.panel) {
			return;
		}
		clearTimeout(this.snapshotTimer);
		this.snapshotTimer = setTimeout(() => void this.postSnapshot(), 150);
	}

	private async postSnapshot(): Promise<void> {
		if (!this.panel || !this.ready) {
			return;
		}
		if (!this.panel.visible) {
			this.dirty = true;
			return;
		}
		const generation = ++this.generation;
		const config = vscode.workspace.getConfiguration('runlens.charts');
		const { snapshot, runs, states } = await loadSnapshot({
			model: this.deps.model,
			selected: [...this.deps.selection.selected],
			colourOf: (id) => this.deps.selection.colourOf(id),
			eventsOf: (id) => this.deps.lifecycle.eventsFor(id),
			options: this.options,
			axes: config.get<Record<string, AxisSettings>>('axes', {}),
			groups: (this.groups = config.get<GroupsConfig>('groups', {})),
			ignoreOutliers: config.get<boolean>('ignoreOutliers', false),
			budget: DEFAULT_BUDGET,
		});
		if (generation !== this.generation) {
			return; // a newer snapshot is on its way
		}
		this.runs = runs;
		this.shapes = new Map(runs.map((r) => [r.experiment.id, shapeKey(r.experiment)]));
		this.states = new Map(states.map((s) => [s.key, s]));
		this.pending.clear();
		this.dirty = false;
		this.probe.snapshot(snapshot);
		this.post({ type: 'charts/snapshot', snapshot });
	}

	private onAppend(e: SeriesAppend): void {
		if (!this.panel || !this.deps.selection.isSelected(e.experimentId)) {
			return;
		}
		const run = this.runs.find((r) => r.experiment.id === e.experimentId);
		const lines = [...this.states.values()].filter(
			(s) => s.experimentId === e.experimentId && s.metric.file === e.file,
		);
		const relayout = lines.some((s) => s.rows > e.table.length || labelsChanged(s, e.table));
		if (e.reset || !run || lines.length === 0 || relayout) {
			// a new metric, a rewritten file, a new label value or a run we have not loaded yet
			this.scheduleSnapshot();
			return;
		}
		(run.tables as Map<string, typeof e.table>).set(e.file, e.table);
		for (const state of lines) {
			this.queueAppend(state, e);
		}
		this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
	}

	private range(chartId: string, x0: number, x1: number, pixels: number): LineSeries[] {
		return rangeSeries(this.runs, chartId, this.options, x0, x1, pixels, this.groups);
	}

	private queueAppend(state: LineState, e: SeriesAppend): void {
		const points = appendPoints(state, e.table, this.options.xAxis, this.options.smoothing);
		if (!points || points.x.length === 0) {
			return;
		}
		const entry = this.pending.get(state.key) ?? { chartId: state.chartId, key: state.key, x: [], y: [], total: 0 };
		entry.x.push(...points.x);
		entry.y.push(...points.y);
		if (points.smoothed) {
			(entry.smoothed ??= []).push(...points.smoothed);
		}
		entry.total = state.total;
		this.pending.set(state.key, entry);
	}

	private flush(): void {
		this.flushTimer = undefined;
		if (this.pending.size === 0) {
			return;
		}
		const appends = [...this.pending.values()];
		this.pending.clear();
		this.post({ type: 'charts/append', appends });
		// Long live runs: once a line has grown well past its budget, re-bucket its chart in place.
		const grown = new Set(
			appends.filter((a) => (this.states.get(a.key)?.appended ?? 0) > 2 * DEFAULT_BUDGET).map((a) => a.chartId),
		);
		for (const chartId of grown) {
			const series = this.range(chartId, -Number.MAX_VALUE, Number.MAX_VALUE, DEFAULT_BUDGET);
			this.states.forEach((s) => s.chartId === chartId && (s.appended = 0));
			this.post({ type: 'charts/range', requestId: 0, chartId, x0: -Number.MAX_VALUE, x1: Number.MAX_VALUE, series });
		}
	}

	private async exportPng(requestId: number, title: string, dataUrl: string): Promise<void> {
		const bytes = pngBytes(dataUrl);
		this.post(
			bytes
				? await saveExport(requestId, title, 'png', bytes)
				: { type: 'charts/exported', requestId, ok: false, message: 'the chart image was not a PNG' },
		);
	}

	dispose(): void {
		clearTimeout(this.flushTimer);
		clearTimeout(this.snapshotTimer);
		this.panelStore?.dispose();
		this.panel?.dispose();
		this.store.dispose();
	}
}
