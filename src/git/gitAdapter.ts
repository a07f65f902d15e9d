/**
 * The only simple-git user. Every command here is read-only plumbing that never runs hooks,
 * pagers, textconv or diff drivers; fsmonitor (a config-defined program) is switched off per
 * command. Callers skip git entirely in untrusted workspaces.
 */
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import type { SimpleGit } from 'simple-git';
import type { Result } from '../model/types';
import { fail, ok } from '../model/types';

/** `-c` options added to every git command we run (simple-git and the cat-file process). */
export const SAFE_GIT_CONFIG = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'core.untrackedCache=false'];

/**
 * Variables that name programs for git to run. Our commands are read-only and never need them, and
 * simple-git rightly refuses to run with them set (VS Code and code-server set EDITOR for their
 * terminals), so they are dropped rather than allowed.
 */
const PROGRAM_VARS = new Set(['EDITOR', 'VISUAL', 'PAGER', 'SSH_ASKPASS']);

/** Environment for every git command: never prompt, never take optional locks, no inherited GIT_DIR. */
export function safeGitEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (v !== undefined && !k.startsWith('GIT_') && !PROGRAM_VARS.has(k)) {
			env[k] = v;
		}
	}
	return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

export interface HeadInfo {
	/** Undefined in a repository with no commits. */
	sha?: string;
	/** Short branch name; undefined when detached. */
	branch?: string;
	detached: boolean;
}

export interface RefInfo {
	/** Full ref name, e.g. `refs/heads/main`. */
	name: string;
	/** The object the ref points to (for annotated tags: the tag object). */
	sha: string;
	/** Peeled commit for annotated tags, else `sha`. */
	commit: string;
}

export interface CommitInfo {
	sha: string;
	parents: string[];
	/** Committer time, ms since epoch. */
	time: number;
	subject: string;
}

export interface ReflogEntry {
	sha: string;
	message: string;
}

export type GitOpenFailure = 'git-missing' | 'not-a-repo' | 'error';

