import type { SelectionModel } from '../../experiments/selection';
import type { TableFilterBridge } from '../../experiments/tableFilter';
import type { ExperimentsModel } from '../../model/api';
import type {
	CustomColumn,
	CustomPlotConfig,
	CustomPlotsConfig,
	CustomPlotsHostMessage,
	CustomPlotsSnapshot,
} from '../../shared/protocol';
import { assertNever, isCustomPlotsInbound } from '../../shared/protocol';
import { DisposableStore } from '../../util/disposable';
import { collectColumns } from './columns';
import { DEFAULT_CONFIG, sanitizeBrush, sanitizeConfig } from './config';
import { CustomPlotsProbe } from './testing';
import { outsideBrush, plotData, plottedExperiments } from './transforms';

/**
 * The host side of the charts panel's "Custom plots" section: keeps its configuration (page state
 * and workspaceState), answers the page with snapshots built from the experiment model, and
 * forwards parallel-coordinates brushing to the experiments table through the TableFilterBridge.
 * No `vscode` here: the panel hands in a memento and a post function.
 */
export interface CustomPlotsDeps {
	model: ExperimentsModel;
	selection: SelectionModel;
	tableFilter: TableFilterBridge;
	/** The extension's workspaceState (a `vscode.Memento`). */
	memento: { get(key: string): unknown; update(key: string, value: unknown): PromiseLike<void> };
	log: { warn(message: string): void };
}

const STATE_KEY = 'runlens.customPlots';
// A live run rewrites metrics.json every step: at most ~4 redraws a second.
const DEBOUNCE_MS = 250;

export class CustomPlotsHost {
	readonly probe = new CustomPlotsProbe();
	private readonly store = new DisposableStore();
	private config: CustomPlotsConfig;
	/** Posts to the page; false when it is gone or hidden (it sends `custom/ready` again when shown). */
	private post: ((message: CustomPlotsHostMessage) => boolean) | undefined;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private hostNewer = false;

	constructor(private readonly deps: CustomPlotsDeps) {
		this.config = sanitizeConfig(deps.memento.get(STATE_KEY)) ?? DEFAULT_CONFIG;
		this.probe.tableFilter = deps.tableFilter;
		this.probe.simulateBrush = (plotId, column, from, to) =>
			!!this.post?.({ type: 'custom/simulateBrush', plotId, column, from, to });
		this.probe.reset = () => this.adopt(DEFAULT_CONFIG);
		const refresh = () => this.schedule();
		this.store.add(deps.model.onDidChangeExperiments(refresh));
		this.store.add(deps.selection.onDidChangeSelection(refresh));
		this.store.add(deps.tableFilter.onDidChangeFilteredIds(refresh));
		this.store.add(deps.tableFilter.onDidChangeBrush(refresh));
	}

	detach(): void {
		this.post = undefined;
		clearTimeout(this.timer);
	}

	/** Handles the section's messages; false for anything else (the panel's own messages). */
	handle(raw: { type: string }, post: (message: CustomPlotsHostMessage) => boolean): boolean {
		if (!isCustomPlotsInbound(raw)) {
			return false;
		}
		const message = raw;
		this.probe.received(message);
		switch (message.type) {
			case 'custom/ready':
				this.post = post;
				// The page state wins over workspaceState (it is this panel's own), unless a command
				// changed the configuration while no page was there to hear it.
				this.adopt((!this.hostNewer && sanitizeConfig(message.config)) || this.config);
				this.hostNewer = false;
				return true;
			case 'custom/setConfig':
				this.post = post;
				this.adopt(sanitizeConfig(message.config) ?? this.config);
				return true;
			case 'custom/brush':
				this.brush(message.ranges);
				return true;
			case 'custom/rendered':
				return true;
			default:
				return assertNever(message);
		}
	}

	/** Every column of every experiment, for the add-plot command's pickers. */
	columns(): CustomColumn[] {
		return collectColumns(this.deps.model.getExperiments());
	}

	/** Adds a plot (from the command) and turns the section on. */
	addPlot(plot: CustomPlotConfig): void {
		// Without a page this is newer than whatever page state comes back with the next `custom/ready`.
		this.hostNewer = !this.post;
		const config = { enabled: true, plots: [...this.config.plots, plot] };
		this.config = config;
		void this.deps.memento.update(STATE_KEY, config);
		this.send();
	}

	private adopt(config: CustomPlotsConfig): void {
		this.config = config;
		void this.deps.memento.update(STATE_KEY, config);
		this.send();
	}

	private brush(raw: unknown): void {
		const result = sanitizeBrush(raw, this.columnMap(collectColumns(this.deps.model.getExperiments())));
		if (!result.ok) {
			this.deps.log.warn(`[custom plots] brush ignored: ${result.error}`);
			return;
		}
		this.deps.tableFilter.setBrush(result.ranges);
	}

	private schedule(): void {
		if (!this.post || !this.config.enabled) {
			return;
		}
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.send(), DEBOUNCE_MS);
	}

	private send(): void {
		clearTimeout(this.timer);
		if (!this.post) {
			return;
		}
		const snapshot = this.snapshot();
		if (this.post({ type: 'custom/snapshot', snapshot })) {
			this.probe.snapshot(snapshot);
		} else {
			this.detach();
		}
	}

	/** What the section draws now. With the section off, only the configuration is sent. */
	snapshot(): CustomPlotsSnapshot {
		const { model, selection, tableFilter } = this.deps;
		const brush = [...tableFilter.brush];
		if (!this.config.enabled) {
			return { config: this.config, source: 'all', experiments: 0, columns: [], plots: [], brush };
		}
		const all = model.getExperiments();
		const columns = collectColumns(all);
		const byId = this.columnMap(columns);
		const { experiments, source } = plottedExperiments(all, selection.selected, tableFilter.filteredIds, (e) =>
			outsideBrush(e, brush, byId),
		);
		const inputs = { experiments, columns: byId, colourOf: (id: string) => selection.colourOf(id) };
		const plots = this.config.plots.map((plot) => plotData(plot, inputs));
		return { config: this.config, source, experiments: experiments.length, columns, plots, brush };
	}

	private columnMap(columns: CustomColumn[]): Map<string, CustomColumn> {
		return new Map(columns.map((c) => [c.id, c]));
	}

	dispose(): void {
		this.detach();
		this.store.dispose();
	}
}
