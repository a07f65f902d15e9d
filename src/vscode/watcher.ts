import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentsModel } from '../model/api';
import { FolderWatchFilters, isDirectory, watchTargets } from '../experiments/watchFilter';

/** The model's write side as the watcher sees it (implemented by src/model/model.ts). */
export interface WatchedModel extends Pick<ExperimentsModel, 'onDidChangeExperiments'> {
	notifyFilesChanged(absPaths: string[]): void;
	notifyDirectoryCreated(absPath: string): void;
	getWatchedPaths(): string[];
}

export interface WatcherOptions {
	/** Events are gathered this long after the first one, then handed to the model at once. */
	coalesceMs?: number;
	/** `files.watcherExclude` of the workspace folder `folder` (`undefined`: a path in no folder). */
	watcherExclude: (folder: vscode.Uri | undefined) => Record<string, boolean>;
}

/**
 * Keeps non-recursive VS Code file watchers on the paths the model cares about (see
 * `watchTargets` for why not recursive ones). Events are coalesced; a created directory is handed
 * to the model to scan and gets watchers of its own.
 */
export class ModelWatcher implements vscode.Disposable {
	private readonly watchers = new Map<string, vscode.Disposable>();
	private readonly pending = new Set<string>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private readonly filters: FolderWatchFilters;
	private lastFlush: { at: number; count: number } | undefined;
	/** The model's path list at the last resync, and whether directories appeared or vanished since. */
	private lastPaths = '';
	private dirsChanged = false;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(
		private readonly model: WatchedModel,
		private readonly log: vscode.LogOutputChannel,
		private readonly options: WatcherOptions,
	) {
		this.filters = new FolderWatchFilters(
			() => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
			(folder) => options.watcherExclude(folder === undefined ? undefined : vscode.Uri.file(folder)),
		);
		const sub = model.onDidChangeExperiments(() => this.onModelChanged());
		const refilter = (): void => {
			this.filters.reset();
			this.resync(true);
		};
		this.subscriptions.push(
			new vscode.Disposable(() => sub.dispose()),
			// Any folder's value may have changed (no resource: a change in any scope counts).
			vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('files.watcherExclude') && refilter()),
			vscode.workspace.onDidChangeWorkspaceFolders(refilter),
		);
		this.resync(true);
	}

	/** `base/pattern` of every watcher (for tests and the output log). */
	get watchedPaths(): string[] {
		return [...this.watchers.keys()].map((k) => k.replace('\n', path.sep));
	}

	private onModelChanged(): void {
		if (this.lastFlush) {
			const ms = performance.now() - this.lastFlush.at;
			this.log.debug(`model refreshed ${ms.toFixed(1)} ms after ${this.lastFlush.count} file event(s)`);
			this.lastFlush = undefined;
		}
		this.resync();
	}

	/** Cheap unless the model's paths changed or directories came or went (or `force`). */
	resync(force = false): void {
		const paths = this.model.getWatchedPaths();
		const key = paths.join('\n');
		if (!force && !this.dirsChanged && key === this.lastPaths) {
			return;
		}
		this.lastPaths = key;
		this.dirsChanged = false;
		const wanted = new Map<string, vscode.RelativePattern>();
		for (const t of watchTargets(paths, (p) => this.isExcluded(p))) {
			wanted.set(`${t.base}\n${t.pattern}`, new vscode.RelativePattern(vscode.Uri.file(t.base), t.pattern));
		}
		for (const [k, watcher] of this.watchers) {
			if (force || !wanted.has(k)) {
				watcher.dispose();
				this.watchers.delete(k);
			}
		}
		for (const [k, pattern] of wanted) {
			if (!this.watchers.has(k)) {
				this.watchers.set(k, this.watch(pattern));
			}
		}
	}

	private watch(pattern: vscode.RelativePattern): vscode.Disposable {
		const watcher = vscode.workspace.createFileSystemWatcher(pattern);
		watcher.onDidCreate((uri) => this.onEvent(uri, true));
		watcher.onDidChange((uri) => this.onEvent(uri, false));
		watcher.onDidDelete((uri) => this.onEvent(uri, false, true));
		// In 1.99 a non-recursive watcher inside the workspace is served by the recursive workspace
		// watcher when one covers it, so it shares its blindness below burst-created directories.
		// A native watch of the same folder sees them; duplicate events fold in the coalescing.
		const native = nativeWatch(pattern.baseUri.fsPath, pattern.pattern, (abs, exists) =>
			this.onEvent(vscode.Uri.file(abs), exists && !this.watches(abs), !exists),
		);
		return new vscode.Disposable(() => {
			watcher.dispose();
			native?.close();
		});
	}

	private onEvent(uri: vscode.Uri, created: boolean, deleted = false): void {
		const p = uri.fsPath;
		if (this.isExcluded(p)) {
			return;
		}
		if (created && isDirectory(p)) {
			this.log.debug(`directory created: ${p}`);
			this.dirsChanged = true;
			this.model.notifyDirectoryCreated(p);
		} else if (deleted && this.watches(p)) {
			this.dirsChanged = true;
		}
		this.pending.add(p);
		this.timer ??= setTimeout(() => this.flush(), this.options.coalesceMs ?? 100);
	}

	private watches(dir: string): boolean {
		return this.watchers.has(`${dir}\n*`);
	}

	private flush(): void {
		this.timer = undefined;
		const paths = [...this.pending];
		this.pending.clear();
		if (paths.length === 0) {
			return;
		}
		this.lastFlush = { at: performance.now(), count: paths.length };
		this.log.debug(`files changed (${paths.length}): ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}`);
		this.model.notifyFilesChanged(paths);
		// Watch inside directories that appeared (before the model's next change event, if any).
		this.resync();
	}

	private isExcluded(absPath: string): boolean {
		return this.filters.isExcluded(absPath);
	}

	dispose(): void {
		if (this.timer !== undefined) {
			clearTimeout(this.timer);
		}
		for (const w of this.watchers.values()) {
			w.dispose();
		}
		this.watchers.clear();
		for (const s of this.subscriptions) {
			s.dispose();
		}
	}
}

/** A non-recursive `fs.watch` of `dir` reporting entries matching `pattern` (a name or `*`). */
function nativeWatch(
	dir: string,
	pattern: string,
	onEvent: (abs: string, exists: boolean) => void,
): fs.FSWatcher | undefined {
	try {
		const watcher = fs.watch(dir, { persistent: false }, (_type, name) => {
			if (name && (pattern === '*' || name === pattern)) {
				const abs = path.join(dir, name.toString());
				onEvent(abs, fs.existsSync(abs));
			}
		});
		// A watched folder that is deleted errors the watcher: the next resync replaces it.
		watcher.on('error', () => watcher.close());
		return watcher;
	} catch {
		return undefined;
	}
}
