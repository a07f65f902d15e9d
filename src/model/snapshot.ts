/**
 * One model snapshot: every project's experiments, indexed by id, and what changed against the
 * previous snapshot (ids whose data differs, removed ids, whether the tree's shape moved). Built
 * in time slices: a workspace of large rows is compared over several event-loop turns.
 */
import { TimeSlicer } from '../util/slice';
import type { ModelChange } from './api';
import type { ProjectState } from './projectState';
import { sameData } from './sameData';
import type { Experiment, FileError, Project } from './types';

export interface Entry {
	/** As last reported: the next snapshot's experiment is compared with it (errors attached since included). */
	exp: Experiment;
	state: ProjectState;
}

export interface Snapshot {
	projects: Project[];
	byId: Map<string, Entry>;
	change: ModelChange;
}

/** Adds errors not already on the experiment; true when any was new. */
export function mergeErrors(exp: Experiment, errors: readonly FileError[]): boolean {
	const key = (e: FileError) => `${e.file}\0${e.line ?? ''}\0${e.message}`;
	const known = new Set(exp.errors.map(key));
	const fresh = errors.filter((e) => !known.has(key(e)));
	if (fresh.length > 0) {
		exp.errors = [...exp.errors, ...fresh];
	}
	return fresh.length > 0;
}

export async function buildSnapshot(
	states: readonly ProjectState[],
	prev: Map<string, Entry>,
	extraErrors: (experimentId: string) => FileError[],
): Promise<Snapshot> {
	const projects: Project[] = [];
	const byId = new Map<string, Entry>();
	const change: ModelChange = { changed: [], removed: [], structure: false };
	const slicer = new TimeSlicer();
	for (const s of states) {
		const exps = await s.experiments();
		projects.push(s.project(exps));
		for (const exp of exps) {
			mergeErrors(exp, extraErrors(exp.id));
			const before = prev.get(exp.id);
			if (!before || before.exp.baselineSha !== exp.baselineSha) {
				change.structure = true;
			}
			if (!before || !(await sameData(before.exp, exp, slicer))) {
				change.changed.push(exp.id);
			}
			byId.set(exp.id, { exp, state: s });
			await slicer.pause();
		}
	}
	for (const id of prev.keys()) {
		if (!byId.has(id)) {
			change.removed.push(id);
		}
	}
	const order = (m: Map<string, unknown>) => [...m.keys()].join('\n');
	if (change.removed.length > 0 || order(byId) !== order(prev)) {
		change.structure = true;
	}
	return { projects, byId, change };
}
