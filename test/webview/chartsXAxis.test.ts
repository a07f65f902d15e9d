import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { rebuildChart } from '../../src/charts/snapshot';
import { range, runInput, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';

const CHART = 'metric:train/reward';

/** Steps 0..39 over 4 episodes of 10 steps: the episode axis runs 0..3. */
function rlRun(): TestRun {
	const n = 40;
	return {
		id: 'exp-a',
		name: 'brisk-lark',
		colour: '#3794ff',
		metrics: {
			'train/reward': {
				step: range(n),
				episode: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 10)),
				env_step: Float64Array.from({ length: n }, (_, i) => i * 8),
				value: Float64Array.from({ length: n }, (_, i) => Math.sin(i / 4)),
			},
			'eval/acc': { step: range(n), value: Float64Array.from({ length: n }, (_, i) => i / n) },
		},
	};
}

async function xTitle(p: Page, chartId: string): Promise<{ title: string; max: number }> {
	return p.evaluate((id) => {
		const app = (
			window as unknown as {
				runlensCharts: {
					view(
						id: string,
					):
						| { instance: { options: { scales: { x: { title: { text: string } } } }; scales: { x: { max: number } } } }
						| undefined;
				};
			}
		).runlensCharts;
		const chart = app.view(id)?.instance;
		return { title: chart?.options.scales.x.title.text ?? '', max: chart?.scales.x.max ?? NaN };
	}, chartId);
}

describe('chart webview: per-chart x axis select', function () {
	const harness = useWebviewHarness();

	it('lists the chart’s numeric columns and switches that chart to `episode` after the host reply', async () => {
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf([rlRun()]) });
		await waitForPosted(p, 'charts/rendered');
		const select = p.locator(`[data-chart-id="${CHART}"] select[aria-label="X axis of this chart"]`);
		assert.deepEqual(await select.locator('option').allInnerTexts(), [
			'(panel default)',
			'Step',
			'env_step',
			'episode',
		]);
		assert.deepEqual(
			await p
				.locator('[data-chart-id="metric:eval/acc"] select[aria-label="X axis of this chart"] option')
				.allInnerTexts(),
			['(panel default)', 'Step'],
			'a chart only offers its own series’ columns (and no time axis without `timestamp`)',
		);
		assert.equal(await select.inputValue(), '');
		assert.equal((await xTitle(p, CHART)).title, 'step');

		await select.selectOption('episode');
		const [request] = await waitForPosted(p, 'charts/setChartX');
		assert.deepEqual({ chartId: request.chartId, xAxis: request.xAxis }, { chartId: CHART, xAxis: 'episode' });
		const saved = await p.evaluate(() => (window as unknown as { __state: { chartX: unknown } }).__state.chartX);
		assert.deepEqual(saved, { [CHART]: 'episode' }, 'the choice is persisted in the webview state');

		const options = { xAxis: 'step', smoothing: 0, budget: 1000, chartX: { [CHART]: 'episode' } };
		const { chart } = rebuildChart([runInput(rlRun())], CHART, options);
		assert.ok(chart);
		await send(p, { type: 'charts/chart', requestId: request.requestId, chart });
		await p.waitForFunction(
			(id) =>
				(
					window as unknown as { runlensCharts: { view(id: string): { data: { xAxis?: string } } | undefined } }
				).runlensCharts.view(id)?.data.xAxis === 'episode',
			CHART,
		);
		const after = await xTitle(p, CHART);
		assert.equal(after.title, 'episode');
		assert.ok(after.max <= 3.5, `the x scale is in episodes now: max ${after.max}`);
		assert.equal(
			await p.locator(`[data-chart-id="${CHART}"] select[aria-label="X axis of this chart"]`).inputValue(),
			'episode',
		);
		assert.equal((await xTitle(p, 'metric:eval/acc')).title, 'step', 'other charts keep the panel axis');
		await p.close();
	});

	it('sends a persisted per-chart choice with `ready` and goes back to the panel default', async () => {
		const state = { xAxis: 'step', smoothing: 0, chartX: { [CHART]: 'env_step' }, zoom: {} };
		const p = await harness.open({ state });
		const [ready] = await waitForPosted(p, 'ready');
		assert.deepEqual(ready.state, { options: { xAxis: 'step', smoothing: 0, chartX: { [CHART]: 'env_step' } } });
		const snapshot = snapshotOf([rlRun()]);
		const { chart } = rebuildChart([runInput(rlRun())], CHART, {
			...snapshot.options,
			budget: 1000,
			chartX: { [CHART]: 'env_step' },
		});
		snapshot.charts = snapshot.charts.map((c) => (c.id === CHART && chart ? chart : c));
		snapshot.options = { ...snapshot.options, chartX: { [CHART]: 'env_step' } };
		await send(p, { type: 'charts/snapshot', snapshot });
		await waitForPosted(p, 'charts/rendered');
		const select = p.locator(`[data-chart-id="${CHART}"] select[aria-label="X axis of this chart"]`);
		assert.equal(await select.inputValue(), 'env_step');
		assert.equal((await xTitle(p, CHART)).title, 'env_step');
		await select.selectOption('');
		const [request] = await waitForPosted(p, 'charts/setChartX');
		assert.equal(request.xAxis, undefined);
		const saved = await p.evaluate(() => (window as unknown as { __state: { chartX: unknown } }).__state.chartX);
		assert.deepEqual(saved, {});
		await p.close();
	});
});
