import type { Artifact, Experiment, Project } from '../model/types';
import type { TreeNode } from './treeNode';

/**
 * Outputs that are not pulled are shown calmly: "not pulled" on the file and the row, and one
 * explanation per project (with the Pull action), not an error per file and revision.
 */

/** The id prefix of a project's not-pulled hint node (its Pull action reads the project from it). */
export const NOT_PULLED_HINT_PREFIX = 'notPulled:';

export function notPulledCount(exp: Experiment): number {
	return exp.errors.filter((e) => e.notPulled).length + exp.artifacts.filter((a) => a.notPulled).length;
}

/** What an artifact's size shows when it is absent. */
export function absentLabel(a: Artifact): string {
	return a.notPulled ? 'not pulled' : 'missing';
}

/** The project's explanation, when any of its revisions has outputs that are not pulled. */
export function notPulledHint(project: Project): TreeNode | undefined {
	const withAny = project.experiments.filter((e) => notPulledCount(e) > 0);
	if (withAny.length === 0) {
		return undefined;
	}
	const remote = project.experiments.flatMap((e) => e.errors).find((e) => e.notPulled?.remote)?.notPulled?.remote;
	const from = remote ? ` from the DVC remote "${remote}"` : '';
	const text = `metrics and plots here are DVC-tracked outputs; run \`dvc pull\` to fetch them${from}`;
	return {
		id: `${NOT_PULLED_HINT_PREFIX}${project.id}`,
		kind: 'message',
		label: 'Outputs not pulled',
		description: text,
		tooltip: `Outputs not pulled\n${text}.\n${withAny.length} revision(s) have outputs that are neither in the workspace nor in the local DVC cache.`,
		notPulled: true,
		children: [],
	};
}

/** What `dvc pull` is given for a revision: its not-pulled files and artifact paths, each once. */
export function pullTargets(exp: Experiment | undefined): string[] {
	if (!exp) {
		return [];
	}
	const files = [
		...exp.errors.filter((e) => e.notPulled).map((e) => e.file),
		...exp.artifacts.filter((a) => a.notPulled).map((a) => a.path),
	];
	return [...new Set(files)];
}
