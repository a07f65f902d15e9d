/**
 * The rows `dvc exp show` has: workspace, baselines (baselines.ts: HEAD, local and remote-tracking
 * branches, N first-parent commits back, tags), experiments from `refs/exps`, queued and failed
 * (queue.ts: the celery stash reflogs, owned per project) and running ones (running.ts: executor
 * infofiles, DVCLive signal files). Mirrors dvc/repo/experiments/{show,collect}.py.
 */
import type { RefInfo } from '../git/gitAdapter';
import { baselineRows } from './baselines';
import { stashRows } from './queue';
import type { RevisionInput, RevisionRow } from './revisionTypes';
import type { RunningInfo } from './running';
import { findRunning } from './running';
import type { ExperimentStatus } from './types';

export { parseBrokerMessage, parseStashMessage } from './queue';
export type { StashEntry } from './queue';
export type { RevisionInput, RevisionRow, RowSource } from './revisionTypes';
export { defaultIsPidAlive, findRunning } from './running';
export type { RunningInfo } from './running';

const SPECIAL_EXP_PREFIXES = [
	'refs/exps/stash',
	'refs/exps/celery/',
	'refs/exps/exec/',
	'refs/exps/apply/',
	'refs/exps/temp/',
];

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
	const refs = await input.git.adapter.refs(['refs/heads', 'refs/tags', 'refs/remotes', 'refs/exps']);
	const running = await findRunning(input, head.sha);
	const wsRun = running.find((r) => r.workspace);
	if (wsRun) {
		workspace.status = 'running';
		workspace.liveStep = wsRun.liveStep;
	}
	const bases = await baselineRows(input, refs, head);
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
		...(await stashRows(input, (base, name, rest) => expRow(input, base, name, rest))),
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
