/**
 * Experiment ref names and git's ref-name rules, as pure functions (the input boxes validate as
 * the user types; git's own `check-ref-format` has the last word before anything is written).
 */
import { parseExpRef } from '../model/revisions';

export { parseExpRef };

/** `refs/exps/<sha[:2]>/<sha[2:]>/<name>`, the ref `dvc exp run` writes for an experiment. */
export function expRefName(baselineSha: string, name: string): string {
	return `refs/exps/${baselineSha.slice(0, 2)}/${baselineSha.slice(2)}/${name}`;
}

/** Why `component` cannot be one part of a git ref name (git-check-ref-format(1) rules 1–10), or undefined. */
function componentProblem(component: string): string | undefined {
	if (component === '') {
		return 'must not be empty or contain "//"';
	}
	if (component.startsWith('.')) {
		return 'no part may start with "."';
	}
	if (component.endsWith('.lock')) {
		return 'no part may end with ".lock"';
	}
	return undefined;
}

// ASCII control characters (below 0x20 and DEL), space, and ~ ^ : ? * [ \ (git-check-ref-format rules 3–5).
const FORBIDDEN_CHARS = new Set('~^:?*[\\ ');
const isControl = (code: number): boolean => code < 0x20 || code === 0x7f;

function forbiddenChar(name: string): string | undefined {
	for (const ch of name) {
		if (FORBIDDEN_CHARS.has(ch) || isControl(ch.charCodeAt(0))) {
			return ch;
		}
	}
	return undefined;
}

/** Git's rules for a full ref name (as `check-ref-format` without `--allow-onelevel` issues aside). */
export function refNameProblem(name: string): string | undefined {
	if (name === '') {
		return 'A name is required.';
	}
	const ch = forbiddenChar(name);
	if (ch !== undefined) {
		const shown = ch === ' ' ? 'spaces' : isControl(ch.charCodeAt(0)) ? 'control characters' : `"${ch}"`;
		return `Git ref names cannot contain ${shown}.`;
	}
	if (name.includes('..')) {
		return 'Git ref names cannot contain "..".';
	}
	if (name.includes('@{')) {
		return 'Git ref names cannot contain "@{".';
	}
	if (name.endsWith('.')) {
		return 'Git ref names cannot end with ".".';
	}
	if (name.startsWith('/') || name.endsWith('/')) {
		return 'Git ref names cannot start or end with "/".';
	}
	for (const component of name.split('/')) {
		const problem = componentProblem(component);
		if (problem) {
			return `Git ref names: ${problem}.`;
		}
	}
	return undefined;
}

/** `git check-ref-format --branch` rules, for the branch-name input box. */
export function branchNameProblem(name: string, existing: ReadonlySet<string> = new Set()): string | undefined {
	if (name.startsWith('-')) {
		return 'A branch name cannot start with "-".';
	}
	if (name === 'HEAD') {
		return 'A branch cannot be called "HEAD".';
	}
	const problem = refNameProblem(name);
	if (problem) {
		return problem;
	}
	return existing.has(name) ? `A branch named "${name}" already exists.` : undefined;
}

/** DVC's rule for experiment names: a valid ref component, no "/", unique under its baseline. */
export function expNameProblem(name: string, existing: ReadonlySet<string> = new Set()): string | undefined {
	if (name.includes('/')) {
		return 'Experiment names cannot contain "/".';
	}
	const problem = refNameProblem(name);
	if (problem) {
		return problem;
	}
	return existing.has(name) ? `An experiment named "${name}" already exists for this baseline.` : undefined;
}

/** The `update-ref --stdin` lines of a rename: create the new ref at the same commit, delete the old one. */
export function renameTransaction(oldRef: string, newRef: string, sha: string): string[] {
	return [`create ${newRef} ${sha}`, `delete ${oldRef} ${sha}`];
}

/** Delete lines that only succeed if each ref still points where the user saw it. */
export function removeTransaction(refs: readonly { ref: string; sha: string }[]): string[] {
	return refs.map((r) => `delete ${r.ref} ${r.sha}`);
}
