import * as vscode from 'vscode';
import type { ExperimentsModel } from '../model/api';
import { STATE_LABELS, groupByBaseline } from './remoteStatus';
import type { RemoteState, TeamEntry } from './remoteStatus';
import type { TeamModel, TeamState } from './team';

/**
 * The Team view: every experiment of the repository and of its git remote under its baseline,
 * marked local only / on remote / remote only. Elements are plain objects rebuilt per refresh,
 * keyed by stable ids.
 */
export type TeamNode =
	| { type: 'repo'; id: string; state: TeamState }
	| { type: 'baseline'; id: string; gitRoot: string; sha: string; entries: TeamEntry[] }
	| { type: 'entry'; id: string; gitRoot: string; entry: TeamEntry; experimentId?: string }
	| { type: 'message'; id: string; label: string };

const ICONS: Record<RemoteState, string> = {
	local: 'device-desktop',
	synced: 'cloud',
	remote: 'cloud-download',
	diverged: 'warning',
};

export class TeamTreeProvider implements vscode.TreeDataProvider<TeamNode>, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<TeamNode | undefined>();
	readonly onDidChangeTreeData = this.emitter.event;
	private readonly subscriptions: vscode.Disposable[];

	constructor(
		private readonly team: TeamModel,
		private readonly model: ExperimentsModel,
	) {
		this.subscriptions = [
			toVsDisposable(team.onDidChange(() => this.emitter.fire(undefined))),
			toVsDisposable(model.onDidChangeExperiments(() => this.emitter.fire(undefined))),
		];
	}

	getChildren(node?: TeamNode): TeamNode[] {
		if (!node) {
			const states = this.team.current;
			return states.length === 1 ? this.baselines(states[0]) : states.map((s) => this.repoNode(s));
		}
		if (node.type === 'repo') {
			return this.baselines(node.state);
		}
		if (node.type === 'baseline') {
			return node.entries.map((entry) => ({
				type: 'entry',
				id: `team:${node.gitRoot}:${entry.ref}`,
				gitRoot: node.gitRoot,
				entry,
				experimentId: this.experimentIdOf(node.gitRoot, entry),
			}));
		}
		if (node.type === 'entry' && node.entry.state === 'remote') {
			// Expanding a remote-only experiment fetches it (the view's onDidExpandElement); until then:
			return [{ type: 'message', id: `${node.id}:fetching`, label: 'Fetching from the remote…' }];
		}
		return [];
	}

	/** For reveal(): an entry's baseline, a baseline's repository (when the view lists several). */
	getParent(node: TeamNode): TeamNode | undefined {
		const states = this.team.current;
		const state = 'gitRoot' in node ? states.find((s) => s.gitRoot === node.gitRoot) : undefined;
		if (!state || node.type === 'repo' || node.type === 'message') {
			return undefined;
		}
		if (node.type === 'baseline') {
			return states.length === 1 ? undefined : this.repoNode(state);
		}
		return this.baselines(state).find((b) => b.type === 'baseline' && b.sha === node.entry.baselineSha);
	}

	private repoNode(state: TeamState): TeamNode {
		return { type: 'repo', id: `team:${state.gitRoot}`, state };
	}

	private baselines(state: TeamState): TeamNode[] {
		return [...groupByBaseline(state.entries)].map(([sha, entries]) => ({
			type: 'baseline',
			id: `team:${state.gitRoot}:${sha}`,
			gitRoot: state.gitRoot,
			sha,
			entries,
		}));
	}

	/** The model's id of a local experiment ref (every project in that git root lists it; the first wins). */
	experimentIdOf(gitRoot: string, entry: TeamEntry): string | undefined {
		if (entry.state === 'remote') {
			return undefined;
		}
		const ids = this.model
			.getProjects()
			.filter((p) => p.gitRoot === gitRoot)
			.map((p) => `${p.id}|exp|${entry.baselineSha}|${entry.name}`);
		return ids.find((id) => this.model.getExperiment(id) !== undefined);
	}

	getTreeItem(node: TeamNode): vscode.TreeItem {
		const None = vscode.TreeItemCollapsibleState.None;
		switch (node.type) {
			case 'repo': {
				const item = new vscode.TreeItem(node.state.gitRoot, vscode.TreeItemCollapsibleState.Expanded);
				item.description = node.state.noRemote
					? `no remote "${node.state.remote}"`
					: node.state.error
						? `${node.state.remote}: listing failed`
						: node.state.remote;
				item.iconPath = new vscode.ThemeIcon('repo');
				return withId(item, node.id);
			}
			case 'baseline': {
				const label = this.baselineLabel(node.sha);
				const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
				item.description = `${node.sha.slice(0, 7)} · ${node.entries.length} experiment(s)`;
				item.iconPath = new vscode.ThemeIcon('git-commit');
				item.contextValue = 'team.baseline';
				return withId(item, node.id);
			}
			case 'entry': {
				const remoteOnly = node.entry.state === 'remote';
				const item = new vscode.TreeItem(
					node.entry.name,
					remoteOnly ? vscode.TreeItemCollapsibleState.Collapsed : None,
				);
				item.description = STATE_LABELS[node.entry.state];
				item.tooltip = `${node.entry.ref}\n${STATE_LABELS[node.entry.state]}${remoteOnly ? ' — expand, plot or compare to fetch it' : ''}`;
				item.iconPath = new vscode.ThemeIcon(ICONS[node.entry.state]);
				item.contextValue = `team.${node.entry.state}`;
				return withId(item, node.id);
			}
			case 'message':
				return withId(new vscode.TreeItem(node.label, None), node.id);
		}
	}

	private baselineLabel(sha: string): string {
		const commit = this.model.getExperiments().find((e) => e.kind === 'commit' && e.rev === sha);
		return commit?.name ?? `${sha.slice(0, 7)} (commit not fetched)`;
	}

	dispose(): void {
		this.subscriptions.forEach((s) => void s.dispose());
		this.emitter.dispose();
	}
}

function withId(item: vscode.TreeItem, id: string): vscode.TreeItem {
	item.id = id;
	return item;
}

function toVsDisposable(d: { dispose(): void }): vscode.Disposable {
	return new vscode.Disposable(() => d.dispose());
}
