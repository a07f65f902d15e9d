import * as vscode from 'vscode';
import { DisposableStore } from './util/disposable';
import { createPublicApi, type RunlensApi } from './publicApi';
import { createExperimentsModel, type ExperimentsModelImpl } from './model/model';
import { SelectionModel } from './experiments/selection';
import { persistSelection } from './experiments/selectionPersistence';
import { TableFilterBridge } from './experiments/tableFilter';
import { ExperimentResolver } from './experiments/resolve';
import { VscodeExperimentPicker } from './vscode/experimentPicker';
import { registerSidebar } from './experiments/sidebar';
import { LifecycleRecorder } from './examples/lifecycle';
import { registerTable } from './table/panel';
import { createLazyFeatures, type LazyFeatures } from './lazyFeatures';
import { markStartup, startupTimes } from './startupTimes';
import { RunlensConfig } from './vscode/config';
import { createDvcCli } from './dvc/register';
import { registerActions } from './actions/register';
import { registerRunCommands } from './run/commands';

/**
 * Composition root: builds every service once, wires them together and owns every disposable
 * (released in reverse order). Features never construct each other.
 */
export class RunlensApp implements vscode.Disposable {
	readonly api: RunlensApi;
	private readonly store = new DisposableStore();
	private readonly lazy: LazyFeatures;

	constructor(context: vscode.ExtensionContext) {
		const log = this.store.add(vscode.window.createOutputChannel('Runlens', { log: true }));
		const config = this.store.add(new RunlensConfig());
		const model = this.store.add(this.createModel(config, log));
		const selection = this.store.add(new SelectionModel());
		// Ticked runs survive a reload (per workspace), restored once the first scan knows them.
		this.store.add(persistSelection(selection, model, context.workspaceState));
		// One recorder for the tree, charts and Studio: they show and add to the same lifecycle.
		const lifecycle = this.store.add(new LifecycleRecorder(model));
		// The experiments table and the charts' custom plots share filters through this, not each other.
		const tableFilter = this.store.add(new TableFilterBridge());
		// Every command that takes experiments asks this one resolver (menu arguments, else a quick pick).
		const picker = this.store.add(new VscodeExperimentPicker());
		const resolver = new ExperimentResolver(model, picker, (id) => selection.isSelected(id));
		// The optional DVC CLI (run, queue, pull); found once, looked up again when its inputs change.
		const cli = createDvcCli(config, log);
		this.store.add(cli.disposable);
		const deps = { context, model, selection, log, lifecycle, tableFilter, resolver, picker, dvc: cli.dvc, config };
		void model.ready.then(() => markStartup('ready'));

		const sidebar = registerSidebar(deps);
		this.store.add(sidebar.disposable);
		// Charts, per-example metrics and Studio load on first use (thin command handlers now).
		const isTrusted = () => vscode.workspace.isTrusted;
		const lazy = (this.lazy = this.store.add(createLazyFeatures({ ...deps, isTrusted })));
		const table = registerTable({ ...deps, stars: sidebar.stars });
		this.store.add(table.disposable);
		const actions = registerActions(deps);
		this.store.add(actions.disposable);
		const runs = registerRunCommands({ ...deps, picker });
		this.store.add(runs.disposable);

		this.watchEnvironment(model, config);
		this.store.add(model.onDidChangeExperiments(() => selection.retain((id) => model.getExperiment(id) !== undefined)));

		const testing =
			process.env.RUNLENS_TEST === '1'
				? {
						model,
						selection,
						sidebar: sidebar.testing,
						table: table.testing,
						run: runs.testing,
						dvc: cli.dvc,
						dvcAvailable: cli.available,
						picker,
						actions: actions.testing,
						// The lazily loaded features: awaiting one loads it, as its first command would.
						charts: () => lazy.charts.get().then((c) => c.testing),
						examples: () => lazy.examples.get().then((e) => e.testing),
						studio: () => lazy.studio.get(),
						loadedFeatures: () => [lazy.charts, lazy.examples, lazy.studio].filter((f) => f.loaded).map((f) => f.name),
						// Read by `npm run bench` (start-up milestones in the real extension host).
						startup: startupTimes,
					}
				: undefined;
		this.api = { ...createPublicApi(model), ...(testing ? { testing } : {}) };
		log.info(
			`Runlens activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: git and Studio push are off'})`,
		);
	}

	private createModel(config: RunlensConfig, log: vscode.LogOutputChannel): ExperimentsModelImpl {
		return createExperimentsModel({
			folders: workspaceFolders(),
			// git config can name programs (fsmonitor, hooks, credential helpers): none run untrusted.
			allowGit: vscode.workspace.isTrusted,
			commitsPerBranch: config.commitsPerBranch,
			showAllBranches: config.showAllBranches,
			showRemoteBranches: config.showRemoteBranches,
			pollIntervalMs: config.pollIntervalMs,
			// The file watcher already coalesces bursts (~100 ms); a second debounce would only add latency.
			debounceMs: 0,
			log: (level, msg) => log[level](msg),
		});
	}

	/** Trust, folders and settings change while the window lives: the model follows without a reload. */
	private watchEnvironment(model: ExperimentsModelImpl, config: RunlensConfig): void {
		this.store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => void model.setAllowGit(true)));
		this.store.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void model.setFolders(workspaceFolders())));
		this.store.add(
			config.onDidChange((e) => {
				const listing = ['commitsPerBranch', 'showAllBranches', 'showRemoteBranches', 'pollIntervalMs'] as const;
				if (listing.some((k) => e.affects(k))) {
					void model.setOptions({
						commitsPerBranch: config.commitsPerBranch,
						showAllBranches: config.showAllBranches,
						showRemoteBranches: config.showRemoteBranches,
						pollIntervalMs: config.pollIntervalMs,
					});
				}
			}),
		);
	}

	/** Gives the Studio outbox a moment to deliver, then persists what is left for the next start. */
	async close(): Promise<void> {
		await this.lazy.close(2_000);
	}

	dispose(): void {
		this.store.dispose();
	}
}

function workspaceFolders(): string[] {
	return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}
