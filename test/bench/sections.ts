/**
 * The benchmark sections of `npm run bench`. Each returns plain JSON for bench/results.json; sizes
 * come from the plan so growth can be plotted. No assertions: figures and ratios are reported.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleSizes } from './bundle.bench';
import { benchChartDraw } from './chartDraw.bench';
import { benchChartLatency } from './chartLatency.bench';
import { benchCustomPlots } from './customPlots.bench';
import { benchDvcExpShow, ensureBenchRepo } from './dvcExpShow.bench';
import { benchFirstScan, benchPoolCost, benchSeriesBlocks, removeWorkspace, writeHostileWorkspace } from './eventLoop.bench';
import { benchExamplesSort } from './examplesSort.bench';
import { benchExperimentsTable, benchTableFromModel } from './experimentsTable.bench';
import { benchLiveLatency } from './liveLatency.bench';
import { benchModelRead } from './modelRead.bench';
import type { Plan } from './plan';
import { benchSeriesMemory, withSeriesProject } from './seriesMemory.bench';
import { benchSidebarLatency } from './sidebarLatency.bench';
import { benchStartup } from './startup.bench';
import { percentiles, repeat, stat } from './stats';
import type { Stat } from './stats';
import { benchDataWait, benchQueuedMemory, benchStudioOutbox } from './studioOutbox.bench';
import { benchTableParse } from './tableParse.bench';
import { benchDvcList, benchDvcPull, benchTeamFetch, benchTeamList, makeTeamBenchRepo } from './team.bench';

const ROOT = resolve(__dirname, '..', '..');
type Log = (msg: string) => void;

async function venvPython(): Promise<string> {
	const venv = (await import(pathToFileURL(join(ROOT, 'scripts', 'venv.mjs')).href)) as {
		ensureVenv(): Promise<{ python: string }>;
	};
	return (await venv.ensureVenv()).python;
}

export interface ExperimentsPoint {
	experiments: number;
	runlensMs: Stat;
	/** `dvc exp show --json -A` with DVC's own result cache (.dvc/tmp/exps/cache) removed first. */
	dvcColdMs?: Stat;
	/** The same right after, with DVC's result cache filled by the cold runs. */
	dvcWarmMs?: Stat;
}

/** Model read (always cold: a new model per run) vs DVC, at every experiment count of the plan. */
export async function experimentsSection(plan: Plan, log: Log): Promise<ExperimentsPoint[]> {
	const python = await venvPython();
	const out: ExperimentsPoint[] = [];
	for (const n of plan.experiments) {
		log(`model read, ${n} experiments (building the cached repo if missing)`);
		const repo = await ensureBenchRepo(n);
		const runlens = await repeat(plan.runs, async () => {
			const r = await benchModelRead(repo);
			if (r.errors > 0 || r.experiments !== n) {
				throw new Error(`model read of the ${n}-experiment repo: ${r.experiments} experiments, ${r.errors} errors`);
			}
			return { ms: r.ms };
		}, 1);
		const point: ExperimentsPoint = { experiments: n, runlensMs: runlens.ms };
		if (plan.dvcExperiments.includes(n)) {
			log(`dvc exp show --json -A, ${n} experiments (cold, then warm)`);
			const dvc = async () => {
				const r = await benchDvcExpShow(repo, python);
				if (r.experiments !== n) {
					throw new Error(`dvc exp show listed ${r.experiments} of ${n} experiments`);
				}
				return { ms: r.ms };
			};
			point.dvcColdMs = (
				await repeat(plan.dvcRuns, () => {
					rmSync(join(repo, '.dvc', 'tmp', 'exps', 'cache'), { recursive: true, force: true });
					return dvc();
				})
			).ms;
			point.dvcWarmMs = (await repeat(plan.dvcRuns, dvc)).ms;
		}
		out.push(point);
	}
	return out;
}

export async function tableParseSection(plan: Plan, log: Log) {
	const out = [];
	for (const [i, rows] of plan.tsvRows.entries()) {
		log(`TSV parse vs decode + split, ${rows} rows`);
		// Warm the JIT once at the smallest size; generating the big inputs dominates the run time.
		const r = await repeat(plan.runs, () => {
			const { parseMs, splitMs } = benchTableParse(rows);
			return { parseMs, splitMs, ratio: parseMs / splitMs };
		}, i === 0 ? 1 : 0);
		out.push({ rows, ...r });
	}
	return out;
}

export async function memorySection(plan: Plan, log: Log) {
	log(`model memory, one series of ${plan.memoryRows} points`);
	const rows = plan.memoryRows;
	let fileMB = 0;
	const r = await withSeriesProject(rows, (dir) =>
		repeat(plan.memoryRuns, async () => {
			const { rows: _rows, fileMB: f, ...figures } = await benchSeriesMemory(dir, rows);
			fileMB = f;
			return figures;
		}),
	);
	return { rows, fileMB, ...r };
}

