import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { range, RESULTS, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';

function runs(): TestRun[] {
	const n = 40;
	const wave = (k: number) => Float64Array.from({ length: n }, (_, i) => Math.cos(i / 6 + k) + 1.5);
	return [
		{
			id: 'exp-a',
			name: 'brisk-lark',
			colour: '#3794ff',
			metrics: { 'train/loss': { step: range(n), value: wave(0) }, 'train/acc': { step: range(n), value: wave(1) } },
		},
	];
}

async function cardBoxes(p: Page): Promise<{ width: number; height: number; grid: number }> {
	return p.evaluate(() => {
		const cards = [...document.querySelectorAll<HTMLElement>('.chart-card')];
		const grid = document.querySelector<HTMLElement>('.chart-grid')?.clientWidth ?? 0;
		const width = cards.reduce((w, c) => w + c.getBoundingClientRect().width, 0);
		const body = document.querySelector<HTMLElement>('.chart-body')?.getBoundingClientRect().height ?? 0;
		return { width, height: body, grid };
	});
}

describe('chart webview: responsive grid, card size and y-axis labels (headless Chromium)', function () {
	const harness = useWebviewHarness();

	it('fills a 1600 px panel with two cards, resizes them S/M/L and keeps the size in the panel state (screenshot)', async () => {
		const p = await harness.open({ width: 1600, height: 900 });
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs()) });
		await waitForPosted(p, 'charts/rendered');
		const medium = await cardBoxes(p);
		assert.ok(medium.width >= medium.grid - 20, `two cards fill the row: ${medium.width} of ${medium.grid} px`);
		assert.equal(medium.height, 240);
		await p.locator('.size-button[data-size="L"]').click();
		await p.waitForFunction(() => (document.querySelector('.chart-body')?.getBoundingClientRect().height ?? 0) === 360);
		const state = await p.evaluate(() => (window as unknown as { __state: { size?: string } }).__state);
		assert.equal(state.size, 'L');
		assert.equal(await p.locator('.size-button[data-size="L"]').getAttribute('aria-checked'), 'true');
		await p.locator('.size-button[data-size="S"]').click();
		await p.waitForFunction(() => (document.querySelector('.chart-body')?.getBoundingClientRect().height ?? 0) === 170);
		// the chart's canvas follows its card (Chart.js resize), not the old fixed width
		await p.waitForFunction(() => {
			const card = document.querySelector<HTMLElement>('.chart-card');
			const canvas = card?.querySelector('canvas');
			return !!card && !!canvas && Math.abs(canvas.getBoundingClientRect().width - (card.clientWidth - 16)) < 4;
		});
		await p.screenshot({ path: join(RESULTS, 'charts-grid-small.png') });
		await p.close();
		const again = await harness.open({ width: 1600, height: 900, state });
		await send(again, { type: 'charts/snapshot', snapshot: snapshotOf(runs()) });
		await waitForPosted(again, 'charts/rendered');
		assert.equal((await cardBoxes(again)).height, 360, 'a reopened panel keeps its size');
		await again.close();
	});

	it('labels the y axis with the metric name, or with `yLabel` from the settings', async () => {
		const p = await harness.open();
		const snapshot = snapshotOf(runs());
		snapshot.charts[0].axes = { yLabel: 'accuracy (%)' };
		await send(p, { type: 'charts/snapshot', snapshot });
		await waitForPosted(p, 'charts/rendered');
		const titles = await p.evaluate(() => {
			const app = (
				window as unknown as {
					runlensCharts: {
						view(id: string): {
							instance: { options: { scales: { y: { title: { text: string; display: boolean } } } } };
						};
					};
				}
			).runlensCharts;
			return ['metric:train/acc', 'metric:train/loss'].map((id) => {
				const { text, display } = app.view(id).instance.options.scales.y.title;
				return { text, display };
			});
		});
		assert.deepEqual(
			titles.map((t) => [t.text, t.display]),
			[
				['accuracy (%)', true],
				['train/loss', true],
			],
		);
		await p.close();
	});
});
