/**
 * Runs in progress, from `.dvc/tmp/exps/run`: executor infofiles (workspace and temp-dir runs, as
 * DVC's `collect_active`) and DVCLive's VS Code signal files (`DVCLIVE_ONLY`, `DVCLIVE_STEP_COMPLETED`).
 */
import type { FileSource } from './fileSource';
import type { DvcLiveSignal } from './parse/dvclive';
import { experimentStatusOf, parseExecutorInfo, parseSignalFile } from './parse/dvclive';
import type { RevisionInput, RowSource } from './revisionTypes';

const RUN_DIR = '.dvc/tmp/exps/run';

export function defaultIsPidAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) {
		return false;
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function readSmall(src: FileSource, file: string): Promise<string | undefined> {
	const r = await src.readResult(file, 1024 * 1024);
	return r.ok ? Buffer.from(r.data).toString('utf8') : undefined;
}

async function readSignal(src: FileSource, file: string): Promise<DvcLiveSignal | undefined> {
	const text = await readSmall(src, file);
	const parsed = text === undefined ? undefined : parseSignalFile(text);
	return parsed?.ok ? parsed.value : undefined;
}

async function readPid(src: FileSource, file: string): Promise<number | undefined> {
	const text = await readSmall(src, file);
	if (text === undefined) {
		return undefined;
	}
	try {
		const v = JSON.parse(text) as { pid?: unknown };
		return typeof v?.pid === 'number' ? v.pid : undefined;
	} catch {
		return undefined;
	}
}

export interface RunningInfo {
	name: string;
	baselineSha?: string;
	source: RowSource;
	/** The workspace row itself is running (workspace executor or DVCLive-only run). */
	workspace: boolean;
	liveStep?: number;
}

/** Active runs from `.dvc/tmp/exps/run`: executor infofiles and DVCLive's VS Code signal files. */
export async function findRunning(input: RevisionInput, headSha?: string): Promise<RunningInfo[]> {
	const alive = input.isPidAlive ?? defaultIsPidAlive;
	const src = input.workspace;
	const out: RunningInfo[] = [];
	const step = await readSignal(src, `${RUN_DIR}/DVCLIVE_STEP_COMPLETED`);
	const liveStep = step?.kind === 'step' && alive(step.pid) ? step.step : undefined;
	const only = await readSignal(src, `${RUN_DIR}/DVCLIVE_ONLY`);
	if (only?.kind === 'only' && alive(only.pid)) {
		out.push({ name: only.expName, baselineSha: headSha, source: { type: 'workspace' }, workspace: true, liveStep });
	}
	for (const dir of await src.listDirs(RUN_DIR)) {
		const run = await executorRun(input, dir, alive);
		if (run) {
			out.push(run.workspace ? { ...run, liveStep } : run);
		}
	}
	return out;
}

/** One executor infofile, when it describes a run still in progress (as DVC's `_collect_active`). */
async function executorRun(
	input: RevisionInput,
	dir: string,
	alive: (pid: number) => boolean,
): Promise<RunningInfo | undefined> {
	const src = input.workspace;
	const text = await readSmall(src, `${RUN_DIR}/${dir}/${dir}.run`);
	const parsed = text === undefined ? undefined : parseExecutorInfo(text);
	if (!parsed?.ok || (experimentStatusOf(parsed.value.status) !== 'running' && parsed.value.status !== 'PENDING')) {
		return undefined;
	}
	const info = parsed.value;
	const name = info.name ?? dir;
	const pid = await readPid(src, `${RUN_DIR}/${dir}/${dir}.json`);
	if (dir === 'workspace' || info.location === 'workspace') {
		if (pid === undefined || !alive(pid)) {
			return undefined;
		}
		return { name, baselineSha: info.baselineRev, source: { type: 'workspace' }, workspace: true };
	}
	if (pid !== undefined && !alive(pid)) {
		return undefined;
	}
	if (!info.rootDir || !(await (input.dirExists ?? (() => Promise.resolve(false)))(info.rootDir))) {
		return undefined;
	}
	return { name, baselineSha: info.baselineRev, source: { type: 'dir', root: info.rootDir }, workspace: false };
}
