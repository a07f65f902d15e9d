import { chartSettings, type GroupsConfig } from '../charts/groups';
import type { Experiment } from '../model/types';

/**
 * A running experiment's progress as a bar (`▰▰▰▱▱ 60% · 30/50 steps`): from a metric marked
 * `progress: true` in `runlens.charts.groups`, else from `step` against a total from params
 * (`Experiment.progress`). Pure; the status bar keeps the settings current (`setProgressGroups`).
 */
export interface ProgressInfo {
	/** 0..1 when known. */
	fraction?: number;
	step?: number;
	total?: number;
}

const BAR_CELLS = 5;
let currentGroups: GroupsConfig = {};

/** The `runlens.charts.groups` setting the tree and status bar read progress metrics from. */
export function setProgressGroups(groups: GroupsConfig): void {
	currentGroups = groups;
}

export function experimentProgress(
	exp: Pick<Experiment, 'metrics' | 'progress'>,
	groups: GroupsConfig = currentGroups,
): ProgressInfo | undefined {
	const marked = markedMetric(exp, groups);
	const step = exp.progress?.step;
	const total = exp.progress?.total;
	if (marked !== undefined) {
		return { fraction: marked, step, total };
	}
	if (!exp.progress) {
		return undefined;
	}
	const fraction = total !== undefined && total > 0 ? clamp01(stepsDone(exp.progress.step) / total) : undefined;
	return { fraction, step, total };
}

const marksProgress = new WeakMap<GroupsConfig, boolean>();

/**
 * Whether any group marks a metric as progress. Without one no metric can be, so the per-metric
 * settings lookup is skipped: the tree asks for every row's progress, and 10,000 experiments with
 * 100 metrics each made that a million lookups (over a second) per tree build.
 */
function anyMarked(groups: GroupsConfig): boolean {
	let marked = marksProgress.get(groups);
	if (marked === undefined) {
		marked = Object.values(groups).some((g) => g?.progress === true);
		marksProgress.set(groups, marked);
	}
	return marked;
}

/** The latest value of a metric marked as progress, as a fraction of its scale (1, `yMax`, or 100 for `%`). */
function markedMetric(exp: Pick<Experiment, 'metrics'>, groups: GroupsConfig): number | undefined {
	if (!anyMarked(groups)) {
		return undefined;
	}
	for (const values of Object.values(exp.metrics)) {
		for (const [key, value] of Object.entries(values)) {
			const name = key.replace(/\./g, '/');
			if (typeof value !== 'number' || !Number.isFinite(value)) {
				continue;
			}
			const settings = chartSettings(name, undefined, groups);
			if (settings.progress) {
				const scale = settings.axes.yMax ?? (settings.yUnit === '%' ? 100 : 1);
				const lo = settings.axes.yMin ?? 0;
				return scale > lo ? clamp01((value - lo) / (scale - lo)) : undefined;
			}
		}
	}
	return undefined;
}

/**
 * DVCLive numbers steps from 0, so a run at step 29 has done 30 steps: a finished 30-epoch run is
 * 30/30 (100 %), never 29/30.
 */
function stepsDone(step: number): number {
	return step + 1;
}

function clamp01(v: number): number {
	return Math.min(1, Math.max(0, v));
}

export function progressBar(fraction: number, cells = BAR_CELLS): string {
	const full = Math.round(clamp01(fraction) * cells);
	return '▰'.repeat(full) + '▱'.repeat(cells - full);
}

/**
 * `▰▰▰▱▱ 60% · 30/50 steps`, `▰▰▰▱▱ 60%`, `step 7`; undefined without any progress. A run that writes
 * past its declared total keeps a full bar and says so (`393 steps (planned 300)`), never `393/300`.
 */
export function formatProgressInfo(p: ProgressInfo | undefined): string | undefined {
	if (!p) {
		return undefined;
	}
	const parts: string[] = [];
	if (p.fraction !== undefined) {
		parts.push(`${progressBar(p.fraction)} ${Math.floor(p.fraction * 100)}%`);
	}
	if (p.step !== undefined) {
		parts.push(stepText(p.step, p.total));
	}
	return parts.length > 0 ? parts.join(' · ') : undefined;
}

function stepText(step: number, total: number | undefined): string {
	if (total === undefined) {
		return `step ${step}`;
	}
	const done = stepsDone(step);
	return done > total ? `${done} steps (planned ${total})` : `${done}/${total} steps`;
}
