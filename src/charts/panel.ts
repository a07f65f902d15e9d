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
import { shapeKey, type LineState, type RunInput } from './chartModel';
import { chartEvents } from './events';
import type { GroupsConfig } from './groups';
import { LiveAppends } from './liveAppends';
import { ChartsPanelHost } from './panelHost';
import { loadImage, pngBytes, saveExport } from './panelIo';
import { ChartsViewState } from './viewOptions';
import { ChartsTestProbe, type ChartsTesting } from './testing';
import { CustomPlotsHost } from './custom/host';
import { registerAddCustomPlot } from './custom/command';
import type { TableFilterBridge } from '../experiments/tableFilter';
import type { ExperimentResolver } from '../experiments/resolve';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import { showChartsFor } from './showCommand';
import { chartCsv, loadSnapshot, rangeSeries, rebuildChart } from './snapshot';

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
	/** Which experiments a menu's arguments name, else a quick pick (Show Charts). */
	resolver: ExperimentResolver;
	/** The shared quick pick, for Add Custom Plot's questions. */
	picker: Pick<VscodeExperimentPicker, 'choose' | 'inform'>;
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
	store.add(
		commands.register(CommandIds.showCharts, (arg: unknown, multi: unknown) =>
			showChartsFor(deps, () => controller.show(), arg, multi),
		),
	);
	store.add(registerAddCustomPlot(commands, controller.custom, () => controller.show(), deps.picker));
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
	private readonly host: ChartsPanelHost;
	private readonly view: ChartsViewState;
	private runs: RunInput[] = [];
	private states = new Map<string, LineState>();
	/** `runlens.charts.groups` as of the last snapshot (range replies must use the same x units). */
	private groups: GroupsConfig = {};
	private shapes = new Map<string, string>();
	private readonly live = new LiveAppends({
		states: () => this.states,
		options: () => this.options,
		budget: DEFAULT_BUDGET,
		post: (m) => this.post(m),
		range: (chartId, x0, x1, pixels) => this.range(chartId, x0, x1, pixels),
	});
	private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
	private generation = 0;
	readonly custom: CustomPlotsHost;

	constructor(private readonly deps: ChartsDeps) {
		this.probe = new ChartsTestProbe(deps.model, deps.selection);
		this.host = new ChartsPanelHost(deps.context.extensionUri, {
			onAdopt: () => this.probe.reset(),
			onMessage: (m) => this.onMessage(m),
			onResync: () => void this.postSnapshot(),
		});
		this.custom = this.store.add(new CustomPlotsHost({ ...deps, memento: deps.context.workspaceState }));
		this.probe.customPlots = this.custom.probe;
		const config = vscode.workspace.getConfiguration('runlens.charts');
		const defaults = { xAxis: config.get<string>('xAxis', 'step'), smoothing: config.get<number>('smoothing', 0.6) };
		this.view = new ChartsViewState(defaults, deps.context.workspaceState);
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

	private get options(): ChartsViewOptions {
		return this.view.options;
	}

	show(): void {
		this.host.show();
	}

	adopt(panel: vscode.WebviewPanel): void {
		this.host.adopt(panel);
	}

	private post(message: ChartsHostMessage): void {
		// Nothing is sent while hidden: the webview resyncs from a snapshot when it shows again.
		if (this.host.post(message)) {
			this.probe.posted(message);
		}
	}

	private onMessage(raw: unknown): void {
		const postCustom = (m: unknown) => this.host.postIfVisible(m);
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
				this.host.setReady();
				this.view.adopt(message.state);
				return this.postSnapshot();
			case 'charts/setOptions':
				await this.view.set(message.options);
				return this.postSnapshot();
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
		this.view.setChartX(chartId, xAxis);
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
				this.live.forget(key);
			}
		}
		states.forEach((s) => this.states.set(s.key, s));
		this.post({ type: 'charts/chart', requestId, chart });
	}

	private chartAxis(chartId: string): string {
		return [...this.states.values()].find((s) => s.chartId === chartId)?.xAxis ?? this.options.xAxis;
	}

	private shapeChanged(id: string): boolean {
		const experiment = this.deps.model.getExperiment(id);
		const events = () => chartEvents(this.deps.lifecycle.eventsFor(id));
		return !experiment || this.shapes.get(id) !== shapeKey({ ...experiment, events: events() });
	}

	private scheduleSnapshot(): void {
		if (!this.host.isOpen) {
			return;
		}
		clearTimeout(this.snapshotTimer);
		this.snapshotTimer = setTimeout(() => void this.postSnapshot(), 150);
	}

	private async postSnapshot(): Promise<void> {
		if (!this.host.canDraw()) {
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
		this.live.forget();
		this.host.drawn();
		this.probe.snapshot(snapshot);
		this.post({ type: 'charts/snapshot', snapshot });
	}

	private onAppend(e: SeriesAppend): void {
		if (!this.host.isOpen || !this.deps.selection.isSelected(e.experimentId)) {
			return;
		}
		const run = this.runs.find((r) => r.experiment.id === e.experimentId);
		if (!this.live.accept(run, e)) {
			this.scheduleSnapshot();
		}
	}

	private range(chartId: string, x0: number, x1: number, pixels: number): LineSeries[] {
		return rangeSeries(this.runs, chartId, this.options, x0, x1, pixels, this.groups);
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
		this.live.dispose();
		clearTimeout(this.snapshotTimer);
		this.host.dispose();
		this.store.dispose();
	}
}
