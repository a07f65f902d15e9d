/**
 * The git side of each action, vscode-free: what `dvc exp apply/branch/rename/remove/push/pull`
 * write, through ExpRefGit. The commands ask the user first and show the result.
 */
import type { ExpRefGit } from '../git/expRefGit';
import type { Experiment } from '../model/types';
import { planApply } from './applyPlan';
import type { ApplyPlan } from './applyPlan';
import { expNameProblem, expRefName, removeTransaction, renameTransaction } from './refs';

/** An experiment with the repository it lives in. */
export interface ExpTarget {
	exp: Experiment;
	git: ExpRefGit;
	/** DVC root relative to the git root ('' when equal). */
	subdir: string;
}

export function refOf(exp: Experiment): string {
	if (exp.kind !== 'experiment' || !exp.baselineSha) {
		throw new Error(`"${exp.name}" is not an experiment (it is a ${exp.kind}).`);
	}
	return expRefName(exp.baselineSha, exp.name);
}

/** What apply would write, against HEAD and the work tree now. */
export async function planApplyFor(t: ExpTarget): Promise<ApplyPlan> {
	const head = await t.git.resolve('HEAD');
	if (!head) {
		throw new Error('The repository has no commit to apply onto.');
	}
	const changes = await t.git.diffNames(head, t.exp.rev);
	return planApply(changes, await t.git.dirty(changes.map((c) => c.path)));
}

export async function apply(t: ExpTarget, plan: ApplyPlan): Promise<void> {
	await t.git.restoreWorktree(t.exp.rev, plan.paths);
}

/** Files git holds at the experiment commit (to tell DVC outputs from git-tracked files). */
export async function trackedFiles(t: ExpTarget): Promise<Set<string>> {
	const out = await t.git.run(['ls-tree', '-r', '--name-only', '-z', '--full-tree', t.exp.rev]);
	return new Set(out.split('\0').filter(Boolean));
}

export async function createBranch(t: ExpTarget, name: string): Promise<void> {
	const problem = await t.git.checkBranchName(name);
	if (problem !== undefined) {
		throw new Error(`"${name}" is not a valid branch name: ${problem}`);
	}
	await t.git.createBranch(name, t.exp.rev);
}

export async function rename(t: ExpTarget, newName: string, existing: ReadonlySet<string>): Promise<string> {
	const problem = expNameProblem(newName, existing);
	if (problem) {
		throw new Error(problem);
	}
	const oldRef = refOf(t.exp);
	const newRef = expRefName(t.exp.baselineSha!, newName);
	if (!(await t.git.isValidRef(newRef))) {
		throw new Error(`"${newName}" is not a valid experiment name (git check-ref-format).`);
	}
	await t.git.updateRefs(renameTransaction(oldRef, newRef, t.exp.rev));
	return newRef;
}

/** Removes the refs of experiments in one repository at once (all or none). */
export async function remove(git: ExpRefGit, exps: readonly Experiment[]): Promise<void> {
	await git.updateRefs(removeTransaction(exps.map((e) => ({ ref: refOf(e), sha: e.rev }))));
}

export async function push(git: ExpRefGit, remote: string, exps: readonly Experiment[]): Promise<string[]> {
	const refs = exps.map(refOf);
	await git.push(remote, refs);
	return refs;
}

export async function pull(git: ExpRefGit, remote: string, refs: readonly string[]): Promise<void> {
	await git.fetch(remote, [...refs]);
}
