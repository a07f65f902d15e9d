/**
 * The rows `dvc exp show` has: workspace, baselines (HEAD, branches, N first-parent commits back),
 * experiments from `refs/exps`, queued (celery stash), failed (celery failed) and running ones
 * (executor infofiles, DVCLive signal files). Mirrors dvc/repo/experiments/{show,collect}.py.
 */
import type { GitAdapter, RefInfo } from '../git/gitAdapter';
import type { CommitObject, GitObjects } from '../git/gitObjects';
import type { FileSource } from './fileSource';
import type { RunningInfo } from './running';
import { findRunning } from './running';
import type { Experiment, ExperimentStatus } from './types';

export { defaultIsPidAlive, findRunning } from './running';
export type { RunningInfo } from './running';

export type RowSource = { type: 'workspace' } | { type: 'commit'; sha: string } | { type: 'dir'; root: string };

/** One row of `dvc exp show`: the experiment's identity and state, before its files are read. */
export interface RevisionRow extends Pick<
	Experiment,
	'id' | 'kind' | 'rev' | 'name' | 'baselineSha' | 'branches' | 'message' | 'timestamp' | 'status' | 'error'
> {
	source: RowSource;
	/** Step from DVCLIVE_STEP_COMPLETED, for rows read live from the workspace. */
	liveStep?: number;
}

export interface RevisionInput {
	projectId: string;
	/** Project-root files (the `.dvc/tmp/exps/run` infofiles live under the DVC root). */
	workspace: FileSource;
	git?: { adapter: GitAdapter; objects: GitObjects };
	commitsPerBranch: number;
	showAllBranches: boolean;
	/** Whether project data at commits should be listed at all (bare DVCLive dirs: no). */
	withCommits: boolean;
	isPidAlive?: (pid: number) => boolean;
	dirExists?: (abs: string) => Promise<boolean>;
}

const SPECIAL_EXP_PREFIXES = [
	'refs/exps/stash',
	'refs/exps/celery/',
	'refs/exps/exec/',
	'refs/exps/apply/',
	'refs/exps/temp/',
];
const STASH_RE = /^(?:commit: )?dvc-exp:([0-9a-f]+):([0-9a-f]+):([^~^:\\?[\]*]*)(?::(.+))?$/;

/** `refs/exps/<sha[:2]>/<sha[2:]>/<name>` → baseline and name; undefined for special or malformed refs. */
export function parseExpRef(ref: string): { baselineSha: string; name: string } | undefined {
	if (SPECIAL_EXP_PREFIXES.some((p) => ref === p || ref.startsWith(p))) {
		return undefined;
	}
	const parts = ref.split('/');
	if (parts.length !== 5 || parts[0] !== 'refs' || parts[1] !== 'exps') {
		return undefined;
	}
	if (!/^[0-9a-f]{2}$/.test(parts[2]) || !/^[0-9a-f]{38,62}$/.test(parts[3])) {
		return undefined;
	}
	return { baselineSha: parts[2] + parts[3], name: parts[4] };
}

export interface StashEntry {
	stashSha: string;
	rev: string;
	baselineSha: string;
	name: string;
	branch?: string;
}

export function parseStashMessage(stashSha: string, message: string): StashEntry | undefined {
	const m = STASH_RE.exec(message.trim());
	if (!m) {
		return undefined;
	}
	return { stashSha, rev: m[1], baselineSha: m[2], name: m[3], branch: m[4] };
}

function commitRow(input: RevisionInput, c: CommitObject, name: string, branches: string[]): RevisionRow {
	return {
		id: `${input.projectId}|${c.sha}`,
		kind: 'commit',
		rev: c.sha,
		name,
		branches: branches.length ? branches : undefined,
		message: c.message.trim(),
		timestamp: c.time,
		status: 'success',
		source: { type: 'commit', sha: c.sha },
	};
}

/** Baseline commits in DVC order: HEAD's chain first, then each other branch's chain. */
async function baselines(input: RevisionInput, refs: RefInfo[], head: { sha?: string; branch?: string }) {
	const { objects } = input.git!;
	const heads = refs.filter((r) => r.name.startsWith('refs/heads/'));
	const tags = refs.filter((r) => r.name.startsWith('refs/tags/'));
	const branchesAt = new Map<string, string[]>();
	for (const h of heads) {
		branchesAt.set(h.commit, [...(branchesAt.get(h.commit) ?? []), h.name.slice(11)]);
	}
	const tips: string[] = head.sha ? [head.sha] : [];
	if (input.showAllBranches) {
		tips.push(...heads.map((h) => h.commit));
	}
	const rows: RevisionRow[] = [];
	const seen = new Set<string>();
	for (const tip of tips) {
		for (const c of await objects.firstParents(tip, Math.max(1, input.commitsPerBranch))) {
			if (seen.has(c.sha)) {
				continue;
			}
			seen.add(c.sha);
			const branches = branchesAt.get(c.sha) ?? [];
			const tag = tags.find((t) => t.commit === c.sha)?.name.slice(10);
			const name = c.sha === head.sha && head.branch ? head.branch : (tag ?? branches[0] ?? c.sha.slice(0, 7));
			rows.push(commitRow(input, c, name, branches));
		}
	}
	return rows;
}

