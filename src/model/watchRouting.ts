/**
 * Routes file-watcher paths to the work they cause (re-list rows, re-collect a workspace, rediscover
 * projects) and lists what the watcher should cover.
 */
import * as path from 'node:path';
import { isInside } from './containment';
import type { ProjectState } from './projectState';
import type { Experiment } from './types';

export interface Work {
	discover: boolean;
	/** Rebuild every project state (git allowed/disallowed, revision settings changed). */
	fresh?: boolean;
	rows: Set<ProjectState>;
	collect: Set<ProjectState>;
}

/** A changed path: git refs re-list rows, project files invalidate the workspace, the rest may be new projects. */
export function routeChange(states: readonly ProjectState[], abs: string, pending: Work): void {
	let owned = false;
	for (const s of states) {
		const gitDir = s.git?.adapter.gitDir;
		if (gitDir && (abs === gitDir || abs.startsWith(gitDir + path.sep))) {
			const inner = path.relative(gitDir, abs).split(path.sep).join('/');
			if (/^(HEAD|packed-refs|refs(\/|$)|logs\/refs\/exps)/.test(inner)) {
				pending.rows.add(s);
			}
			owned = true;
			continue;
		}
		if (abs !== s.found.root && !abs.startsWith(s.found.root + path.sep)) {
			continue;
		}
		owned = true;
		const rel = path.relative(s.found.root, abs).split(path.sep).join('/');
		if (rel === '.dvc/cache' || rel.startsWith('.dvc/cache/')) {
			continue;
		}
		if (rel.startsWith('.dvc/tmp/exps')) {
			pending.rows.add(s);
		}
		s.invalidate(rel);
		pending.collect.add(s);
	}
	if (!owned || /(dvc\.yaml|metrics\.json|\.dvc)$/.test(abs)) {
		pending.discover ||= !owned || abs.endsWith('dvc.yaml');
	}
}

/** What the file watcher should watch (never .dvc/cache). */
export function watchedPaths(
	states: readonly ProjectState[],
	workspaceOf: (s: ProjectState) => Experiment | undefined,
): string[] {
	const out = new Set<string>();
	for (const s of states) {
		const root = s.found.root;
		out.add(path.join(root, '.dvc', 'tmp', 'exps', 'run'));
		const ws = workspaceOf(s);
		const files = s.rows.length && ws ? [...Object.keys(ws.params), ...Object.keys(ws.metrics)] : [];
		// Never a watch outside the project: a dvc.yaml path with `..` or an absolute one is not followed.
		for (const f of [...files, ...s.watchedFiles()]) {
			const abs = path.resolve(root, ...f.split('/'));
			if (isInside(abs, path.resolve(root))) {
				out.add(abs);
			}
		}
		const gitDir = s.git?.adapter.gitDir;
		if (gitDir) {
			for (const f of ['HEAD', 'refs', 'packed-refs']) {
				out.add(path.join(gitDir, f));
			}
		}
	}
	return [...out].sort();
}

/** Projects with a live run are re-listed and re-collected whole (the poll's safety net for missed events). */
export function markRunning(states: readonly ProjectState[], pending: Work): void {
	for (const s of states) {
		if (s.rows.some((r) => r.status === 'running')) {
			s.invalidateAll();
			pending.rows.add(s);
			pending.collect.add(s);
		}
	}
}
