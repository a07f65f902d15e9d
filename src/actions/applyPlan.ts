/**
 * What "Apply to workspace" will do, decided before anything is written: `dvc exp apply` writes
 * the experiment's version of every git-tracked file that differs from HEAD into the work tree
 * (HEAD and the index stay), and restores DVC-cached outputs with `dvc checkout`.
 */
import type { NameStatus } from '../git/expRefGit';
import type { Experiment } from '../model/types';

export interface ApplyPlan {
	/** Git-root-relative paths written (or deleted, when the experiment deleted them). */
	paths: string[];
	/** Of those, the ones whose current content is lost: local changes, or untracked files in the way. */
	overwrites: { path: string; why: string }[];
	/** Added or changed files (written). */
	written: string[];
	/** Files the experiment deleted (removed from the work tree). */
	deleted: string[];
}

export function planApply(changes: readonly NameStatus[], dirty: ReadonlySet<string>): ApplyPlan {
	const paths = changes.map((c) => c.path);
	const overwrites: { path: string; why: string }[] = [];
	for (const c of changes) {
		if (dirty.has(c.path)) {
			overwrites.push({ path: c.path, why: c.status === 'A' ? 'untracked file in the way' : 'has local changes' });
		} else if (c.status !== 'A') {
			overwrites.push({ path: c.path, why: c.status === 'D' ? 'deleted by the experiment' : 'replaced' });
		}
	}
	return {
		paths,
		overwrites,
		written: changes.filter((c) => c.status !== 'D').map((c) => c.path),
		deleted: changes.filter((c) => c.status === 'D').map((c) => c.path),
	};
}

/** The confirmation's detail: every file it writes, those that lose content first. */
export function applyDetail(plan: ApplyPlan, limit = 30): string {
	const lines = plan.overwrites.map((o) => `${o.path} (${o.why})`);
	const lost = new Set(plan.overwrites.map((o) => o.path));
	lines.push(...plan.paths.filter((p) => !lost.has(p)).map((p) => `${p} (new)`));
	const shown = lines.slice(0, limit);
	if (lines.length > limit) {
		shown.push(`… and ${lines.length - limit} more`);
	}
	return `HEAD and the index stay as they are. Files written:\n${shown.join('\n')}`;
}

/**
 * Stage outputs of the experiment that git does not hold (DVC-cached): `dvc checkout` restores them.
 * Paths are git-root relative (`subdir` is the DVC root inside the git root).
 */
export function dvcOutputs(exp: Experiment, gitTracked: ReadonlySet<string>, subdir: string): string[] {
	const prefix = subdir ? `${subdir.replace(/\/+$/, '')}/` : '';
	const outs = exp.artifacts.filter((a) => a.source === 'stage-out').map((a) => prefix + a.path);
	return [...new Set(outs)].filter((p) => !gitTracked.has(p) && ![...gitTracked].some((t) => t.startsWith(`${p}/`)));
}
