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
import type { Columns } from './build';
import { buildColumns, buildSnapshot } from './build';
import { DEFAULT_CONFIG, sanitizeBrush, sanitizeConfig } from './config';
import { CustomPlotsProbe } from './testing';

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
	private cachedColumns: Promise<Columns | undefined> | undefined;
	private building = false;
	private again = false;
	private disposed = false;

	constructor(private readonly deps: CustomPlotsDeps) {
		this.config = sanitizeConfig(deps.memento.get(STATE_KEY)) ?? DEFAULT_CONFIG;
		this.probe.tableFilter = deps.tableFilter;
		this.probe.simulateBrush = (plotId, column, from, to) =>
			!!this.post?.({ type: 'custom/simulateBrush', plotId, column, from, to });
		this.probe.reset = () => this.adopt(DEFAULT_CONFIG);
		const refresh = () => this.schedule();
		this.store.add(
			deps.model.onDidChangeExperiments(() => {
				this.cachedColumns = undefined;
				refresh();
			}),
		);
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
				void this.brush(message.ranges);
				return true;
			case 'custom/rendered':
				return true;
			default:
				return assertNever(message);
		}
	}

	/** Every column of every experiment, for the add-plot command's pickers. */
	async columns(): Promise<CustomColumn[]> {
		return (await this.columnsNow())?.list ?? [];
	}

	/**
	 * Columns of the model's experiments, rebuilt after the model changed. A build runs to its end
	 * even when the model changes meanwhile (its result is consistent, only older): abandoning it
	 * would never finish while a live run changes the model faster than 10,000 experiments are walked.
	 */
	private async columnsNow(): Promise<Columns | undefined> {
		this.cachedColumns ??= buildColumns(this.deps.model.getExperiments(), () => this.disposed);
		return this.cachedColumns;
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

	private async brush(raw: unknown): Promise<void> {
		const columns = await this.columnsNow();
		const result = columns ? sanitizeBrush(raw, columns.byId) : { ok: false as const, error: 'the view was closed' };
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

	/**
	 * Builds (in slices) and posts a snapshot. One build at a time: a send during a build runs once
	 * after it, so a busy model delays the page by at most one build and never starves it. A build
	 * whose page or configuration was replaced meanwhile is dropped (the replacement sent again).
	 */
	private send(): void {
		clearTimeout(this.timer);
		if (!this.post) {
			return;
		}
		if (this.building) {
			this.again = true;
			return;
		}
		this.building = true;
		this.buildAndPost()
			.catch((err: unknown) => this.deps.log.warn(`[custom plots] snapshot failed: ${String(err)}`))
			.finally(() => {
				this.building = false;
				if (this.again && !this.disposed) {
					this.again = false;
					this.send();
				}
			});
	}

	private async buildAndPost(): Promise<void> {
		const { post, config } = this;
		const stale = () => this.disposed || this.post !== post || this.config !== config;
		const snapshot = await this.snapshot(stale);
		if (!snapshot || stale() || !post) {
			return;
		}
		if (post({ type: 'custom/snapshot', snapshot })) {
			this.probe.snapshot(snapshot);
		} else {
			this.detach();
		}
	}

	private async snapshot(stale: () => boolean): Promise<CustomPlotsSnapshot | undefined> {
		// With the section off only the configuration goes to the page: no columns are needed.
		const config = this.config;
		const columns = config.enabled ? await this.columnsNow() : { list: [], byId: new Map<string, CustomColumn>() };
		if (!columns) {
			return undefined; // disposed
		}
		const { model, selection, tableFilter } = this.deps;
		const all = model.getExperiments();
		return buildSnapshot({ config, all, columns, selection, tableFilter }, stale);
	}

	dispose(): void {
		this.disposed = true;
		this.detach();
		this.store.dispose();
	}
}
