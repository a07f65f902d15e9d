import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

/**
 * Which paths the file watcher may watch: `files.watcherExclude` globs (VS Code glob syntax:
 * `**`, `*`, `?`, `{a,b}`, `[...]`) and the DVC cache, which is never watched (it can hold
 * millions of files and its writes say nothing about experiments).
 */

/**
 * VS Code glob syntax (`**`, `*`, `?`, `{a,b}`, `[...]`), dot files included, matched by picomatch.
 * VS Code negates a class with `[!...]`, which picomatch spells `[^...]`.
 */
export function globToRegExp(glob: string): RegExp {
	return picomatch.makeRe(glob.replace(/\[!/g, '[^'), { dot: true });
}

export class WatchFilter {
	private readonly patterns: RegExp[];

	/** `excludes` is the `files.watcherExclude` object: glob → enabled. */
	constructor(excludes: Record<string, boolean> | undefined) {
		this.patterns = Object.entries(excludes ?? {})
			.filter(([, on]) => on)
			.map(([glob]) => globToRegExp(glob.replace(/\\/g, '/')));
	}

	/**
	 * `relPath` is POSIX, relative to the workspace folder (absolute paths work for absolute
	 * globs). A path is excluded when it or any of its parent folders matches.
	 */
	isExcluded(relPath: string): boolean {
		if (isDvcCache(relPath)) {
			return true;
		}
		const parts = relPath.split('/');
		for (let i = parts.length; i > 0; i--) {
			const prefix = parts.slice(0, i).join('/');
			if (prefix && this.patterns.some((p) => p.test(prefix))) {
				return true;
			}
		}
		return false;
	}
}

/**
 * `files.watcherExclude` is a resource-scoped setting: each workspace folder can set its own, and
 * reading it without a resource makes VS Code log a warning. So one WatchFilter per folder, built
 * from that folder's value on first use. A path in no folder gets the value for no particular
 * resource (`undefined` here; the adapter asks VS Code with `null`, which it accepts silently),
 * matched with the absolute path (absolute globs).
 */
export class FolderWatchFilters {
	private readonly filters = new Map<string, WatchFilter>();

	constructor(
		/** The workspace folders' absolute paths (read each time: folders come and go). */
		private readonly folders: () => readonly string[],
		/** `files.watcherExclude` as `folder` sees it (`undefined`: outside every folder). */
		private readonly excludesFor: (folder: string | undefined) => Record<string, boolean> | undefined,
	) {}

	/** Forgets every folder's filter (the setting or the folders changed). */
	reset(): void {
		this.filters.clear();
	}

	/** Whether `absPath` is excluded by the setting of the innermost folder holding it (globs relative to it). */
	isExcluded(absPath: string): boolean {
		if (isDvcCache(absPath)) {
			return true;
		}
		const folder = this.folderOf(absPath);
		const rel = folder === undefined ? absPath : path.relative(folder, absPath).split(path.sep).join('/');
		return rel !== '' && this.filterOf(folder).isExcluded(rel);
	}

	private folderOf(absPath: string): string | undefined {
		let best: string | undefined;
		for (const f of this.folders()) {
			const rel = path.relative(f, absPath);
			const inside = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
			if (inside && (best === undefined || f.length > best.length)) {
				best = f;
			}
		}
		return best;
	}

	private filterOf(folder: string | undefined): WatchFilter {
		const key = folder ?? '';
		let filter = this.filters.get(key);
		if (!filter) {
			filter = new WatchFilter(this.excludesFor(folder));
			this.filters.set(key, filter);
		}
		return filter;
	}
}

export function isDvcCache(path: string): boolean {
	return /(^|\/)\.dvc\/cache(\/|$)/.test(path.replace(/\\/g, '/'));
}

/** One non-recursive watch: `pattern` (a name or `*`) directly inside `base`. */
export interface WatchTarget {
	base: string;
	pattern: string;
}

/** Beyond this many directories under one watched path, the rest rely on the model's poll. */
export const MAX_WATCHED_DIRS = 256;

/**
 * Non-recursive watch targets for the model's paths. Recursive watchers inside the workspace are
 * served by VS Code's workspace watcher, which on Linux never sees inside directories created in
 * a burst; non-recursive ones get their own watcher per folder. So: a directory is watched with
 * `*` in it and in each of its subdirectories, a file by name in its folder, and a missing path by
 * the name of its first missing segment in the nearest existing ancestor (`mkdir -p` reports
 * only that top directory; once it exists, the next resync watches inside it).
 */
export function watchTargets(absPaths: readonly string[], isExcluded: (absPath: string) => boolean): WatchTarget[] {
	const out = new Map<string, WatchTarget>();
	const add = (base: string, pattern: string): void => {
		out.set(`${base}\n${pattern}`, { base, pattern });
	};
	for (const p of absPaths) {
		if (isExcluded(p)) {
			continue;
		}
		if (isDirectory(p)) {
			for (const dir of subdirectories(p, isExcluded)) {
				add(dir, '*');
			}
			continue;
		}
		let child = p;
		let parent = path.dirname(p);
		while (!fs.existsSync(parent) && path.dirname(parent) !== parent) {
			child = parent;
			parent = path.dirname(parent);
		}
		add(parent, path.basename(child));
	}
	return [...out.values()];
}

function subdirectories(root: string, isExcluded: (absPath: string) => boolean): string[] {
	const dirs = [root];
	for (let i = 0; i < dirs.length && dirs.length < MAX_WATCHED_DIRS; i++) {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dirs[i], { withFileTypes: true });
		} catch {
			continue;
		}
		for (const e of entries) {
			const full = path.join(dirs[i], e.name);
			if (e.isDirectory() && !isExcluded(full) && dirs.length < MAX_WATCHED_DIRS) {
				dirs.push(full);
			}
		}
	}
	return dirs;
}

export function isDirectory(p: string): boolean {
	try {
		return fs.statSync(p).isDirectory();
	} catch {
		return false;
	}
}