function errorText(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

export function classifyGitError(message: string): GitOpenFailure {
	if (/ENOENT|spawn git|not found/i.test(message) && !/not a git repository/i.test(message)) {
		return 'git-missing';
	}
	if (/not a git repository|not inside a work tree|must be run in a work tree/i.test(message)) {
		return 'not-a-repo';
	}
	return 'error';
}

export class GitAdapter {
	private constructor(
		private readonly git: SimpleGit,
		/** Absolute top-level of the work tree. */
		readonly topLevel: string,
		/** Absolute common git dir (where refs and objects live, also for worktrees). */
		readonly gitDir: string,
	) {}

	/** Resolves the repository containing `dir`; a clean failure when git is missing or it is not a repo. */
	static async open(dir: string, binary = 'git'): Promise<Result<GitAdapter> & { reason?: GitOpenFailure }> {
		let git: SimpleGit;
		try {
			git = createGit(dir, binary);
			const out = await git.raw(['rev-parse', '--show-toplevel', '--git-common-dir']);
			const [top, common] = out.split('\n').map((s) => s.trim());
			if (!top) {
				return { ...fail('not inside a git work tree'), reason: 'not-a-repo' };
			}
			const topLevel = path.resolve(top);
			return ok(new GitAdapter(createGit(topLevel, binary), topLevel, path.resolve(dir, common || '.git')));
		} catch (err) {
			const message = errorText(err);
			return { ...fail(message.trim()), reason: classifyGitError(message) };
		}
	}

	private async tryRaw(args: string[]): Promise<string | undefined> {
		try {
			return await this.git.raw(args);
		} catch {
			return undefined;
		}
	}

	async head(): Promise<HeadInfo> {
		const symbolic = (await this.tryRaw(['symbolic-ref', '-q', 'HEAD']))?.trim();
		const sha = (await this.tryRaw(['rev-parse', '-q', '--verify', 'HEAD^{commit}']))?.trim();
		const branch = symbolic?.startsWith('refs/heads/') ? symbolic.slice('refs/heads/'.length) : undefined;
		return { sha: sha || undefined, branch, detached: !symbolic };
	}

	/** Every ref under `prefixes` (default: all), read in one `for-each-ref` (loose and packed alike). */
	async refs(prefixes: string[] = []): Promise<RefInfo[]> {
		// Peeling (`%(*objectname)`) reads every object and one missing object fails the whole listing:
		// list names first, then peel only tags, so one unreadable ref costs only its own row.
		const out = await this.tryRaw(['for-each-ref', '--format=%(objectname)%00%00%(refname)', ...prefixes]);
		if (out === undefined) {
			return [];
		}
		const refs = parseRefs(out);
		const tagPrefixes = prefixes.length ? prefixes.filter((p) => p.startsWith('refs/tags')) : ['refs/tags'];
		if (!refs.some((r) => r.name.startsWith('refs/tags/')) || tagPrefixes.length === 0) {
			return refs;
		}
		const tagOut = await this.tryRaw([
			'for-each-ref',
			'--format=%(objectname)%00%(*objectname)%00%(refname)',
			...tagPrefixes,
		]);
		const peeled = new Map(parseRefs(tagOut ?? '').map((r) => [r.name, r.commit]));
		return refs.map((r) => ({ ...r, commit: peeled.get(r.name) ?? r.commit }));
	}

	/** The last `n` commits reachable from `rev` (newest first); [] if the rev does not resolve. */
	async log(rev: string, n: number): Promise<CommitInfo[]> {
		const out = await this.tryRaw(['log', `-n${n}`, '--format=%H%x00%P%x00%ct%x00%s', rev, '--']);
		return out === undefined ? [] : parseLog(out);
	}

	/** Reflog entries of a ref (newest first); [] when the ref or its log does not exist. */
	async reflog(ref: string): Promise<ReflogEntry[]> {
		const out = await this.tryRaw(['log', '-g', '--format=%H%x00%gs', ref, '--']);
		if (out === undefined) {
			return [];
		}
		return out
			.split('\n')
			.filter((l) => l.includes('\0'))
			.map((l) => {
				const [sha, message] = l.split('\0');
				return { sha, message };
			});
	}

	/** Raw URL of the branch's remote (default remote `origin`), as Studio's `repo_url` expects. */
	async remoteUrl(branch?: string, remote?: string): Promise<string | undefined> {
		let name = remote;
		if (!name && branch) {
			name = (await this.tryRaw(['config', '--get', `branch.${branch}.remote`]))?.trim();
		}
		const url = await this.tryRaw(['config', '--get', `remote.${name || 'origin'}.url`]);
		return url?.trim() || undefined;
	}

	async isShallow(): Promise<boolean> {
		return (await this.tryRaw(['rev-parse', '--is-shallow-repository']))?.trim() === 'true';
	}

	/** `ls-tree -r -l` of a revision: files with their blob sha and size. */
	async lsTree(rev: string): Promise<{ path: string; sha: string; size: number }[]> {
		const out = await this.tryRaw(['ls-tree', '-r', '-l', '-z', '--full-tree', rev]);
		if (out === undefined) {
			return [];
		}
		return out
			.split('\0')
			.filter((l) => l.includes('\t'))
			.map((l) => {
				const [meta, file] = l.split('\t');
				const [, , sha, size] = meta.split(/\s+/);
				return { path: file, sha, size: Number(size) || 0 };
			});
	}
}

function createGit(baseDir: string, binary: string): SimpleGit {
	// simple-git refuses any fsmonitor/hooksPath override; ours only switch them off.
	const unsafe = { allowUnsafeFsMonitor: true, allowUnsafeHooksPath: true };
	return simpleGit({ baseDir, binary, config: SAFE_GIT_CONFIG, maxConcurrentProcesses: 4, trimmed: false, unsafe }).env(
		safeGitEnv(),
	);
}

export function parseRefs(out: string): RefInfo[] {
	const refs: RefInfo[] = [];
	for (const line of out.split('\n')) {
		const [sha, peeled, name] = line.split('\0');
		if (!name || !/^[0-9a-f]{40,64}$/.test(sha)) {
			continue;
		}
		refs.push({ name, sha, commit: peeled || sha });
	}
	return refs;
}

export function parseLog(out: string): CommitInfo[] {
	const commits: CommitInfo[] = [];
	for (const line of out.split('\n')) {
		const [sha, parents, time, subject] = line.split('\0');
		if (subject === undefined) {
			continue;
		}
		commits.push({ sha, parents: parents ? parents.split(' ') : [], time: Number(time) * 1000, subject });
	}
	return commits;
}
