import * as vscode from 'vscode';
import type { ExperimentsModel } from '../model/api';
import { Emitter } from '../util/event';
import type { SelectionModel } from './selection';
import { topMostChanged } from './treeDiff';
import type { TreeItemFactory } from './treeItems';
import type { TreeOptions } from './treeModel';
import { TreeBuilder } from './treeModel';
import type { TreeNode, TreeSnapshot } from './treeNode';
import { indexTree } from './treeNode';
import type { DetailSources } from './treeSources';
import { markStartup } from '../startupTimes';

/**
 * Elements handed to VS Code are stable handles, one per node id: VS Code finds the element to
 * refresh by object identity, while our nodes are rebuilt on every model change.
 */
export interface Handle {
	readonly id: string;
}

export interface TreeRefresh {
	/** What was refreshed: the whole tree, or the ids of the top-most changed nodes. */
	fired: 'root' | string[];
	ms: number;
}

export class ExperimentsTreeProvider implements vscode.TreeDataProvider<Handle>, vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<Handle | Handle[] | undefined>();
	readonly onDidChangeTreeData = this.changeEmitter.event;
	private readonly refreshEmitter = new Emitter<TreeRefresh>();
	/** Fires after every rebuild, also when nothing visible changed (tests await it). */
	readonly onDidRefresh = this.refreshEmitter.event;

	private readonly builder = new TreeBuilder();
	private readonly handles = new Map<string, Handle>();
	private snapshot: TreeSnapshot = indexTree([]);
	private scheduled: ReturnType<typeof setTimeout> | undefined;
	private options: Omit<TreeOptions, 'colourOf' | 'sources'> = {};

	constructor(
		private readonly model: ExperimentsModel,
		private readonly selection: SelectionModel,
		private readonly items: TreeItemFactory,
		private readonly log: vscode.LogOutputChannel,
		private readonly sources?: DetailSources,
	) {
		this.rebuild();
	}

	get current(): TreeSnapshot {
		return this.snapshot;
	}

	setOptions(options: Omit<TreeOptions, 'colourOf' | 'sources'>): void {
		this.options = options;
		this.scheduleRebuild();
	}

	/** Coalesces bursts of model/selection events that arrive in the same tick into one rebuild. */
	scheduleRebuild(): void {
		if (this.scheduled === undefined) {
			this.scheduled = setTimeout(() => {
				this.scheduled = undefined;
				this.rebuild();
			}, 0);
		}
	}

	rebuild(): void {
		const started = performance.now();
		const next = this.builder.build(this.model.getProjects(), {
			...this.options,
			colourOf: (id) => this.selection.colourOf(id),
			...(this.sources ? { sources: this.sources } : {}),
		});
		const fired = topMostChanged(this.snapshot, next);
		this.snapshot = next;
		for (const id of this.handles.keys()) {
			if (!next.byId.has(id)) {
				this.handles.delete(id);
			}
		}
		if (fired === 'root') {
			this.changeEmitter.fire(undefined);
		} else {
			const known = fired.map((id) => this.handles.get(id)).filter((h): h is Handle => h !== undefined);
			if (known.length > 0) {
				this.changeEmitter.fire(known);
			}
		}
		const ms = performance.now() - started;
		this.log.debug(`tree refresh: ${ms.toFixed(1)} ms, ${fired === 'root' ? 'root' : `${fired.length} node(s)`}`);
		this.refreshEmitter.fire({ fired, ms });
	}

	nodeOf(element: Handle | undefined): TreeNode | undefined {
		return element ? this.snapshot.byId.get(element.id) : undefined;
	}

	handleOf(id: string): Handle {
		let handle = this.handles.get(id);
		if (!handle) {
			handle = { id };
			this.handles.set(id, handle);
		}
		return handle;
	}

	getTreeItem(element: Handle): vscode.TreeItem {
		const node = this.snapshot.byId.get(element.id);
		if (!node) {
			// Asked about a node removed since VS Code fetched it: a refresh is already on its way.
			return new vscode.TreeItem('…');
		}
		return this.items.create(node);
	}

	getChildren(element?: Handle): Handle[] {
		const nodes = element ? (this.snapshot.byId.get(element.id)?.children ?? []) : this.snapshot.roots;
		if (!element && nodes.length > 0) {
			markStartup('firstTreeRows');
		}
		return nodes.map((n) => this.handleOf(n.id));
	}

	getParent(element: Handle): Handle | undefined {
		const parent = this.snapshot.parentOf.get(element.id);
		return parent === undefined ? undefined : this.handleOf(parent);
	}

	dispose(): void {
		if (this.scheduled !== undefined) {
			clearTimeout(this.scheduled);
		}
		this.changeEmitter.dispose();
		this.refreshEmitter.dispose();
	}
}