export async function liveSection(plan: Plan, log: Log) {
	log(`live latency, ${plan.liveSamples} samples (model) and in Chromium (chart)`);
	const model = await benchLiveLatency(plan.liveSamples);
	const chart = await benchChartLatency(plan.liveChartPoints, 4, plan.liveSamples);
	return { model, chart };
}

export async function chartDrawSection(plan: Plan, log: Log) {
	const out = [];
	for (const [i, points] of plan.chartPoints.entries()) {
		log(`chart draw, 4 x ${points} points`);
		// One untimed draw first: the first Chromium start of the run pays for cold disk caches.
		const r = await repeat(plan.chartRuns, () => benchChartDraw(points, 4), i === 0 ? 1 : 0);
		out.push({ pointsPerSeries: points, series: 4, ...r });
	}
	return out;
}

export async function sortSection(plan: Plan, log: Log) {
	const out = [];
	for (const rows of plan.sortRows) {
		log(`examples table sort, ${rows} rows`);
		out.push({ rows, ...(await repeat(plan.runs, () => benchExamplesSort(rows))) });
	}
	return out;
}

export async function studioSection(plan: Plan, log: Log) {
	const out = [];
	for (const streams of plan.outboxStreams) {
		log(`Studio outbox, ${streams} experiments x (start, data, done)`);
		let events = 0;
		const r = await repeat(plan.outboxRuns, async () => {
			const { events: e, posts: _p, ...figures } = await benchStudioOutbox(streams);
			events = e;
			return figures;
		});
		out.push({ streams, events, ...r });
	}
	// Same row shape (events, queuedHeapMB) so the report's heap row shows it; waitMs is the wait figure.
	out.push(await studioQueue(plan, log));
	return out;
}

/** Memory of a long queue (Studio paused) and a data event's wait on a healthy server (goal p95 ≤ 50 ms). */
async function studioQueue(plan: Plan, log: Log) {
	const n = plan.outboxQueuedEvents;
	log(`Studio outbox memory, ${n} events queued while Studio is paused`);
	const memory = await repeat(plan.outboxRuns, () =>
		benchQueuedMemory(n).then(({ heapMB, enqueueMs }) => ({ queuedHeapMB: heapMB, enqueueMs })),
	);
	const wait = { streams: plan.outboxWaitStreams, steps: plan.outboxWaitSteps, intervalMs: plan.outboxWaitIntervalMs };
	log(`Studio data event wait, ${wait.streams} running experiments x ${wait.steps} steps every ${wait.intervalMs} ms`);
	const { samples, posts } = await benchDataWait(wait);
	return { streams: 0, events: n, paused: true, ...memory, wait: { ...wait, posts, waitMs: percentiles(samples) } };
}

async function ensureRepo(opts: Record<string, unknown>): Promise<string> {
	const mod = (await import(pathToFileURL(join(ROOT, 'scripts', 'makeRepo.mjs')).href)) as {
		ensureRepo(o: Record<string, unknown>): Promise<string>;
	};
	return mod.ensureRepo(opts);
}

/** `dvc exp show --json -A` in every DVC project of the repo (DVC lists one project per call). */
async function dvcExpShowAll(projects: string[], python: string, runs: number) {
	let experiments = 0;
	const once = async () => {
		let ms = 0;
		experiments = 0;
		for (const p of projects) {
			const r = await benchDvcExpShow(p, python);
			ms += r.ms;
			experiments += r.experiments;
		}
		return { ms };
	};
	const cold = await repeat(runs, () => {
		for (const p of projects) {
			rmSync(join(p, '.dvc', 'tmp', 'exps', 'cache'), { recursive: true, force: true });
		}
		return once();
	});
	const warm = await repeat(runs, once);
	return { coldMs: cold.ms, warmMs: warm.ms, experiments };
}

/**
 * Start-up in the real extension host on a small repo (make_repo.py --kind startup: 2 projects,
 * 2 branches, about 15 revisions) and a 200-experiment one, beside `dvc exp show --json -A` on the
 * same repos in the same run.
 */
export async function startupSection(plan: Plan, log: Log) {
	const python = await venvPython();
	const small = await ensureRepo({ kind: 'startup' });
	const large = await ensureBenchRepo(plan.startupLargeExperiments);
	const out = [];
	for (const [name, repo, projects] of [
		['small', small, [small, join(small, 'sub')]],
		['large', large, [large]],
	] as const) {
		log(`start-up in code-server, ${name} repo: 1 untimed + ${plan.startupRuns} timed starts`);
		const starts = await benchStartup(repo, plan.startupRuns);
		log(`dvc exp show --json -A, ${name} repo (${projects.length} project(s), cold, then warm)`);
		const dvc = await dvcExpShowAll([...projects], python, plan.dvcRuns);
		const pick = (k: 'activateMs' | 'codeLoadMs' | 'toActivatedMs' | 'toFirstTreeMs' | 'toReadyMs') => stat(starts.map((s) => s[k]));
		out.push({
			repo: name,
			projects: projects.length,
			experiments: starts[0]?.experiments ?? 0,
			dvcExperiments: dvc.experiments,
			viewRestored: starts.every((s) => s.viewRestored),
			activateMs: pick('activateMs'),
			codeLoadMs: pick('codeLoadMs'),
			toActivatedMs: pick('toActivatedMs'),
			toFirstTreeMs: pick('toFirstTreeMs'),
			toReadyMs: pick('toReadyMs'),
			dvcColdMs: dvc.coldMs,
			dvcWarmMs: dvc.warmMs,
		});
	}
	return out;
}

