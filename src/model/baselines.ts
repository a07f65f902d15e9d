/**
 * Baseline commits as `dvc exp show` lists them: HEAD's chain, each local branch's chain, tags
 * (`-T`: the tagged commit itself) and remote-tracking branches (`-A` walks `refs/remotes/*`
 * too), each chain `commitsPerBranch` long. Names follow DVC's `describe`: HEAD's branch, else a
 * tag, else a local branch; remote-tracking branches never name a commit.
 */
import type { HeadInfo, RefInfo } from '../git/gitAdapter';
import type { CommitObject } from '../git/gitObjects';
import type { RevisionInput, RevisionRow } from './revisionTypes';

interface RefNames {
	branches: Map<string, string[]>;
	tags: Map<string, string[]>;
	remotes: Map<string, string[]>;
}

const HEADS = 'refs/heads/';
const TAGS = 'refs/tags/';
const REMOTES = 'refs/remotes/';

function add(map: Map<string, string[]>, sha: string, name: string): void {
	map.set(sha, [...(map.get(sha) ?? []), name]);
}

/** Short names by commit; `origin/HEAD` (a pointer to another remote branch) is not a branch. */
function refNames(refs: RefInfo[]): RefNames {
	const names: RefNames = { branches: new Map(), tags: new Map(), remotes: new Map() };
	for (const r of refs) {
		if (r.name.startsWith(HEADS)) {
			add(names.branches, r.commit, r.name.slice(HEADS.length));
		} else if (r.name.startsWith(TAGS)) {
			add(names.tags, r.commit, r.name.slice(TAGS.length));
		} else if (r.name.startsWith(REMOTES) && !r.name.endsWith('/HEAD')) {
			add(names.remotes, r.commit, r.name.slice(REMOTES.length));
		}
	}
	return names;
}

interface Tip {
	sha: string;
	/** How many commits of its first-parent chain to list. */
	depth: number;
	remote: boolean;
}

function tips(input: RevisionInput, names: RefNames, head: HeadInfo): Tip[] {
	const depth = Math.max(1, input.commitsPerBranch);
	const out: Tip[] = head.sha ? [{ sha: head.sha, depth, remote: false }] : [];
	if (!input.showAllBranches) {
		return out;
	}
	for (const sha of names.branches.keys()) {
		out.push({ sha, depth, remote: false });
	}
	if (input.showRemoteBranches ?? true) {
		for (const sha of names.remotes.keys()) {
			out.push({ sha, depth, remote: true });
		}
	}
	// After the remotes: a tagged remote tip stays with its remote branch.
	for (const sha of names.tags.keys()) {
		out.push({ sha, depth: 1, remote: false });
	}
	return out;
}

/** DVC's `describe`: HEAD's branch for HEAD, then a tag, then a local branch. */
function nameOf(c: CommitObject, names: RefNames, head: HeadInfo): string {
	if (c.sha === head.sha && head.branch) {
		return head.branch;
	}
	// DVC takes whichever tag its ref iteration meets first (not a stable order); the first by name here.
	return names.tags.get(c.sha)?.[0] ?? names.branches.get(c.sha)?.[0] ?? c.sha.slice(0, 7);
}

function commitRow(input: RevisionInput, c: CommitObject, names: RefNames, head: HeadInfo): RevisionRow {
	const row: RevisionRow = {
		id: `${input.projectId}|${c.sha}`,
		kind: 'commit',
		rev: c.sha,
		name: nameOf(c, names, head),
		message: c.message.trim(),
		timestamp: c.time,
		status: 'success',
		source: { type: 'commit', sha: c.sha },
	};
	const lists = { branches: names.branches, tags: names.tags, remoteBranches: names.remotes } as const;
	for (const [key, map] of Object.entries(lists) as [keyof typeof lists, Map<string, string[]>][]) {
		const list = map.get(c.sha);
		if (list?.length) {
			row[key] = list;
		}
	}
	return row;
}

/** Baseline rows: HEAD's chain, local branches, remote-only commits, then tags no chain reached. */
export async function baselineRows(input: RevisionInput, refs: RefInfo[], head: HeadInfo): Promise<RevisionRow[]> {
	const { objects } = input.git!;
	const names = refNames(refs);
	const rows = new Map<string, RevisionRow>();
	for (const tip of tips(input, names, head)) {
		for (const c of await objects.firstParents(tip.sha, tip.depth)) {
			if (rows.has(c.sha)) {
				continue;
			}
			const row = commitRow(input, c, names, head);
			if (tip.remote) {
				row.remoteOnly = true;
			}
			rows.set(c.sha, row);
		}
	}
	await markAbsentProject(input, [...rows.values()]);
	return [...rows.values()];
}

/**
 * A DVC project added later in history (`dvc init --subdir`, or `dvc init` in an older repo) does
 * not exist at older commits: DVC reports "does not contain a DVC repo" and reads nothing there.
 */
async function markAbsentProject(input: RevisionInput, rows: RevisionRow[]): Promise<void> {
	const { objects } = input.git!;
	if (!(await input.workspace.listDirs('')).includes('.dvc')) {
		return;
	}
	const dvcDir = input.subdir ? `${input.subdir}/.dvc` : '.dvc';
	await Promise.all(
		rows.map(async (row) => {
			const c = await objects.commit(row.rev);
			const entry = c ? await objects.entryAt(c.tree, dvcDir) : undefined;
			if (c && entry?.kind !== 'tree') {
				row.projectAbsent = true;
				row.error =
					`Commit '${row.rev.slice(0, 7)}' does not contain a DVC repo: ` +
					`the project ${input.subdir || '.'} did not exist at this revision`;
			}
		}),
	);
}
