import * as vscode from 'vscode';
import { registerArtifactCommands } from '../artifacts/commands';
import { ArtifactsTreeProvider } from '../artifacts/tree';
import type { ExperimentsModel } from '../model/api';
import { RevisionDocuments } from '../vscode/revisionDocuments';
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
import { ExperimentsViewState } from './viewState';

export interface SidebarDeps {
	context: vscode.ExtensionContext;
	model: ExperimentsModel & WatchedModel;
	selection: SelectionModel;
	log: vscode.LogOutputChannel;
}

export function registerSidebar(deps: SidebarDeps): { disposable: vscode.Disposable; testing: SidebarTesting } {
	const { context, model, selection, log } = deps;
	const items = new TreeItemFactory(vscode.Uri.joinPath(context.globalStorageUri, 'icons'));
	const provider = new ExperimentsTreeProvider(model, selection, items, log);
	const state = new ExperimentsViewState(context.workspaceState, (o) => provider.setOptions(o));
	const treeView = vscode.window.createTreeView('runlens.experiments', {
		treeDataProvider: provider,
		showCollapseAll: true,
		manageCheckboxStateManually: true,
	});
	const artifacts = new ArtifactsTreeProvider(model);
	const artifactsView = vscode.window.createTreeView('runlens.artifacts', { treeDataProvider: artifacts });
	const documents = new RevisionDocuments(model);
	const watcher = new ModelWatcher(model, log, {
		watcherExclude: () => vscode.workspace.getConfiguration('files').get('watcherExclude', {}),
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
		treeView.message = filter ? `Filtered by ${filter}` : undefined;
	};
	const subscriptions: { dispose(): void }[] = [
		model.onDidChangeExperiments((change) => {
			for (const id of change.removed) {
				selection.set(id, false);
			}
			provider.scheduleRebuild();
			updateMessage();
		}),
		selection.onDidChangeSelection(() => provider.scheduleRebuild()),
		provider.onDidRefresh(updateMessage),
		treeView.onDidChangeCheckboxState((e) => onCheckbox(e.items)),
		treeView.onDidChangeSelection((e) => {
			const id = provider.nodeOf(e.selection[0])?.experimentId;
			if (id) {
				artifacts.show(id);
			}
		}),
		...registerExperimentsCommands({ model, provider, selection, state, documents, log }),
		...registerArtifactCommands(model, artifacts),
	];
	const testing = createSidebarTesting({ model, selection, provider, artifacts, statusBar, watcher, onCheckbox });
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
		].reverse()) {
			d.dispose();
		}
	});
	return { disposable, testing };
}
