import * as vscode from 'vscode';
import type { ArtifactHandle, ArtifactsTreeProvider } from '../artifacts/tree';
import type { ExperimentsModel } from '../model/api';
import type { ModelWatcher } from '../vscode/watcher';
import type { SelectionModel } from './selection';
import type { RunningStatusBar } from './statusBar';
import type { TableValidator } from './tableValidation';
import type { ExperimentsTreeProvider, Handle, TreeRefresh } from './tree';
import type { ExperimentsViewState } from './viewState';

/** A TreeItem as the user sees it, for integration tests (RUNLENS_TEST=1 only). */
export interface RenderedItem {
	id: string;
	label: string;
	description?: string;
	tooltip?: string;
	/** Codicon id (`sync~spin`, `pass`...) or the icon file's path for coloured dots. */
	icon?: string;
	iconColor?: string;
	contextValue?: string;
	/** What decorations (badges) attach to, as a string. */
	resourceUri?: string;
	checkbox?: 'checked' | 'unchecked';
	/** Label ranges VS Code highlights (as it does search matches). */
	highlights?: [number, number][];
	children?: RenderedItem[];
}

interface Provider<T> {
	getChildren(element?: T): vscode.ProviderResult<T[]>;
	getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem>;
}

/** Walks a provider exactly as VS Code does (getChildren, then getTreeItem per element). */
export async function renderTree<T>(
	provider: Provider<T>,
	maxDepth = Infinity,
	parent?: T,
	depth = 0,
): Promise<RenderedItem[]> {
	const children = (await provider.getChildren(parent)) ?? [];
	const out: RenderedItem[] = [];
	for (const child of children) {
		const item = await provider.getTreeItem(child);
		const rendered = renderItem(item);
		if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None && depth + 1 < maxDepth) {
			rendered.children = await renderTree(provider, maxDepth, child, depth + 1);
		}
		out.push(rendered);
	}
	return out;
}

function renderItem(item: vscode.TreeItem): RenderedItem {
	const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
	const rendered: RenderedItem = { id: item.id ?? '', label };
	if (typeof item.label === 'object' && item.label.highlights?.length) {
		rendered.highlights = item.label.highlights;
	}
	if (typeof item.description === 'string') {
		rendered.description = item.description;
	}
	if (item.tooltip !== undefined) {
		rendered.tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip.value;
	}
	if (item.iconPath instanceof vscode.ThemeIcon) {
		rendered.icon = item.iconPath.id;
		if (item.iconPath.color) {
			rendered.iconColor = item.iconPath.color.id;
		}
	} else if (item.iconPath instanceof vscode.Uri) {
		rendered.icon = item.iconPath.fsPath;
	}
	if (item.contextValue) {
		rendered.contextValue = item.contextValue;
	}
	if (item.resourceUri) {
		rendered.resourceUri = item.resourceUri.toString();
	}
	if (item.checkboxState !== undefined) {
		const state = typeof item.checkboxState === 'object' ? item.checkboxState.state : item.checkboxState;
		rendered.checkbox = state === vscode.TreeItemCheckboxState.Checked ? 'checked' : 'unchecked';
	}
	return rendered;
}

/** Depth-first search of a rendered tree. */
export function findItem(
	items: RenderedItem[] | undefined,
	pred: (i: RenderedItem) => boolean,
): RenderedItem | undefined {
	for (const item of items ?? []) {
		if (pred(item)) {
			return item;
		}
		const found = findItem(item.children, pred);
		if (found) {
			return found;
		}
	}
	return undefined;
}

