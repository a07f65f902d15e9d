import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { range, snapshotOf, waitForPosted, WebviewHarness } from '../webview/harness';
import type { TestRun } from '../webview/harness';

/**
 * Chart panel benchmark in headless Chromium with the real bundle (dist/webview/charts.js):
 * - decimateMs: host side, smoothing + min/max/last bucketing of every series into a snapshot;
 * - drawMs: page side, from posting the snapshot message to the frame after the charts drew;
 * - appendMs: one appended point to the frame after the (throttled) redraw, minus the throttle wait;
 * - heapMB: the page's JS heap after drawing.
 */
export interface ChartBench {
	drawMs: number;
	decimateMs: number;
	appendMs: number;
	heapMB: number;
}

function runs(pointsPerSeries: number, series: number): TestRun[] {
	return Array.from({ length: series }, (_, k) => ({
		id: `r${k}`,
		name: `run ${k}`,
		colour: ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#f28b22'][k % 6],
		metrics: {
			'train/loss': {
				step: range(pointsPerSeries),
				value: Float64Array.from({ length: pointsPerSeries }, (_, i) => Math.exp(-i / (pointsPerSeries / 5)) + k / 10 + Math.sin(i) / 50),
			},
		},
	}));
}

/**
 * Posts a message and resolves with the ms until the animation frame after `charts/rendered`.
 * The page code is a string: tsx's transform would otherwise add helpers the page does not have.
 */
const TIME_TO_FRAME = `(m) => new Promise((resolve) => {
	const posted = window.__posted;
	const seen = posted.length;
	const t0 = performance.now();
	window.postMessage(m, '*');
	(function check() {
		if (posted.slice(seen).some((x) => x.type === 'charts/rendered')) {
			requestAnimationFrame(() => resolve(performance.now() - t0));
		} else {
			setTimeout(check, 0);
		}
	})();
})`;

async function timeToFrame(p: Page, message: unknown): Promise<number> {
	return p.evaluate<number>(`(${TIME_TO_FRAME})(${JSON.stringify(message)})`);
}

export async function benchChartDraw(pointsPerSeries: number, series: number): Promise<ChartBench> {
	if (!existsSync(join(__dirname, '..', '..', 'dist', 'webview', 'charts.js'))) {
		throw new Error('dist/webview/charts.js is missing: run `node esbuild.mjs` first');
	}
	const data = runs(pointsPerSeries, series);
	const t0 = performance.now();
	const snapshot = snapshotOf(data, { smoothing: 0.6, budget: 1000 });
	const decimateMs = performance.now() - t0;
	const harness = await WebviewHarness.launch();
	try {
		const page = await harness.open({ width: 1400, height: 900 });
		const drawMs = await timeToFrame(page, { type: 'charts/snapshot', snapshot });
		await waitForPosted(page, 'charts/rendered');
		const appendMs = await page.evaluate(async () => {
			const app = (window as unknown as { runlensCharts: { view(id: string): { append(k: string, x: number[], y: number[], s: number[] | undefined, t: number): void; instance: { update(mode: string): void } } } }).runlensCharts;
			const view = app.view('metric:train/loss');
			const t = performance.now();
			view.append('r0::dvclive/plots/metrics/train/loss.tsv#loss', [1e12], [0.5], [0.5], 1);
			view.instance.update('none');
			await new Promise((r) => requestAnimationFrame(r));
			return performance.now() - t;
		});
		const heapMB = await page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20);
		return { drawMs, decimateMs, appendMs, heapMB };
	} finally {
		await harness.close();
	}
}
