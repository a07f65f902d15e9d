import * as vscode from 'vscode';
import type { TreeOptions } from './treeModel';

const STARRED_KEY = 'runlens.experiments.starred';
const FILTER_KEY = 'runlens.experiments.filter';
const ONLY_RUNNING_KEY = 'runlens.experiments.onlyRunning';

/**
 * The experiments view's own settings: filter, stars and "only running", kept per workspace in
 * workspaceState and mirrored into context keys for package.json `when` clauses.
 */
export class ExperimentsViewState {
	private starred: Set<string>;
	private filter: string;
	private onlyRunning: boolean;

	constructor(
		private readonly memento: vscode.Memento,
		private readonly onChange: (options: TreeOptions) => void,
	) {
		this.starred = new Set(memento.get<string[]>(STARRED_KEY, []));
		this.filter = memento.get<string>(FILTER_KEY, '');
		this.onlyRunning = memento.get<boolean>(ONLY_RUNNING_KEY, false);
		this.publish();
	}

	get options(): TreeOptions {
		return { filter: this.filter, starred: this.starred, onlyRunning: this.onlyRunning };
	}

	get currentFilter(): string {
		return this.filter;
	}

	isStarred(id: string): boolean {
		return this.starred.has(id);
	}

	setFilter(filter: string): void {
		this.filter = filter.trim();
		void this.memento.update(FILTER_KEY, this.filter);
		this.publish();
	}

	toggleStar(id: string): void {
		const next = new Set(this.starred);
		if (!next.delete(id)) {
			next.add(id);
		}
		// A new Set each time: the tree builder compares options by value, never mutates them.
		this.starred = next;
		void this.memento.update(STARRED_KEY, [...next]);
		this.publish();
	}

	toggleOnlyRunning(): void {
		this.onlyRunning = !this.onlyRunning;
		void this.memento.update(ONLY_RUNNING_KEY, this.onlyRunning);
		this.publish();
	}

	private publish(): void {
		void vscode.commands.executeCommand('setContext', 'runlens.filterActive', this.filter !== '');
		void vscode.commands.executeCommand('setContext', 'runlens.onlyRunning', this.onlyRunning);
		this.onChange(this.options);
	}
}
