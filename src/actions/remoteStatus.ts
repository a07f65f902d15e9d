/**
 * Local experiment refs against the remote's (`git ls-remote`): which experiments are only here,
 * on both sides, only on the remote, or on both but at different commits.
 */
import { expRefName, parseExpRef } from './refs';

export type RemoteState = 'local' | 'synced' | 'remote' | 'diverged';

export interface TeamEntry {
	ref: string;
	baselineSha: string;
	name: string;
	localSha?: string;
	remoteSha?: string;
	state: RemoteState;
}

export const STATE_LABELS: Record<RemoteState, string> = {
	local: 'local only',
	synced: 'on remote',
	remote: 'remote only',
	diverged: 'differs from remote',
};

/** One entry per experiment ref on either side; special refs (queue, exec, apply) are left out. */
export function diffRemote(
	local: readonly { ref: string; sha: string }[],
	remote: readonly { ref: string; sha: string }[],
): TeamEntry[] {
	const byRef = new Map<string, TeamEntry>();
	const entry = (ref: string): TeamEntry | undefined => {
		const parsed = parseExpRef(ref);
		if (!parsed) {
			return undefined;
		}
		let e = byRef.get(ref);
		if (!e) {
			e = { ref, ...parsed, state: 'local' };
			byRef.set(ref, e);
		}
		return e;
	};
	for (const r of local) {
		const e = entry(r.ref);
		if (e) {
			e.localSha = r.sha;
		}
	}
	for (const r of remote) {
		const e = entry(r.ref);
		if (e) {
			e.remoteSha = r.sha;
		}
	}
	for (const e of byRef.values()) {
		e.state = stateOf(e);
	}
	return [...byRef.values()].sort((a, b) => a.baselineSha.localeCompare(b.baselineSha) || a.name.localeCompare(b.name));
}

function stateOf(e: TeamEntry): RemoteState {
	if (e.localSha && e.remoteSha) {
		return e.localSha === e.remoteSha ? 'synced' : 'diverged';
	}
	return e.localSha ? 'local' : 'remote';
}

/** Entries grouped by baseline sha, baselines in first-seen order. */
export function groupByBaseline(entries: readonly TeamEntry[]): Map<string, TeamEntry[]> {
	const groups = new Map<string, TeamEntry[]>();
	for (const e of entries) {
		groups.set(e.baselineSha, [...(groups.get(e.baselineSha) ?? []), e]);
	}
	return groups;
}

/** Counts per state, for the view's message ("3 on remote · 2 remote only"). */
export function summarize(entries: readonly TeamEntry[]): string {
	const counts = new Map<RemoteState, number>();
	for (const e of entries) {
		counts.set(e.state, (counts.get(e.state) ?? 0) + 1);
	}
	const order: RemoteState[] = ['synced', 'local', 'remote', 'diverged'];
	return order
		.filter((s) => counts.get(s))
		.map((s) => `${counts.get(s)} ${STATE_LABELS[s]}`)
		.join(' · ');
}

/**
 * Remote state of an experiment that exists here, at commit `sha`, against the last listing
 * (`remoteShas`: ref -> the remote's sha). Read from the model's own commit rather than the
 * listing's local side, so an experiment made or re-run since the listing is still marked rightly.
 */
export function localExperimentState(
	remoteShas: ReadonlyMap<string, string>,
	exp: { baselineSha: string; name: string; sha: string },
): RemoteState {
	const remoteSha = remoteShas.get(expRefName(exp.baselineSha, exp.name));
	if (!remoteSha) {
		return 'local';
	}
	return remoteSha === exp.sha ? 'synced' : 'diverged';
}

/** ref -> the remote's sha, for every entry the remote has. */
export function remoteShasOf(entries: readonly TeamEntry[]): Map<string, string> {
	return new Map(entries.flatMap((e) => (e.remoteSha ? [[e.ref, e.remoteSha] as const] : [])));
}
