/**
 * The team's experiments: the remote's `refs/exps/*` (one `git ls-remote`) against the local ones,
 * per git repository. Remote-only experiments are fetched ref by ref when the user wants their data.
 */
import type { ExpRefGit, RemoteRef } from '../git/expRefGit';
import { Emitter } from '../util/event';
import type { Event } from '../util/event';
import { diffRemote, summarize } from './remoteStatus';
import type { TeamEntry } from './remoteStatus';

export interface TeamRepo {
	/** Absolute git top level. */
	gitRoot: string;
	git: ExpRefGit;
}

export interface TeamState {
	gitRoot: string;
	remote: string;
	entries: TeamEntry[];
	/** When the remote was last listed (ms); undefined before the first listing. */
	listedAt?: number;
	/** Git's message when listing failed. */
	error?: string;
	/**
	 * The repository has no remote of that name (a new repo, the demo): not a failure to show as one,
	 * but a hint to add a remote. `error` says so too, so nothing is marked as on or off the remote.
	 */
	noRemote?: boolean;
}

/** A remote given by name (not a URL or a path) that `git remote` does not list. */
async function isMissingRemote(git: ExpRefGit, remote: string): Promise<boolean> {
	if (!/^[\w.-]+$/.test(remote)) {
		return false;
	}
	const names = (await git.run(['remote'])).split('\n').map((n) => n.trim());
	return !names.includes(remote);
}

export class TeamModel {
	private readonly emitter = new Emitter<void>();
	readonly onDidChange: Event<void> = this.emitter.event;
	private states = new Map<string, TeamState>();
	private inFlight: Promise<void> | undefined;

	constructor(
		private readonly repos: () => TeamRepo[],
		private readonly remoteName: () => string,
		private readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void,
	) {}

	get current(): TeamState[] {
		return [...this.states.values()];
	}

	stateOf(gitRoot: string): TeamState | undefined {
		return this.states.get(gitRoot);
	}

	/** Lists the remote of every repository; calls while one runs share it. */
	refresh(): Promise<void> {
		this.inFlight ??= this.listAll().finally(() => (this.inFlight = undefined));
		return this.inFlight;
	}

	private async listAll(): Promise<void> {
		const next = new Map<string, TeamState>();
		for (const repo of this.repos()) {
			next.set(repo.gitRoot, await this.list(repo));
		}
		this.states = next;
		this.emitter.fire();
	}

	private async list(repo: TeamRepo): Promise<TeamState> {
		const remote = this.remoteName();
		const local = await localExpRefs(repo.git);
		const started = Date.now();
		try {
			if (await isMissingRemote(repo.git, remote)) {
				this.log('info', `team: ${repo.gitRoot} has no git remote named ${remote}`);
				const error = `no git remote named "${remote}" in this repository`;
				return { gitRoot: repo.gitRoot, remote, entries: diffRemote(local, []), error, noRemote: true };
			}
			const remoteRefs = await repo.git.lsRemoteExps(remote);
			const entries = diffRemote(local, remoteRefs);
			this.log(
				'info',
				`team: ls-remote ${remote} in ${repo.gitRoot}: ${Date.now() - started} ms, ${summarize(entries)}`,
			);
			return { gitRoot: repo.gitRoot, remote, entries, listedAt: Date.now() };
		} catch (err) {
			const error = err instanceof Error ? err.message : String(err);
			this.log('error', `team: git ls-remote ${remote} failed in ${repo.gitRoot}: ${error}`);
			// Without the remote's list every local experiment is shown as local, with the error above them.
			const previous = this.states.get(repo.gitRoot);
			return { gitRoot: repo.gitRoot, remote, entries: previous?.entries ?? diffRemote(local, []), error };
		}
	}

	/** Local state changed (push, fetch, remove): re-read local refs against the last remote listing. */
	async updateLocal(gitRoot: string, pushed: RemoteRef[] = []): Promise<void> {
		const state = this.states.get(gitRoot);
		const repo = this.repos().find((r) => r.gitRoot === gitRoot);
		if (!state || !repo) {
			return;
		}
		const remote = new Map(state.entries.filter((e) => e.remoteSha).map((e) => [e.ref, e.remoteSha!]));
		for (const p of pushed) {
			remote.set(p.ref, p.sha);
		}
		const remoteRefs = [...remote].map(([ref, sha]) => ({ ref, sha }));
		this.states.set(gitRoot, { ...state, entries: diffRemote(await localExpRefs(repo.git), remoteRefs) });
		this.emitter.fire();
	}

	/** Fetches these remote experiments (only their refs) and updates the state; `force` overwrites local ones. */
	async fetch(gitRoot: string, entries: readonly TeamEntry[], force = false): Promise<void> {
		const repo = this.repos().find((r) => r.gitRoot === gitRoot);
		const state = this.states.get(gitRoot);
		if (!repo || !state || entries.length === 0) {
			return;
		}
		const started = Date.now();
		await repo.git.fetch(
			state.remote,
			entries.map((e) => e.ref),
			force,
		);
		this.log(
			'info',
			`team: fetched ${entries.length} experiment ref(s) from ${state.remote}: ${Date.now() - started} ms`,
		);
		await this.updateLocal(gitRoot);
	}

	dispose(): void {
		this.emitter.dispose();
	}
}

export async function localExpRefs(git: ExpRefGit): Promise<RemoteRef[]> {
	const out = await git.run(['for-each-ref', '--format=%(objectname)%09%(refname)', 'refs/exps']);
	return out
		.split('\n')
		.filter((l) => l.includes('\t'))
		.map((l) => {
			const [sha, ref] = l.split('\t');
			return { sha, ref };
		});
}