/** Hooks for integration tests, exposed as `api.testing.sidebar` when RUNLENS_TEST=1. */
export interface SidebarTesting extends vscode.Disposable {
	render(maxDepth?: number): Promise<RenderedItem[]>;
	renderArtifacts(): Promise<RenderedItem[]>;
	/** Resolves after the next tree rebuild (whether or not anything visible changed). */
	nextRefresh(): Promise<TreeRefresh>;
	/** Re-renders after every refresh (and every 250 ms) until `pred` holds; rejects after `timeoutMs`. */
	waitFor(pred: (items: RenderedItem[]) => boolean, timeoutMs?: number): Promise<RenderedItem[]>;
	/** Runs the same handler as a click on an experiment's checkbox. */
	setChecked(experimentId: string, checked: boolean): void;
	/** Shows this experiment's artifacts, as selecting it in the experiments view does. */
	showArtifactsOf(experimentId: string): void;
	statusBarText(): string | undefined;
	watchedPaths(): string[];
	/** The experiments selected for the charts, in selection order. */
	selected(): readonly string[];
	/** Reads a series table through the model (which then reports its appends); its row count. */
	readSeriesLength(experimentId: string, file: string): Promise<number | undefined>;
	/** Row count of the last append the model reported for this series file. */
	lastAppendLength(experimentId: string, file: string): number | undefined;
	/** What the "Filter Events by Source" quick pick sets (undefined: all sources). */
	setEventSource(source: string | undefined): void;
	/** Resolves when every scheduled table validation has finished. */
	tablesValidated(): Promise<void>;
	/** The experiments view's message line (Restricted Mode, filter). */
	message(): string | undefined;
	/**
	 * The element object the provider handed VS Code for this tree node (found through getChildren,
	 * as VS Code walks it): what VS Code passes to a command run from that row's menus.
	 */
	element(nodeId: string): Handle | undefined;
	/** The artifacts view's elements, as its provider hands them to VS Code. */
	artifactElements(): ArtifactHandle[];
}

export interface SidebarParts {
	model: ExperimentsModel;
	selection: SelectionModel;
	provider: ExperimentsTreeProvider;
	artifacts: ArtifactsTreeProvider;
	statusBar: RunningStatusBar;
	watcher: ModelWatcher;
	onCheckbox(changes: readonly (readonly [Handle, vscode.TreeItemCheckboxState])[]): void;
	state: ExperimentsViewState;
	validator: TableValidator;
	message(): string | undefined;
}

export function createSidebarTesting(parts: SidebarParts): SidebarTesting {
	const { model, provider, artifacts } = parts;
	const appends = new Map<string, number>();
	const key = (id: string, file: string): string => `${id}\n${file}`;
	const sub = model.onDidAppendSeries((e) => appends.set(key(e.experimentId, e.file), e.table.length));
	const nextRefresh = (): Promise<TreeRefresh> =>
		new Promise((resolve) => {
			const once = provider.onDidRefresh((r) => {
				once.dispose();
				resolve(r);
			});
		});
	const { Checked, Unchecked } = vscode.TreeItemCheckboxState;
	return {
		render: (maxDepth) => renderTree(provider, maxDepth),
		renderArtifacts: () => renderTree(artifacts),
		nextRefresh,
		waitFor: (pred, timeoutMs = 30_000) => waitFor(() => renderTree(provider), pred, nextRefresh, timeoutMs),
		setChecked: (id, checked) => parts.onCheckbox([[provider.handleOf(id), checked ? Checked : Unchecked]]),
		showArtifactsOf: (id) => artifacts.show(id),
		statusBarText: () => parts.statusBar.text,
		watchedPaths: () => parts.watcher.watchedPaths,
		selected: () => [...parts.selection.selected],
		readSeriesLength: async (id, file) => (await model.readSeriesTable(id, file))?.length,
		lastAppendLength: (id, file) => appends.get(key(id, file)),
		setEventSource: (source) => parts.state.setEventSource(source),
		tablesValidated: () => parts.validator.idle(),
		message: () => parts.message(),
		element: (nodeId) => findElement(provider, nodeId),
		artifactElements: () => artifacts.getChildren(),
		dispose: () => sub.dispose(),
	};
}

async function waitFor(
	render: () => Promise<RenderedItem[]>,
	pred: (items: RenderedItem[]) => boolean,
	nextRefresh: () => Promise<unknown>,
	timeoutMs: number,
): Promise<RenderedItem[]> {
	const deadline = Date.now() + timeoutMs;
	let items = await render();
	while (!pred(items)) {
		const left = deadline - Date.now();
		if (left <= 0) {
			const tree = JSON.stringify(items, null, 1).slice(0, 4000);
			throw new Error(`sidebar: condition not met within ${timeoutMs} ms; tree was:\n${tree}`);
		}
		await Promise.race([nextRefresh(), new Promise((r) => setTimeout(r, Math.min(250, left)))]);
		items = await render();
	}
	return items;
}

function findElement(provider: ExperimentsTreeProvider, nodeId: string, parent?: Handle): Handle | undefined {
	for (const child of provider.getChildren(parent)) {
		const found = child.id === nodeId ? child : findElement(provider, nodeId, child);
		if (found) {
			return found;
		}
	}
	return undefined;
}
