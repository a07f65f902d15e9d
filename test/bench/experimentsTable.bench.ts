import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Experiment, Project } from '../../src/model/types';
import type { TableWebviewMessage } from '../../src/shared/tableProtocol';
import { SelectionModel } from '../../src/experiments/selection';
import { TableFilterBridge } from '../../src/experiments/tableFilter';
import { createExperimentsModel } from '../../src/model/model';
import { MAX_WINDOW, TableController } from '../../src/table/controller';
import { Emitter } from '../../src/util/event';
import { exp, sha } from '../unit/experiments/helpers';
import { WebviewHarness } from '../webview/harness';
import { TableHost } from '../webview/tableHost';
import { percentiles } from './stats';

/**
 * The experiments table with `n` experiments × `columns` param/metric columns (every value distinct),
 * the real host controller in Node and the real page in headless Chromium:
 * - hostBuildMs: rows, columns and the view from the model (controller construction);
 * - snapshotKB: the snapshot message (columns and the first rows) as JSON;
 * - firstPaintMs: snapshot posted → the frame after the grid drew it;
 * - sortMs / filterMs: host recompute + the new snapshot painted, for a header click and a keystroke;
 * - scrollStepMs: one scroll step's render + layout in the page (rows cached), as percentiles;
 * - heapFirstMB / heapMB: the page's JS heap (after a GC) after the first paint / holding every row.
 */
export interface TableBench {
	hostBuildMs: number;
	snapshotKB: number;
	firstPaintMs: number;
	heapFirstMB: number;
	sortHostMs: number;
	sortPaintMs: number;
	filterHostMs: number;
	filterPaintMs: number;
	scrollP50Ms: number;
	scrollP95Ms: number;
	heapMB: number;
}

export function tableProject(n: number, columns: number): Project {
	const experiments: Experiment[] = [
		exp({ id: 'p|workspace', name: 'workspace', kind: 'workspace', rev: 'workspace' }),
		exp({ id: `p|${sha(1)}`, name: 'main', kind: 'commit', rev: sha(1), timestamp: 1 }),
	];
	const half = Math.floor(columns / 2);
	for (let i = 0; i < n; i++) {
		const params: Record<string, number> = {};
		const metrics: Record<string, number> = {};
		for (let c = 0; c < half; c++) {
			params[`p${c}`] = (i * 7919 + c * 104729) % 10007;
			metrics[`m${c}`] = Math.sin(i + c) * 100;
		}
		experiments.push(
			exp({
				id: `p|exp|${sha(1)}|e${i}`,
				name: `exp-${i}`,
				baselineSha: sha(1),
				rev: sha(100 + i),
				timestamp: 1_700_000_000_000 + i,
				params: { 'params.yaml': params },
				metrics: { 'metrics.json': metrics },
			}),
		);
	}
	return { id: 'p', root: '/repo', subdir: '', experiments };
}

/** Resolves with ms from now until the frame after the page shows snapshot `version`. */
const PAINTED = `(version) => new Promise((resolve) => {
	const t0 = performance.now();
	(function check() {
		if (document.body.dataset.version === String(version) && document.querySelector('.grid-body .row:not(.loading)')) {
			requestAnimationFrame(() => resolve(performance.now() - t0));
		} else {
			setTimeout(check, 0);
		}
	})();
})`;

/** The page's JS heap after a collection, exact (performance.memory is coarse without a flag). */
async function heapOf(page: Page): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	await cdp.detach();
	return usedSize / 2 ** 20;
}

/** Runs a host message through the controller and times the host work and the page's paint. */
async function timed(host: TableHost, page: Page, message: TableWebviewMessage): Promise<[number, number]> {
	const t0 = performance.now();
	host.controller.receive(message);
	const hostMs = performance.now() - t0;
	const version = host.controller.snapshot().version;
	const painted = page.evaluate<number>(`(${PAINTED})(${version})`);
	// The page's own messages (its `ready`, row requests) wait: only the snapshot is timed.
	await host.pump(false);
	return [hostMs, await painted];
}

