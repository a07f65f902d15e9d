/**
 * Sidebar latency and idle CPU in the real extension host (code-server, driven by Chromium through
 * playwright-core, as startup.bench.ts does). A generated test entry opens the fixture workspace,
 * announces a DVCLive-only run and appends one row to `train/loss.tsv` (+ rewrites metrics.json with
 * the step) every 100 ms. Per append it records the time to
 *   - the public API's `onDidChangeExperiments` once the workspace's metrics carry that step,
 *   - the model's `onDidAppendSeries` once loss.tsv holds that row,
 *   - the tree refresh after which the rendered workspace item reads `step N`.
 * An event that shows a later step settles every earlier pending step (coalesced updates count).
 * The VS Code file watcher, its 100 ms coalescing and the model's 100 ms debounce are all included;
 * the workbench's own drawing of the tree (renderer process) is not.
 *
 * Then the extension host's own CPU time (`process.cpuUsage()`, this process only) over a window
 * while a separate writer process appends 10 rows/s, and over a window with no run at all. The host
 * also runs VS Code's built-in extensions (git among them: the fixture is a git repo), as for users,
 * so a V8 sampling profile of a second window attributes the CPU to Runlens, git, VS Code...
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runEntryInCodeServer } from './codeServerRun';
import { percentiles } from './stats';
import type { Percentiles } from './stats';

const ROOT = resolve(__dirname, '..', '..');

export interface SidebarBenchOptions {
	samples: number;
	intervalMs: number;
	cpuSeconds: number;
}

interface Raw {
	api: number[];
	series: number[];
	tree: number[];
	rebuildMs: number[];
	written: number;
	cpuRun: CpuWindow;
	cpuIdle: CpuWindow;
}

interface CpuWindow {
	cpuMs: number;
	wallMs: number;
	rows: number;
	byOrigin: Record<string, number>;
}

export interface CpuFigure {
	/** Host CPU time as % of one core over the window. */
	percentOfCore: number;
	seconds: number;
	rowsWritten: number;
	/** CPU ms per appended row (run window only). */
	cpuMsPerRow?: number;
	/**
	 * % of a core by origin (runlens, git, otherExtensions, vscode, nodeInternals, gc, program) from
	 * a V8 sampling profile of a second window of the same length under the same load.
	 */
	profiledByOrigin: Record<string, number>;
}

export interface SidebarLatency {
	rowsPerSecond: number;
	appendToApiEvent: Percentiles;
	appendToSeriesEvent: Percentiles;
	appendToTreeRefresh: Percentiles;
	/** Appends never seen by that event before the end of the run (0 expected). */
	missed: { api: number; series: number; tree: number };
	/** The provider's own rebuild time per refresh (TreeRefresh.ms). */
	treeRebuildMs: Percentiles;
	cpuWhileRunning: CpuFigure;
	cpuIdle: CpuFigure;
	/** 1-minute load average before and after: on a shared machine the latencies follow it. */
	loadAverage: { start: number; end: number };
}

const ENTRY = readFileSync(join(__dirname, 'sidebarLatency.entry.cjs'), 'utf8');

async function runInCodeServer(workspace: string, env: Record<string, string>, out: string, entry: string) {
	const code = await runEntryInCodeServer({
		workspace,
		entry,
		env: { RUNLENS_BENCH_OUT: out, ...env },
		what: 'sidebar bench',
		timeoutMs: 300_000,
	});
	if (code !== 0) {
		const error = (() => {
			try {
				return (JSON.parse(readFileSync(out, 'utf8')) as { error?: string }).error;
			} catch {
				return undefined;
			}
		})();
		throw new Error(`sidebar bench: the extension host entry exited ${code}${error ? `: ${error}` : ''}`);
	}
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function cpuFigure(w: CpuWindow, perRow: boolean): CpuFigure {
	const fig: CpuFigure = {
		percentOfCore: (100 * w.cpuMs) / w.wallMs,
		seconds: w.wallMs / 1000,
		rowsWritten: w.rows,
		profiledByOrigin: w.byOrigin,
	};
	if (perRow && w.rows > 0) {
		fig.cpuMsPerRow = w.cpuMs / w.rows;
	}
	return fig;
}

/** One code-server start on a fresh fixture workspace; all figures of the section. */
export async function benchSidebarLatency(opts: SidebarBenchOptions): Promise<SidebarLatency> {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-sidebar-'));
	const workspace = join(dir, 'ws');
	const entry = join(dir, 'entry.js');
	const out = join(dir, 'out.json');
	const fixtures = (await import(pathToFileURL(join(ROOT, 'scripts', 'fixtures.mjs')).href)) as {
		makeFixtureWorkspace(d: string): string;
	};
	fixtures.makeFixtureWorkspace(workspace);
	writeFileSync(entry, ENTRY);
	const loadStart = loadavg()[0];
	try {
		await runInCodeServer(workspace, { RUNLENS_BENCH_SIDEBAR: JSON.stringify(opts) }, out, entry);
		const raw = JSON.parse(readFileSync(out, 'utf8')) as Raw;
		if (raw.api.length === 0 || raw.series.length === 0 || raw.tree.length === 0) {
			throw new Error(`sidebar bench: no samples (api ${raw.api.length}, series ${raw.series.length}, tree ${raw.tree.length})`);
		}
		return {
			rowsPerSecond: 1000 / opts.intervalMs,
			appendToApiEvent: percentiles(raw.api),
			appendToSeriesEvent: percentiles(raw.series),
			appendToTreeRefresh: percentiles(raw.tree),
			missed: { api: raw.written - raw.api.length, series: raw.written - raw.series.length, tree: raw.written - raw.tree.length },
			treeRebuildMs: percentiles(raw.rebuildMs.length > 0 ? raw.rebuildMs : [0]),
			cpuWhileRunning: cpuFigure(raw.cpuRun, true),
			cpuIdle: cpuFigure(raw.cpuIdle, false),
			loadAverage: { start: round2(loadStart), end: round2(loadavg()[0]) },
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
