import * as vscode from 'vscode';
import { registerArtifactCommands } from '../artifacts/commands';
import { ArtifactsTreeProvider } from '../artifacts/tree';
import type { ExperimentsModel } from '../model/api';
import { RevisionDocuments } from '../vscode/revisionDocuments';
import type { RunlensConfig } from '../vscode/config';
import { ModelWatcher } from '../vscode/watcher';
import type { WatchedModel } from '../vscode/watcher';
import { registerExperimentsCommands } from './commands';
import type { SelectionModel } from './selection';
import { createSidebarTesting } from './sidebarTesting';
import type { SidebarTesting } from './sidebarTesting';
export type { SidebarTesting };
import { RunningStatusBar } from './statusBar';
import { ExperimentsTreeProvider } from './tree';
import type { Handle } from './tree';
import { TreeItemFactory } from './treeItems';
import { TableValidator } from './tableValidation';
import { ExperimentDetailSources } from './treeSources';
import type { EventRecorder } from './treeSources';
import { ExperimentsViewState } from './viewState';
import type { ExperimentResolver } from './resolve';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import { experimentIdOfHandle } from './resolve';

export interface SidebarDeps {
	context: vscode.ExtensionContext;
	model: ExperimentsModel & WatchedModel;
	selection: SelectionModel;
	log: vscode.LogOutputChannel;
	/** The one LifecycleRecorder: its events show under each experiment's Events node. */
	lifecycle: EventRecorder;
	/** The one resolver of command arguments: the tree tells it what its handles are. */
	resolver: ExperimentResolver;
	picker: VscodeExperimentPicker;
	/** Settings adapter (`files.watcherExclude` per workspace folder for the watcher). */
	config: Pick<RunlensConfig, 'watcherExcludeFor'>;
}

/** Why an untrusted workspace shows only files: git could run programs its config names. */
export const RESTRICTED_MESSAGE =
	'Restricted Mode: only files are read. Git commits, branches and experiment refs are not shown, because git could run programs named in the repository config. Trust this folder to see them.';

export interface SidebarRegistration {
	disposable: vscode.Disposable;
	testing: SidebarTesting;
	/** Stars (and the tree's other options) as they change, for the experiments table. */
	stars: { ids(): ReadonlySet<string>; onDidChange: vscode.Event<unknown> };
}

export function registerSidebar(deps: SidebarDeps): SidebarRegistration {
	const { context, model, selection, log } = deps;
	const items = new TreeItemFactory(vscode.Uri.joinPath(context.globalStorageUri, 'icons'));
	const validator = new TableValidator(model);
	const sources = new ExperimentDetailSources(deps.lifecycle, validator);
	const provider = new ExperimentsTreeProvider(model, selection, items, log, sources);
	const optionsChanged = new vscode.EventEmitter<unknown>();
	const state = new ExperimentsViewState(context.workspaceState, (o) => {
		provider.setOptions(o);
		optionsChanged.fire(o);
	});
	const treeView = vscode.window.createTreeView('runlens.experiments', {
		treeDataProvider: provider,
		showCollapseAll: true,
		manageCheckboxStateManually: true,
	});
	const artifacts = new ArtifactsTreeProvider(model);
	const artifactsView = vscode.window.createTreeView('runlens.artifacts', { treeDataProvider: artifacts });
	const documents = new RevisionDocuments(model);
	const watcher = new ModelWatcher(model, log, {
		watcherExclude: (folder) => deps.config.watcherExcludeFor(folder),
	});
	const statusBar = new RunningStatusBar(model);

	const onCheckbox = (changes: readonly (readonly [Handle, vscode.TreeItemCheckboxState])[]): void => {
		for (const [handle, checked] of changes) {
			const id = provider.nodeOf(handle)?.experimentId;
			if (id) {
				selection.set(id, checked === vscode.TreeItemCheckboxState.Checked);
			}
		}
	};
	const updateMessage = (): void => {
		const filter = state.currentFilter;
		const parts = [
			vscode.workspace.isTrusted ? '' : RESTRICTED_MESSAGE,
			filter ? `Filtered by ${filter}` : '',
			state.options.onlyRunning ? 'Showing only running experiments' : '',
		];
		treeView.message = parts.filter((p) => p).join(' · ') || undefined;
		// The "no experiments found" welcome is for an empty workspace, not for a filter that hides everything.
		void vscode.commands.executeCommand('setContext', 'runlens.hasExperiments', model.getExperiments().length > 0);
	};
	const subscriptions: { dispose(): void }[] = [
		model.onDidChangeExperiments((change) => {
			for (const id of change.removed) {
				selection.set(id, false);
				sources.forget(id);
			}
			provider.scheduleRebuild();
			updateMessage();
		}),
		selection.onDidChangeSelection(() => provider.scheduleRebuild()),
		sources.onDidChange(() => provider.scheduleRebuild()),
		provider.onDidRefresh(updateMessage),
		vscode.workspace.onDidGrantWorkspaceTrust(updateMessage),
		treeView.onDidChangeCheckboxState((e) => onCheckbox(e.items)),
		treeView.onDidChangeSelection((e) => {
			const id = provider.nodeOf(e.selection[0])?.experimentId;
			if (id) {
				artifacts.show(id);
			}
		}),
		deps.resolver.addNodeResolver((arg) => experimentIdOfHandle(provider.current, arg)),
		...registerExperimentsCommands({ ...deps, provider, state, documents, sources }),
		...registerArtifactCommands(model, artifacts, deps),
	];
	updateMessage();
	const testing = createSidebarTesting({
		model,
		selection,
		provider,
		artifacts,
		statusBar,
		watcher,
		onCheckbox,
		state,
		validator,
		message: () => treeView.message,
	});
	subscriptions.push(testing);
	const disposable = new vscode.Disposable(() => {
		for (const d of [
			...subscriptions,
			statusBar,
			watcher,
			documents,
			artifactsView,
			artifacts,
			treeView,
			provider,
			sources,
			validator,
			optionsChanged,
		].reverse()) {
			d.dispose();
		}
	});
	const stars = { ids: () => state.options.starred ?? new Set<string>(), onDidChange: optionsChanged.event };
	return { disposable, testing, stars };
}