export async function benchExperimentsTable(n: number, columns: number): Promise<TableBench> {
	if (!existsSync(join(__dirname, '..', '..', 'dist', 'webview', 'table.js'))) {
		throw new Error('dist/webview/table.js is missing: run `node esbuild.mjs` first');
	}
	const project = tableProject(n, columns);
	const harness = await WebviewHarness.launch();
	try {
		const page = await harness.open({ bundle: 'table', width: 1400, height: 900 });
		const t0 = performance.now();
		const host = new TableHost(page, project);
		const hostBuildMs = performance.now() - t0;
		const snapshotKB = JSON.stringify(host.controller.snapshot()).length / 1024;
		// The page has sent `ready`: answer it as the panel does, timing only the page's first paint.
		const [, firstPaintMs] = await timed(host, page, { type: 'ready' });
		const heapFirstMB = await heapOf(page);
		const [sortHostMs, sortPaintMs] = await timed(host, page, { type: 'table/sort', column: 'metrics:metrics.json:m3', add: false });
		const [filterHostMs, filterPaintMs] = await timed(host, page, { type: 'table/setText', text: 'exp-12' });
		await timed(host, page, { type: 'table/setText', text: '' });
		const scroll = percentiles(await scrollSteps(host, page));
		const heapMB = await heapOf(page);
		const scrollP50Ms = scroll.p50;
		const scrollP95Ms = scroll.p95;
		return { hostBuildMs, snapshotKB, firstPaintMs, heapFirstMB, sortHostMs, sortPaintMs, filterHostMs, filterPaintMs, scrollP50Ms, scrollP95Ms, heapMB };
	} finally {
		await harness.close();
	}
}

/**
 * Fills the page's row cache with every row (as `table/rows` answers, 1,000 rows a message, the
 * host's window cap) instead of scrolling there first, then times each step of one pass from top
 * to bottom: the scroll, the grid's render and a forced layout.
 */
async function scrollSteps(host: TableHost, page: Page): Promise<number[]> {
	const { version, total } = host.controller.snapshot();
	for (let start = 0; start < total; start += MAX_WINDOW) {
		const rows = host.controller.rows(start, MAX_WINDOW);
		// As one JSON string: playwright's own argument encoding is slow for a million cells.
		const message = JSON.stringify({ type: 'table/rows', requestId: 0, version, start, rows });
		await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), message);
	}
	const steps = 150;
	const height = await page.evaluate(() => document.querySelector('.grid')!.scrollHeight);
	return page.evaluate<number[]>(`(() => {
		const g = document.querySelector('.grid');
		const out = [];
		for (let k = 0; k <= ${steps}; k++) {
			const t = performance.now();
			g.scrollTop = ${height} * k / ${steps};
			g.scrollLeft = (k % 10) * 300;
			window.runlensTable.render();
			void g.offsetHeight;
			out.push(performance.now() - t);
		}
		return out;
	})()`);
}

/** The DVC extension's path reads `dvc exp show --json`; ours reads the repo and builds the table's view. */
export async function benchTableFromModel(repoPath: string): Promise<{ ms: number; rows: number; columns: number }> {
	const start = performance.now();
	const model = createExperimentsModel({ folders: [repoPath], allowGit: true, commitsPerBranch: 10_000, showAllBranches: true });
	try {
		await model.ready;
		const controller = new TableController({
			model,
			selection: new SelectionModel(),
			tableFilter: new TableFilterBridge(),
			starred: { ids: () => new Set(), onDidChange: new Emitter<unknown>().event },
			state: undefined,
			save: () => undefined,
			post: () => undefined,
			exportText: () => undefined,
			warn: () => undefined,
		});
		const snapshot = controller.snapshot();
		const ms = performance.now() - start;
		controller.dispose();
		return { ms, rows: snapshot.total, columns: snapshot.columns.length };
	} finally {
		model.dispose();
	}
}
