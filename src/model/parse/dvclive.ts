/**
 * Helpers for the DVCLive directory layout (`dvclive/` with `metrics.json`, `params.yaml`,
 * `plots/metrics/**.tsv`, `plots/images/...`) and the signal/info files DVC and DVCLive write under
 * `.dvc/tmp/exps/run/`.
 */
import type { ExperimentStatus, Result } from '../types';
import { fail, ok } from '../types';
import { isPlainObject, parseJsonLikePython } from './structured';

/** `train/loss.tsv` -> `train/loss` (DVCLive writes `<name>.tsv`; it also reads `.csv` back). */
export function metricNameFromSeriesPath(relPathUnderPlotsMetrics: string): string {
	return relPathUnderPlotsMetrics.replace(/\\/g, '/').replace(/\.(tsv|csv)$/i, '');
}

/** `samples/3.png` -> group `samples`, step 3 (the `folder/{step}.png` slider pattern); `cm.png` -> no group. */
export function imageRefFromPath(relPathUnderPlotsImages: string): { name: string; group?: string; step?: number } {
	const name = relPathUnderPlotsImages.replace(/\\/g, '/');
	const slash = name.lastIndexOf('/');
	const m = /^(\d+)\.(?:png|jpe?g|gif|svg)$/i.exec(name.slice(slash + 1));
	if (slash < 0 || !m) {
		return { name };
	}
	return { name, group: name.slice(0, slash), step: Number(m[1]) };
}

/**
 * A folder looks like a DVCLive output dir when it holds `metrics.json` or `params.yaml` next to a
 * `plots` dir, or a `plots/metrics` tree. `entries` are paths relative to the folder.
 */
export function isDvcLiveDir(entries: readonly string[]): boolean {
	const set = new Set(entries.map((e) => e.replace(/\\/g, '/').replace(/\/$/, '')));
	if ([...set].some((e) => e === 'plots/metrics' || e.startsWith('plots/metrics/'))) {
		return true;
	}
	const hasPlots = [...set].some((e) => e === 'plots' || e.startsWith('plots/'));
	return hasPlots && (set.has('metrics.json') || set.has('params.yaml'));
}

export type DvcLiveSignal =
	{ kind: 'only'; expName: string; pid: number } | { kind: 'step'; step: number; pid: number };

/** `DVCLIVE_ONLY` (`{"exp_name", "pid"}`) or `DVCLIVE_STEP_COMPLETED` (`{"pid", "step"}`). */
export function parseSignalFile(text: string): Result<DvcLiveSignal> {
	const parsed = parseJsonLikePython(text);
	if (!parsed.ok) {
		return parsed;
	}
	const v = parsed.value;
	if (!isPlainObject(v) || !Number.isInteger(v.pid)) {
		return fail('signal file must be a JSON object with an integer pid');
	}
	if (typeof v.exp_name === 'string') {
		return ok({ kind: 'only', expName: v.exp_name, pid: v.pid as number });
	}
	if (Number.isInteger(v.step)) {
		return ok({ kind: 'step', step: v.step as number, pid: v.pid as number });
	}
	return fail('signal file has neither exp_name nor step');
}

/** `TaskStatus` in `dvc/repo/experiments/executor/base.py`. */
export const TASK_STATUS = ['PENDING', 'PREPARING', 'RUNNING', 'SUCCESS', 'FAILED', 'CANCELED', 'FINISHED'] as const;
export type TaskStatus = (typeof TASK_STATUS)[number];

export interface ExecutorInfo {
	gitUrl: string;
	baselineRev: string;
	location: string;
	rootDir: string;
	dvcDir: string;
	name?: string;
	wdir?: string;
	resultHash?: string;
	resultRef?: string;
	resultForce: boolean;
	status: TaskStatus;
}

/** `.dvc/tmp/exps/run/<name>/<name>.run` (ExecutorInfo JSON; `collected: true` means FINISHED, as `from_dict`). */
export function parseExecutorInfo(text: string): Result<ExecutorInfo> {
	const parsed = parseJsonLikePython(text);
	if (!parsed.ok) {
		return parsed;
	}
	const d = parsed.value;
	if (!isPlainObject(d)) {
		return fail('executor info must be a JSON object');
	}
	for (const k of ['git_url', 'baseline_rev', 'location', 'root_dir', 'dvc_dir']) {
		if (typeof d[k] !== 'string') {
			return fail(`executor info: missing '${k}'`);
		}
	}
	const statusNum = d.collected ? 6 : (d.status ?? 0);
	if (typeof statusNum !== 'number' || !Number.isInteger(statusNum) || !TASK_STATUS[statusNum]) {
		return fail(`executor info: bad status ${String(d.status)}`);
	}
	const opt = (k: string) => (typeof d[k] === 'string' ? d[k] : undefined);
	const info: ExecutorInfo = {
		gitUrl: d.git_url as string,
		baselineRev: d.baseline_rev as string,
		location: d.location as string,
		rootDir: d.root_dir as string,
		dvcDir: d.dvc_dir as string,
		resultForce: d.result_force === true,
		status: TASK_STATUS[statusNum],
	};
	for (const [k, key] of [
		['name', 'name'],
		['wdir', 'wdir'],
		['result_hash', 'resultHash'],
		['result_ref', 'resultRef'],
	] as const) {
		const v = opt(k);
		if (v !== undefined) {
			info[key] = v;
		}
	}
	return ok(info);
}

/** How an executor status shows in the tree: running while not finished, `failed` for FAILED/CANCELED. */
export function experimentStatusOf(status: TaskStatus): ExperimentStatus {
	if (status === 'PENDING') {
		return 'queued';
	}
	if (status === 'PREPARING' || status === 'RUNNING') {
		return 'running';
	}
	if (status === 'FAILED' || status === 'CANCELED') {
		return 'failed';
	}
	return 'success';
}
