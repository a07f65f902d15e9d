/**
 * Queued and failed experiments: the reflogs of `refs/exps/celery/stash` and
 * `refs/exps/celery/failed` are shared by every DVC project of a git repository, so, as DVC's
 * celery queue does, an entry belongs to the project whose queue broker
 * (`.dvc/tmp/exps/celery/broker/{in,processed}/*.msg`) holds its task: `in` for queued,
 * `processed` for failed.
 */
import type { FileSource } from './fileSource';
import type { RevisionInput, RevisionRow } from './revisionTypes';

const BROKER = '.dvc/tmp/exps/celery/broker';
const RUN_EXP_TASK = 'dvc.repo.experiments.queue.tasks.run_exp';
const MAX_MESSAGE_BYTES = 1024 * 1024;
const STASH_RE = /^(?:commit: )?dvc-exp:([0-9a-f]+):([0-9a-f]+):([^~^:\\?[\]*]*)(?::(.+))?$/;

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

/** The stash sha of one kombu filesystem-transport message of DVC's `run_exp` task. */
export function parseBrokerMessage(text: string): string | undefined {
	try {
		const msg = JSON.parse(text) as {
			body?: unknown;
			headers?: { task?: unknown };
			properties?: { body_encoding?: unknown };
		};
		if (msg.headers?.task !== RUN_EXP_TASK || typeof msg.body !== 'string') {
			return undefined;
		}
		const body = msg.properties?.body_encoding === 'base64' ? Buffer.from(msg.body, 'base64').toString() : msg.body;
		const [args, kwargs] = JSON.parse(body) as [unknown[], { entry_dict?: unknown }];
		const entry = (kwargs?.entry_dict ?? args?.[0]) as { stash_rev?: unknown } | undefined;
		return typeof entry?.stash_rev === 'string' ? entry.stash_rev : undefined;
	} catch {
		return undefined;
	}
}

async function brokerStashRevs(src: FileSource, box: 'in' | 'processed'): Promise<Set<string>> {
	const out = new Set<string>();
	for (const file of await src.list(`${BROKER}/${box}`, false)) {
		const r = file.endsWith('.msg') ? await src.readResult(file, MAX_MESSAGE_BYTES) : undefined;
		const sha = r?.ok ? parseBrokerMessage(Buffer.from(r.data).toString('utf8')) : undefined;
		if (sha) {
			out.add(sha);
		}
	}
	return out;
}

export type ExpRowMaker = (baselineSha: string, name: string, rest: Partial<RevisionRow>) => RevisionRow;

/** This project's queued and failed entries, from the shared reflogs, owned through its broker. */
export async function stashRows(input: RevisionInput, expRow: ExpRowMaker): Promise<RevisionRow[]> {
	const { adapter, objects } = input.git!;
	const out: RevisionRow[] = [];
	for (const [ref, status, box] of [
		['refs/exps/celery/stash', 'queued', 'in'],
		['refs/exps/celery/failed', 'failed', 'processed'],
	] as const) {
		const entries = await adapter.reflog(ref);
		const owned = entries.length ? await brokerStashRevs(input.workspace, box) : new Set<string>();
		for (const entry of entries) {
			const e = parseStashMessage(entry.sha, entry.message);
			if (!e || !owned.has(e.stashSha)) {
				continue;
			}
			const c = await objects.commit(e.stashSha);
			const row = expRow(e.baselineSha, e.name || e.stashSha.slice(0, 7), {
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
