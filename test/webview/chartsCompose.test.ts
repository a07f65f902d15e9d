import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { posted, range, RESULTS, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';

function runs(): TestRun[] {
	const n = 60;
	const curve = (k: number) => Float64Array.from({ length: n }, (_, i) => k * Math.exp(-i / 20) + 0.1);
	const acc = Float64Array.from({ length: n }, (_, i) => 0.5 + i / 130);
	return ['exp-a', 'exp-b'].map((id, r) => ({
		id,
		name: r === 0 ? 'brisk-lark' : 'quiet-wolf',
		colour: r === 0 ? '#3794ff' : '#f14c4c',
		metrics: {
			'train/loss': { step: range(n), value: curve(2 + r) },
			'eval/loss': { step: range(n), value: curve(2.5 + r) },
			'eval/acc': { step: range(n), value: acc },
		},
	}));
}

/** Plays the host: every `setOptions` with compositions is answered with a snapshot drawn on them. */
async function answerCompose(p: Page, count: number): Promise<string[][]> {
	const all = await waitForPosted(p, 'charts/setOptions', count);
	const compose = all[count - 1].options.compose;
	assert.ok(compose, 'the page sent its compositions');
	await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs(), { compose }) });
	return compose;
}

interface Axes {
	ids: string[];
	datasets: { label: string; yAxisID?: string }[];
	y1?: string;
}

async function chartAxes(p: Page, chartId: string): Promise<Axes | undefined> {
	return p.evaluate((id) => {
		const view = (
			window as unknown as {
				runlensCharts: {
					view(id: string):
						| {
								instance: {
									data: { datasets: { label: string; yAxisID?: string }[] };
									options: { scales: Record<string, { title: { text: string } }> };
								};
						  }
						| undefined;
				};
			}
		).runlensCharts.view(id);
		if (!view) {
			return undefined;
		}
		const scales = view.instance.options.scales;
		return {
			ids: Object.keys(scales).sort(),
			datasets: view.instance.data.datasets.map((d) => ({ label: d.label, yAxisID: d.yAxisID })),
			y1: scales.y1?.title.text,
		};
	}, chartId);
}

describe('chart webview: several metrics in one chart (headless Chromium)', function () {
	const harness = useWebviewHarness();

	it('drags eval/loss onto train/loss (one y axis), adds eval/acc from the card (a second axis), splits again', async () => {
		const p = await harness.open({ width: 1400 });
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs()) });
		await waitForPosted(p, 'charts/rendered');
		assert.equal(await p.locator('.chart-card').count(), 3);
		await p
			.locator('[data-chart-id="metric:eval/loss"] .chart-title')
			.dragTo(p.locator('[data-chart-id="metric:train/loss"] canvas'));
		const compose = await answerCompose(p, 1);
		assert.deepEqual(compose, [['train/loss', 'eval/loss']]);
		const id = 'combo:["train/loss","eval/loss"]';
		const card = p.locator(`[data-chart-id='${id}']`);
		await card.waitFor();
		assert.equal(await p.locator('.chart-card').count(), 2, 'the two charts became one');
		assert.equal(await card.locator('.chart-title').textContent(), 'train/loss + eval/loss');
		const one = await chartAxes(p, id);
		assert.deepEqual(one?.ids, ['x', 'y'], 'same unit (loss): one y axis');
		assert.deepEqual(
			one?.datasets.map((d) => d.label),
			['brisk-lark · train/loss', 'brisk-lark · eval/loss', 'quiet-wolf · train/loss', 'quiet-wolf · eval/loss'],
		);
		const state = await p.evaluate(() => (window as unknown as { __state: { compose?: string[][] } }).__state.compose);
		assert.deepEqual(state, [['train/loss', 'eval/loss']], 'the composition is in the panel state');

		await card.locator('select.chart-add').selectOption('metric:eval/acc');
		assert.deepEqual(await answerCompose(p, 2), [['train/loss', 'eval/loss', 'eval/acc']]);
		const id3 = 'combo:["train/loss","eval/loss","eval/acc"]';
		await p.locator(`[data-chart-id='${id3}']`).waitFor();
		const two = await chartAxes(p, id3);
		assert.deepEqual(two?.ids, ['x', 'y', 'y1'], 'acc beside loss: a second y axis');
		assert.equal(two?.y1, 'acc');
		assert.deepEqual(
			two?.datasets.filter((d) => d.yAxisID === 'y1').map((d) => d.label),
			['brisk-lark · eval/acc', 'quiet-wolf · eval/acc'],
		);
		// each line is drawn against its own axis: loss starts near 2.1 and 2.6 on the left, acc near 0.5 on the right
		// Chart.js builds its scales on the first draw, after the card is in the page
		await p.waitForFunction(
			(chartId) =>
				!!(
					window as unknown as { runlensCharts: { view(id: string): { instance: { scales: { y1?: unknown } } } } }
				).runlensCharts.view(chartId).instance.scales.y1,
			id3,
		);
		const starts = await p.evaluate((chartId) => {
			const chart = (
				window as unknown as {
					runlensCharts: {
						view(id: string): {
							instance: {
								data: { datasets: { label: string; yAxisID: string; data: { y: number }[] }[] };
								scales: Record<string, { getPixelForValue(v: number): number; getValueForPixel(px: number): number }>;
								getDatasetMeta(i: number): { data: { y: number }[] };
							};
						};
					};
				}
			).runlensCharts.view(chartId).instance;
			return chart.data.datasets.map((d, i) => ({
				label: d.label,
				value: chart.scales[d.yAxisID].getValueForPixel(chart.getDatasetMeta(i).data[0].y),
				first: d.data[0].y,
			}));
		}, id3);
		for (const s of starts) {
			assert.ok(Math.abs(s.value - s.first) < 0.05 * Math.max(1, s.first), JSON.stringify(s));
		}
		await p.locator(`[data-chart-id='${id3}']`).screenshot({ path: join(RESULTS, 'chart-composed.png') });

		await p.locator(`[data-chart-id='${id3}'] .chart-split`).click();
		assert.deepEqual((await posted(p)).filter((m) => m.type === 'charts/setOptions').length, 3);
		const [last] = (await waitForPosted(p, 'charts/setOptions', 3)).slice(-1);
		assert.deepEqual(last.options.compose, [], 'split: back to one chart per metric');
		await p.close();
	});

	it('sends a persisted composition with `ready` so the host draws it at once', async () => {
		const compose = [['train/loss', 'eval/loss']];
		const p = await harness.open({ state: { compose } });
		const [ready] = await waitForPosted(p, 'ready');
		assert.deepEqual((ready.state as { options: { compose?: string[][] } }).options.compose, compose);
		await p.close();
	});
});