export async function listRevisions(input: RevisionInput): Promise<RevisionRow[]> {
	const workspace: RevisionRow = {
		id: `${input.projectId}|workspace`,
		kind: 'workspace',
		rev: 'workspace',
		name: 'workspace',
		status: 'success',
		source: { type: 'workspace' },
	};
	if (!input.git || !input.withCommits) {
		const running = input.withCommits ? await findRunning(input) : [];
		if (running.some((r) => r.workspace)) {
			workspace.status = 'running';
		}
		return [workspace];
	}
	const head = await input.git.adapter.head();
	const refs = await input.git.adapter.refs(['refs/heads', 'refs/tags', 'refs/exps']);
	const running = await findRunning(input, head.sha);
	const wsRun = running.find((r) => r.workspace);
	if (wsRun) {
		workspace.status = 'running';
		workspace.liveStep = wsRun.liveStep;
	}
	const bases = await baselines(input, refs, head);
	const exps = await experimentRows(input, refs, running, new Set(bases.map((b) => b.rev)));
	const rows: RevisionRow[] = [workspace];
	for (const b of bases) {
		rows.push(b, ...exps.filter((e) => e.baselineSha === b.rev));
	}
	return rows;
}

const STATUS_ORDER: Record<ExperimentStatus, number> = { running: 0, success: 1, queued: 2, failed: 3 };

function expRow(input: RevisionInput, baselineSha: string, name: string, rest: Partial<RevisionRow>): RevisionRow {
	return {
		id: `${input.projectId}|exp|${baselineSha}|${name}`,
		kind: 'experiment',
		rev: 'workspace',
		name,
		baselineSha,
		status: 'success',
		source: { type: 'workspace' },
		...rest,
	};
}

function runningRows(input: RevisionInput, running: RunningInfo[]): RevisionRow[] {
	return running
		.filter((r) => r.baselineSha)
		.map((r) =>
			expRow(input, r.baselineSha!, r.name, {
				status: 'running',
				source: r.source,
				liveStep: r.liveStep,
				timestamp: Date.now(),
			}),
		);
}

/** Successful experiments: one row per `refs/exps/<baseline>/<name>`; read concurrently (pipelined cat-file). */
function refRows(input: RevisionInput, refs: RefInfo[], baselineSet: Set<string>): Promise<RevisionRow[]> {
	const { objects } = input.git!;
	const wanted = refs.flatMap((ref) => {
		const parsed = parseExpRef(ref.name);
		return parsed && baselineSet.has(parsed.baselineSha) ? [{ ref, parsed }] : [];
	});
	return Promise.all(
		wanted.map(async ({ ref, parsed }) => {
			const c = await objects.commit(ref.commit);
			const row = expRow(input, parsed.baselineSha, parsed.name, {
				rev: ref.commit,
				message: c?.message.trim(),
				timestamp: c?.time,
				source: { type: 'commit', sha: ref.commit },
			});
			if (!c) {
				row.error = `experiment commit ${ref.commit} is missing or corrupt`;
			}
			return row;
		}),
	);
}

/** Queued and failed entries: the reflogs of `refs/exps/celery/stash` and `refs/exps/celery/failed`. */
async function stashRows(input: RevisionInput): Promise<RevisionRow[]> {
	const { adapter, objects } = input.git!;
	const out: RevisionRow[] = [];
	for (const [ref, status] of [
		['refs/exps/celery/stash', 'queued'],
		['refs/exps/celery/failed', 'failed'],
	] as const) {
		for (const entry of await adapter.reflog(ref)) {
			const e = parseStashMessage(entry.sha, entry.message);
			if (!e) {
				continue;
			}
			const c = await objects.commit(e.stashSha);
			const row = expRow(input, e.baselineSha, e.name || e.stashSha.slice(0, 7), {
				rev: e.stashSha,
				message: c?.message.trim(),
				timestamp: c?.time,
				status,
				source: { type: 'commit', sha: e.stashSha },
			});
			if (status === 'failed') {
				row.error = 'Experiment run failed';
			}
			out.push(row);
		}
	}
	return out;
}

/**
 * Experiments of the listed baselines, in DVC's order (running, successful, queued, failed; newest
 * first). A name seen twice keeps the more active row; a queued/failed twin of another status gets
 * its own id so neither is lost.
 */
async function experimentRows(
	input: RevisionInput,
	refs: RefInfo[],
	running: RunningInfo[],
	baselineSet: Set<string>,
): Promise<RevisionRow[]> {
	const byId = new Map<string, RevisionRow>();
	const candidates = [
		...runningRows(input, running),
		...(await refRows(input, refs, baselineSet)),
		...(await stashRows(input)),
	];
	for (const row of candidates) {
		if (!row.baselineSha || !baselineSet.has(row.baselineSha)) {
			continue;
		}
		const prev = byId.get(row.id);
		if (!prev) {
			byId.set(row.id, row);
		} else if (STATUS_ORDER[row.status] < STATUS_ORDER[prev.status]) {
			byId.set(row.id, { ...row, timestamp: row.timestamp ?? prev.timestamp });
		} else if (row.status !== prev.status && row.status !== 'success') {
			const id = `${input.projectId}|${row.status}|${row.rev}`;
			byId.set(id, { ...row, id });
		}
	}
	return [...byId.values()].sort(
		(a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (b.timestamp ?? 0) - (a.timestamp ?? 0),
	);
}
