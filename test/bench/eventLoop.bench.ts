/**
 * The longest event-loop block while the real model works: a first scan of a workspace with many
 * projects (git repos, some holding large and hostile files), and the read of one 5-million-row
 * series. Measured with a gap probe (a 1 ms timer chain: a gap between two ticks, minus the
 * interval, is a time nothing else could run) and cross-checked with perf_hooks'
 * monitorEventLoopDelay. Goal: no block over 50 ms (the extension host's budget).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createExperimentsModel } from '../../src/model/model';
import { parseAsync, parsePoolState, retainParsePool } from '../../src/model/parse/parsePool';
import type { ParseTask } from '../../src/model/parse/parseTasks';
import { INLINE_LIMITS, runParseTask } from '../../src/model/parse/parseTasks';
import { withSeriesProject } from './seriesMemory.bench';
import { percentile } from './stats';

export interface BlockFigures {
	/** Longest gap between two probe ticks minus the probe interval, ms. */
	longestBlockMs: number;
	/** 99th percentile of those gaps, ms. */
	p99BlockMs: number;
	/** monitorEventLoopDelay's max and p99, ms. */
	delayMaxMs: number;
	delayP99Ms: number;
	/** Gaps over 50 ms. */
	blocksOver50: number;
	wallMs: number;
}

const PROBE_MS = 1;

/** Runs `work` with both probes on; the probes' own overhead is one timer per ms. */
export async function measureBlocks(work: () => Promise<unknown>): Promise<BlockFigures> {
	const histogram = monitorEventLoopDelay({ resolution: 5 });
	const gaps: number[] = [];
	let last = performance.now();
	let timer: NodeJS.Timeout | undefined;
	const gap = () => {
		const now = performance.now();
		gaps.push(Math.max(0, now - last - PROBE_MS));
		last = now;
	};
	const tick = () => {
		gap();
		timer = setTimeout(tick, PROBE_MS);
	};
	histogram.enable();
	timer = setTimeout(tick, PROBE_MS);
	const t0 = performance.now();
	try {
		await work();
		// The gap up to the work's end counts; no new probe (one armed here would tick forever).
		clearTimeout(timer);
		gap();
	} finally {
		clearTimeout(timer);
		histogram.disable();
	}
	return {
		longestBlockMs: Math.max(...gaps),
		p99BlockMs: percentile(gaps, 99),
		delayMaxMs: histogram.max / 1e6,
		delayP99Ms: histogram.percentile(99) / 1e6,
		blocksOver50: gaps.filter((g) => g > 50).length,
		wallMs: performance.now() - t0,
	};
}

const MB = 1024 * 1024;

/** A metrics JSON of about `mb` MB: many keys and long lists (DVC keeps lists as one value). */
function bigJson(mb: number): string {
	const parts: string[] = [];
	let size = 0;
	for (let i = 0; size < mb * MB; i++) {
		const part = `"k${i}": {"loss": ${1 / (i + 1)}, "hist": [${Array.from({ length: 50 }, (_, j) => j * 0.5).join(',')}]}`;
		parts.push(part);
		size += part.length + 1;
	}
	return `{${parts.join(',')}}`;
}

/** Params YAML of about `mb` MB in sections of 50 keys (one huge mapping is the flat case below). */
function bigYaml(mb: number): string {
	const lines: string[] = [];
	let size = 0;
	for (let i = 0; size < mb * MB; i++) {
		const line = `${i % 50 === 0 ? `s${i}:\n` : ''}  p${i}:\n    lr: ${1 / (i + 1)}\n    name: "run-${i}"\n`;
		lines.push(line);
		size += line.length;
	}
	return lines.join('');
}

function tsv(rows: number): string {
	const out: string[] = ['timestamp\tstep\tloss'];
	for (let i = 0; i < rows; i++) {
		out.push(`${1717171717171 + i * 13}\t${i}\t${(1 / (i + 1)).toFixed(6)}`);
	}
	return out.join('\n') + '\n';
}

const SMALL_DVC_YAML = 'params:\n- params.yaml\nmetrics:\n- dvclive/metrics.json\nplots:\n- dvclive/plots/metrics:\n    x: step\n';
const HOSTILE_DVC_YAML =
	'params:\n- params.yaml\n- flat.yaml\nmetrics:\n- dvclive/metrics.json\n- nested.json\n- huge.json\nplots:\n- dvclive/plots/metrics:\n    x: step\n- line.tsv\n';

function git(cwd: string, ...args: string[]): void {
	const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
	if (r.status !== 0) {
		throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
	}
}

/** A large/hostile project's files: big params and metrics, a long series and hostile files. */
function writeHostileFiles(root: string, big: { json: string; yaml: string; series: string }): void {
	writeFileSync(join(root, 'dvc.yaml'), HOSTILE_DVC_YAML);
	writeFileSync(join(root, 'params.yaml'), big.yaml);
	writeFileSync(join(root, 'flat.yaml'), Array.from({ length: 3000 }, (_, i) => `k${i}: ${i}\n`).join(''));
	writeFileSync(join(root, 'dvclive/metrics.json'), big.json);
	writeFileSync(join(root, 'dvclive/plots/metrics/loss.tsv'), big.series);
	writeFileSync(join(root, 'nested.json'), '['.repeat(100_000) + ']'.repeat(100_000));
	writeFileSync(join(root, 'huge.json'), JSON.stringify({ s: 'x'.repeat(8 * MB) }));
	writeFileSync(join(root, 'line.tsv'), 'a\tb\n' + '1\t'.repeat(MB) + '\n');
}