export async function sidebarSection(plan: Plan, log: Log) {
	log(`sidebar in code-server: ${plan.sidebarSamples} appends at 10 rows/s, then 2 × ${plan.sidebarCpuSeconds} s of host CPU`);
	return benchSidebarLatency({ samples: plan.sidebarSamples, intervalMs: 100, cpuSeconds: plan.sidebarCpuSeconds });
}

export function bundleSection() {
	return bundleSizes();
}

/** Team view: remote status of 5 teammates' experiments vs `dvc exp list`, one fetch vs `dvc exp pull`. */
export async function teamSection(plan: Plan, log: Log) {
	const python = await venvPython();
	log(`Team view: bare remote with ${plan.teamExperiments} experiments of 5 teammates`);
	const repo = makeTeamBenchRepo(plan.teamExperiments);
	try {
		let remoteOnly = 0;
		const list = await repeat(plan.teamRuns, async () => {
			const r = await benchTeamList(repo);
			remoteOnly = r.remoteOnly;
			return { runlensMs: r.ms, dvcMs: await benchDvcList(repo, python) };
		});
		// Each run fetches experiments never fetched before: Runlens from the front, dvc from the back.
		let run = 0;
		const n = repo.experiments.length;
		const fetch = await repeat(plan.teamRuns, async () => {
			run++;
			return { runlensMs: await benchTeamFetch(repo, run), dvcMs: await benchDvcPull(repo, python, n - run) };
		});
		return { experiments: n, remoteOnly, list, fetch };
	} finally {
		repo.cleanup();
	}
}

export async function customPlotsSection(plan: Plan, log: Log) {
	const size = { experiments: plan.customExperiments, columns: plan.customColumns };
	log(`custom plots snapshot, ${size.experiments} experiments x ${size.columns} columns`);
	// One untimed run first: JIT warm-up and the generated experiments' first GC.
	const r = await repeat(plan.customRuns, () => benchCustomPlots(size.experiments, size.columns), 1);
	return { ...size, ...r };
}

/** Longest event-loop blocks (goal: none over 50 ms) during a first scan and a long series read. */
export async function eventLoopSection(plan: Plan, log: Log) {
	const { eventLoopProjects: projects, eventLoopHostileEvery: every, eventLoopSeriesRows: rows } = plan;
	log(`event loop: first scan of ${projects} projects (git), every ${every}th large/hostile`);
	const dir = writeHostileWorkspace(projects, every);
	let firstScan;
	try {
		firstScan = { projects, hostile: Math.ceil(projects / every), ...(await benchFirstScan(dir)) };
	} finally {
		removeWorkspace(dir);
	}
	log(`event loop: read of one ${rows}-row series`);
	const seriesRead = { rows, ...(await benchSeriesBlocks(rows)) };
	log('parse worker cost: start, and a 4 kB params.yaml through the worker vs inline');
	return { firstScan, seriesRead, pool: await benchPoolCost() };
}

export async function experimentsTableSection(plan: Plan, log: Log) {
	const { tableExperiments: n, tableColumns: columns } = plan;
	log(`experiments table, ${n} experiments x ${columns} columns (host controller + Chromium page)`);
	let run = 0;
	const page = await repeat(plan.chartRuns, async () => {
		const r = await benchExperimentsTable(n, columns);
		log(`  page run ${++run}: first paint ${r.firstPaintMs.toFixed(0)} ms, scroll p95 ${r.scrollP95Ms.toFixed(1)} ms`);
		return r;
	});
	const python = await venvPython();
	const repoExperiments = plan.dvcExperiments[plan.dvcExperiments.length - 1];
	log(`experiments table data of a ${repoExperiments}-experiment DVC repo: Runlens model + table vs dvc exp show --json -A`);
	const repo = await ensureBenchRepo(repoExperiments);
	const runlensMs = await repeat(plan.runs, async () => ({ ms: (await benchTableFromModel(repo)).ms }), 1);
	const dvc = async () => ({ ms: (await benchDvcExpShow(repo, python)).ms });
	const dvcColdMs = await repeat(plan.dvcRuns, () => {
		rmSync(join(repo, '.dvc', 'tmp', 'exps', 'cache'), { recursive: true, force: true });
		return dvc();
	});
	const dvcWarmMs = await repeat(plan.dvcRuns, dvc);
	return {
		...page,
		experiments: n,
		columns,
		repoExperiments,
		runlensMs: runlensMs.ms,
		dvcColdMs: dvcColdMs.ms,
		dvcWarmMs: dvcWarmMs.ms,
		coldRatio: dvcColdMs.ms.median / runlensMs.ms.median,
		warmRatio: dvcWarmMs.ms.median / runlensMs.ms.median,
	};
}
