import * as vscode from 'vscode';
import type { TreeOptions } from './treeModel';

const STARRED_KEY = 'runlens.experiments.starred';
const FILTER_KEY = 'runlens.experiments.filter';
const ONLY_RUNNING_KEY = 'runlens.experiments.onlyRunning';
const EVENT_SOURCE_KEY = 'runlens.events.filterSource';

/**
 * The experiments view's own settings: filter, stars and "only running", kept per workspace in
 * workspaceState and mirrored into context keys for package.json `when` clauses.
 */
export class ExperimentsViewState {
	private starred: Set<string>;
	private filter: string;
	private onlyRunning: boolean;
	private eventSource: string | undefined;

	constructor(
		private readonly memento: vscode.Memento,
		private readonly onChange: (options: TreeOptions) => void,
	) {
		this.starred = new Set(memento.get<string[]>(STARRED_KEY, []));
		this.filter = memento.get<string>(FILTER_KEY, '');
		this.onlyRunning = memento.get<boolean>(ONLY_RUNNING_KEY, false);
		this.eventSource = memento.get<string>(EVENT_SOURCE_KEY) || undefined;
		this.publish();
	}

	get options(): TreeOptions {
		const options: TreeOptions = { filter: this.filter, starred: this.starred, onlyRunning: this.onlyRunning };
		return this.eventSource === undefined ? options : { ...options, eventSource: this.eventSource };
	}

	get currentEventSource(): string | undefined {
		return this.eventSource;
	}

	/** Shows only events of `source` under every experiment; undefined shows all. */
	setEventSource(source: string | undefined): void {
		this.eventSource = source || undefined;
		void this.memento.update(EVENT_SOURCE_KEY, this.eventSource);
		this.publish();
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
		void vscode.commands.executeCommand('setContext', 'runlens.events.filtered', this.eventSource !== undefined);
		this.onChange(this.options);
	}
}