/**
 * `projects` DVC projects, each a git repo with one commit (so the scan reads a committed revision
 * through git as well as the workspace); every `hostileEvery`-th holds 4 MB of metrics JSON, 2 MB
 * of params YAML, a flat 3000-key YAML, a 200k-row series, a JSON bomb, an 8 MB string and a
 * 2 MB single-line TSV. The others are ordinary small DVCLive projects.
 */
export function writeHostileWorkspace(projects: number, hostileEvery: number): string {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-stall-'));
	const big = { json: bigJson(4), yaml: bigYaml(2), series: tsv(200_000) };
	const small = { series: tsv(200) };
	for (let p = 0; p < projects; p++) {
		const root = join(dir, `p${p}`);
		mkdirSync(join(root, '.dvc'), { recursive: true });
		mkdirSync(join(root, 'dvclive/plots/metrics'), { recursive: true });
		writeFileSync(join(root, '.dvc/config'), '');
		if (p % hostileEvery === 0) {
			writeHostileFiles(root, big);
		} else {
			writeFileSync(join(root, 'dvc.yaml'), SMALL_DVC_YAML);
			writeFileSync(join(root, 'params.yaml'), `train:\n  lr: 0.0${p + 1}\n  epochs: 10\n`);
			writeFileSync(join(root, 'dvclive/metrics.json'), `{"loss": 0.${p + 1}, "step": 199}`);
			writeFileSync(join(root, 'dvclive/plots/metrics/loss.tsv'), small.series);
		}
		git(root, 'init', '-q', '-b', 'main');
		git(root, 'add', '-A');
		git(root, '-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'first');
	}
	return dir;
}

/** First scan (model.ready) of the workspace, then every series of every row read once. */
export async function benchFirstScan(dir: string): Promise<BlockFigures & { rows: number; errors: number }> {
	let rows = 0;
	let errors = 0;
	const figures = await measureBlocks(async () => {
		const folders = [dir];
		const model = createExperimentsModel({ folders, allowGit: true, commitsPerBranch: 1, showAllBranches: false });
		try {
			await model.ready;
			const all = model.getExperiments();
			rows = all.length;
			for (const exp of all) {
				errors += exp.errors.length;
				for (const s of exp.series) {
					await model.readSeriesTable(exp.id, s.file);
				}
			}
		} finally {
			model.dispose();
		}
	});
	return { ...figures, rows, errors };
}

/** One read of a `rows`-row DVCLive series (workspace file) by a fresh model. */
export function benchSeriesBlocks(rows: number): Promise<BlockFigures> {
	return withSeriesProject(rows, async (dir) => {
		const model = createExperimentsModel({ folders: [dir], allowGit: false, commitsPerBranch: 1, showAllBranches: false });
		try {
			await model.ready;
			const id = model.getExperiments()[0]?.id;
			let length = 0;
			const figures = await measureBlocks(async () => {
				length = (await model.readSeriesTable(id, 'dvclive/plots/metrics/loss.tsv'))?.length ?? 0;
			});
			if (length !== rows) {
				throw new Error(`event-loop bench: the model read ${length} of ${rows} rows`);
			}
			return figures;
		} finally {
			model.dispose();
		}
	});
}

export function removeWorkspace(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
}

/**
 * What the worker costs: the first parse (worker start included) and the main thread's block while
 * starting it, then a warm round trip vs the inline parse, for a params.yaml at the inline limit.
 */
export async function benchPoolCost(): Promise<{ firstMs: number; startBlockMs: number; roundTripMs: number; inlineMs: number }> {
	const release = retainParsePool();
	try {
		const text = Array.from({ length: 700 }, (_, i) => `p${i}: ${i}\n`).join('').slice(0, INLINE_LIMITS.yaml + 100);
		const task: ParseTask = { kind: 'params', text: text.slice(0, text.lastIndexOf('\n') + 1), file: 'params.yaml' };
		if (parsePoolState().running) {
			throw new Error('pool cost bench: the parse worker is already running');
		}
		let t = performance.now();
		const first = parseAsync(task);
		const startBlockMs = performance.now() - t;
		await first;
		const firstMs = performance.now() - t;
		const runs = 20;
		t = performance.now();
		for (let i = 0; i < runs; i++) {
			await parseAsync(task);
		}
		const roundTripMs = (performance.now() - t) / runs;
		t = performance.now();
		for (let i = 0; i < runs; i++) {
			runParseTask(task);
		}
		return { firstMs, startBlockMs, roundTripMs, inlineMs: (performance.now() - t) / runs };
	} finally {
		release();
	}
}
