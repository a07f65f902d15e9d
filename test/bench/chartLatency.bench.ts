/**
 * Live latency in the real chart bundle (headless Chromium): time from posting a `charts/append`
 * message with one new point to the animation frame after the chart redrew. Appends are spaced
 * wider than the chart's redraw throttle (100 ms), as a run logging at up to ~5 steps/s sees them,
 * so the figure is message handling + Chart.js update + paint, not the throttle wait.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { range, snapshotOf, waitForPosted, WebviewHarness } from '../webview/harness';
import type { TestRun } from '../webview/harness';
import { percentiles } from './stats';
import type { Percentiles } from './stats';

export interface ChartLatency {
	appendToDraw: Percentiles;
	pointsPerSeries: number;
	series: number;
}

function runs(points: number, series: number): TestRun[] {
	return Array.from({ length: series }, (_, k) => ({
		id: `r${k}`,
		name: `run ${k}`,
		colour: ['#3794ff', '#f14c4c', '#89d185', '#cca700'][k % 4],
		metrics: { 'train/loss': { step: range(points), value: Float64Array.from(range(points), (i) => 1 / (i + 1) + k) } },
	}));
}

/**
 * Page-side: wraps the chart's `update` so the first update after the message marks the redraw,
 * then waits for the next frame. A string, so tsx adds no helpers the page lacks.
 */
const APPEND_TO_FRAME = `(args) => new Promise((resolve) => {
	const view = window.runlensCharts.view(args.chartId);
	const chart = view.instance;
	const update = chart.update;
	const t0 = performance.now();
	chart.update = function (...a) {
		const r = update.apply(this, a);
		chart.update = update;
		requestAnimationFrame(() => resolve(performance.now() - t0));
		return r;
	};
	window.postMessage({ type: 'charts/append', appends: [args.append] }, '*');
})`;

export async function benchChartLatency(points: number, series: number, samples: number): Promise<ChartLatency> {
	if (!existsSync(join(__dirname, '..', '..', 'dist', 'webview', 'charts.js'))) {
		throw new Error('dist/webview/charts.js is missing: run `node esbuild.mjs` first');
	}
	const snapshot = snapshotOf(runs(points, series), { smoothing: 0.6, budget: 1000 });
	const chart = snapshot.charts[0];
	const key = chart.series[0].key;
	const harness = await WebviewHarness.launch();
	try {
		const page = await harness.open({ width: 1400, height: 900 });
		await page.evaluate((m) => window.postMessage(m, '*'), { type: 'charts/snapshot', snapshot } as unknown as Record<string, unknown>);
		await waitForPosted(page, 'charts/rendered');
		const times: number[] = [];
		for (let i = 0; i < samples; i++) {
			const step = points + i;
			const append = { chartId: chart.id, key, x: [step], y: [0.5], smoothed: [0.5], total: step + 1 };
			times.push(await page.evaluate<number>(`(${APPEND_TO_FRAME})(${JSON.stringify({ chartId: chart.id, append })})`));
			await page.waitForTimeout(150);
		}
		return { appendToDraw: percentiles(times), pointsPerSeries: points, series };
	} finally {
		await harness.close();
	}
}
