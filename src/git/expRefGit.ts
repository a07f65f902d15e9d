/**
 * The git commands that change things: experiment refs, branches, workspace files and the remote.
 * Read-only plumbing stays in gitAdapter.ts. Same hardening (no hooks, no fsmonitor, no inherited
 * GIT_* variables), plus never a prompt and a timeout on every command, so a remote that wants
 * credentials fails with its own message instead of hanging. Callers run none of this untrusted.
 */
import { execFile } from 'node:child_process';
import { SAFE_GIT_CONFIG, safeGitEnv } from './gitAdapter';

export const LOCAL_TIMEOUT_MS = 30_000;
export const REMOTE_TIMEOUT_MS = 120_000;

/** A git command that failed: `message` is git's own stderr (or why it was stopped). */
export class GitCommandError extends Error {
	constructor(
		readonly args: readonly string[],
		message: string,
	) {
		super(message);
		this.name = 'GitCommandError';
	}
}

export interface NameStatus {
	/** `A`, `M`, `D`, `T` (renames are off, so no `R`/`C`). */
	status: string;
	path: string;
}

export interface RemoteRef {
	ref: string;
	sha: string;
}

/** Environment for commands that may talk to a remote: no terminal, askpass or credential-manager prompt. */
export function remoteGitEnv(): Record<string, string> {
	return { ...safeGitEnv(), GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never' };
}

export class ExpRefGit {
	constructor(
		/** Absolute work-tree top level. */
		readonly topLevel: string,
		private readonly binary = 'git',
	) {}

	run(args: string[], opts: { remote?: boolean; stdin?: string } = {}): Promise<string> {
		const timeout = opts.remote ? REMOTE_TIMEOUT_MS : LOCAL_TIMEOUT_MS;
		// Paths are file names, never globs: a file named `*.json` must not match every JSON file.
		const full = ['--literal-pathspecs', ...SAFE_GIT_CONFIG.flatMap((c) => ['-c', c]), ...args];
		return new Promise((resolve, reject) => {
			const child = execFile(
				this.binary,
				full,
				{
					cwd: this.topLevel,
					env: opts.remote ? remoteGitEnv() : safeGitEnv(),
					timeout,
					killSignal: 'SIGKILL',
					maxBuffer: 256 * 1024 * 1024,
					encoding: 'utf8',
				},
				(err, stdout, stderr) => {
					if (!err) {
						resolve(stdout);
						return;
					}
					const killed = (err as { killed?: boolean }).killed;
					const why = killed
						? `git ${args[0]} did not finish within ${timeout / 1000} s and was stopped${stderr.trim() ? `: ${stderr.trim()}` : ''}`
						: stderr.trim() || err.message;
					reject(new GitCommandError(args, why));
				},
			);
			// git may exit before reading stdin (a bad ref, a refused remote): its exit status tells, not EPIPE.
			child.stdin?.on('error', () => undefined);
			child.stdin?.end(opts.stdin ?? '');
		});
	}

	/** Full sha of `rev`, or undefined when it does not resolve. */
	async resolve(rev: string): Promise<string | undefined> {
		try {
			return (await this.run(['rev-parse', '-q', '--verify', `${rev}^{commit}`])).trim() || undefined;
		} catch {
			return undefined;
		}
	}

	/** Files that differ between two commits (`--no-renames`: a rename is a delete plus an add, as a checkout sees it). */
	async diffNames(from: string, to: string): Promise<NameStatus[]> {
		const out = await this.run(['diff', '--name-status', '--no-renames', '--no-ext-diff', '-z', from, to, '--']);
		return parseNameStatusZ(out);
	}

	/** Of `paths`, those with uncommitted changes or untracked in the work tree. */
	async dirty(paths: string[]): Promise<Set<string>> {
		if (paths.length === 0) {
			return new Set();
		}
		const out = await this.run([
			'status',
			'--porcelain=v1',
			'-z',
			'--untracked-files=all',
			'--no-renames',
			'--',
			...paths,
		]);
		return new Set(
			out
				.split('\0')
				.filter((e) => e.length > 3)
				.map((e) => e.slice(3)),
		);
	}

	/** Writes `paths` as they are in `sha` into the work tree only (index and HEAD untouched, as `dvc exp apply`). */
	async restoreWorktree(sha: string, paths: string[]): Promise<void> {
		if (paths.length > 0) {
			await this.run(['restore', `--source=${sha}`, '--worktree', '--pathspec-from-file=-', '--pathspec-file-nul'], {
				stdin: paths.join('\0'),
			});
		}
	}

	/** Git's own verdict on a branch name; undefined when valid, else git's message. */
	async checkBranchName(name: string): Promise<string | undefined> {
		try {
			await this.run(['check-ref-format', '--branch', name]);
			return undefined;
		} catch (err) {
			return err instanceof Error ? err.message : String(err);
		}
	}

	/** `git check-ref-format <ref>`: true when git accepts the full ref name. */
	async isValidRef(ref: string): Promise<boolean> {
		try {
			await this.run(['check-ref-format', ref]);
			return true;
		} catch {
			return false;
		}
	}

	async createBranch(name: string, sha: string): Promise<void> {
		await this.run(['branch', '--no-track', '--', name, sha]);
	}

	/** One atomic `update-ref --stdin` transaction: every line applies or none does. */
	async updateRefs(lines: string[]): Promise<void> {
		await this.run(['update-ref', '--stdin'], { stdin: lines.map((l) => `${l}\n`).join('') });
	}

	async remotes(): Promise<string[]> {
		return (await this.run(['remote'])).split('\n').filter(Boolean);
	}

	/** `git ls-remote <remote> 'refs/exps/*'`, as DVC lists pushed experiments. */
	async lsRemoteExps(remote: string): Promise<RemoteRef[]> {
		return parseLsRemote(await this.run(['ls-remote', '--', remote, 'refs/exps/*'], { remote: true }));
	}

	/** Pushes each ref to the same name on the remote, without force (`dvc exp push` without `--force`). */
	async push(remote: string, refs: string[]): Promise<void> {
		await this.run(['push', '--no-verify', '--', remote, ...refs.map((r) => `${r}:${r}`)], { remote: true });
	}

	/**
	 * Fetches only these refs into the same names (`dvc exp pull`), no tags, no FETCH_HEAD. git refuses
	 * to move a local ref that is not an ancestor (a re-run differs); `force` overwrites it (`--force`).
	 */
	async fetch(remote: string, refs: string[], force = false): Promise<void> {
		const specs = refs.map((r) => `${force ? '+' : ''}${r}:${r}`);
		await this.run(['fetch', '--no-tags', '--no-write-fetch-head', '--', remote, ...specs], { remote: true });
	}
}

export function parseNameStatusZ(out: string): NameStatus[] {
	const parts = out.split('\0');
	const result: NameStatus[] = [];
	for (let i = 0; i + 1 < parts.length; i += 2) {
		if (parts[i]) {
			result.push({ status: parts[i][0], path: parts[i + 1] });
		}
	}
	return result;
}

export function parseLsRemote(out: string): RemoteRef[] {
	const refs: RemoteRef[] = [];
	for (const line of out.split('\n')) {
		const [sha, ref] = line.split('\t');
		if (ref && /^[0-9a-f]{40,64}$/.test(sha)) {
			refs.push({ sha, ref: ref.trim() });
		}
	}
	return refs;
}
