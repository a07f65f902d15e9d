import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { posted, range, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';

const CHART = 'metric:train/loss';
const KEY = 'exp-a::dvclive/plots/metrics/train/loss.tsv#loss';

function liveRuns(n: number): TestRun[] {
	const wave = (k: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i / 5 + k) + 2 + i / 25);
	return [
		{
			id: 'exp-a',
			name: 'live-lark',
			colour: '#3794ff',
			metrics: { 'train/loss': { step: range(n), value: wave(0) } },
		},
		{
			id: 'exp-b',
			name: 'done-wolf',
			colour: '#f14c4c',
			metrics: { 'train/loss': { step: range(n), value: wave(2) } },
		},
	];
}

async function canvasBox(p: Page) {
	const box = await p.locator(`[data-chart-id="${CHART}"] canvas`).boundingBox();
	assert.ok(box, 'the chart has a canvas');
	return box;
}

async function dragZoom(p: Page, from: number, to: number, shift = false): Promise<void> {
	const box = await canvasBox(p);
	const y = box.y + box.height / 2;
	if (shift) {
		await p.keyboard.down('Shift');
	}
	await p.mouse.move(box.x + box.width * from, y);
	await p.mouse.down();
	await p.mouse.move(box.x + box.width * to, y, { steps: 4 });
	await p.mouse.up();
	if (shift) {
		await p.keyboard.up('Shift');
	}
}

async function wheelZoom(p: Page): Promise<void> {
	const box = await canvasBox(p);
	await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await p.keyboard.down('Control');
	await p.mouse.wheel(0, -120);
	await p.keyboard.up('Control');
}

/** Range requests answered as the host does, by the request's id (the reply may come late). */
async function answerRanges(p: Page, answered: Set<number>, n: number): Promise<void> {
	for (const m of await posted(p)) {
		if (m.type !== 'charts/requestRange' || answered.has(m.requestId)) {
			continue;
		}
		answered.add(m.requestId);
		const xs = Array.from(range(n)).filter((x) => x >= m.x0 && x <= m.x1);
		await send(p, {
			type: 'charts/range',
			requestId: m.requestId,
			chartId: m.chartId,
			x0: m.x0,
			x1: m.x1,
			series: [
				{
					key: KEY,
					experimentId: 'exp-a',
					label: 'live-lark',
					colour: '#3794ff',
					x: xs,
					y: xs.map(() => 3),
					total: n,
					sampled: false,
				},
			],
		});
	}
}

describe('chart webview: zoom and pan while a live run appends and rebuilds (headless Chromium)', function () {
	const harness = useWebviewHarness();

	it('never loses the panel: 12 rounds of drag zoom, wheel zoom, pan, log y, appends, rebuilds and late range replies', async () => {
		const p = await harness.open({ width: 1000, height: 700 });
		const errors: string[] = [];
		p.on('pageerror', (e) => errors.push(e.message));
		p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
		let n = 60;
		let renders = 0;
		// A snapshot is handled when the page reports it rendered (a render that throws never does).
		const rebuild = async (round: number) => {
			renders += 1;
			await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(liveRuns(n)) });
			const done = (window: unknown, count: number) =>
				(window as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'charts/rendered').length >=
				count;
			await p
				.waitForFunction(`(${done.toString()})(window, ${renders})`, undefined, { timeout: 10000 })
				.catch(() =>
					assert.fail(`round ${round}: the rebuilt panel never rendered; page errors: ${errors.join('; ')}`),
				);
		};
		await rebuild(-1);
		const answered = new Set<number>();
		for (let round = 0; round < 12; round++) {
			await dragZoom(p, 0.2, 0.7);
			const x = [n, n + 1, n + 2];
			n += 3;
			await send(p, { type: 'charts/append', appends: [{ chartId: CHART, key: KEY, x, y: [2, 2, 2], total: n }] });
			// A live rebuild (new metric, event) lands while the zoom's range request is still pending.
			await rebuild(round);
			assert.equal(await p.locator('.chart-card canvas').count(), 1, `round ${round}: ${errors.join('; ')}`);
			await wheelZoom(p);
			await dragZoom(p, 0.6, 0.3, true);
			await answerRanges(p, answered, n);
			await p.locator('vscode-checkbox', { hasText: 'Log y' }).click();
			await rebuild(round);
			await answerRanges(p, answered, n);
			// the host's own re-bucket of a grown live chart (requestId 0)
			await send(p, {
				type: 'charts/range',
				requestId: 0,
				chartId: CHART,
				x0: -Number.MAX_VALUE,
				x1: Number.MAX_VALUE,
				series: [],
			});
		}
		// A last wheel zoom on the live chart: its range request comes after the wheel's debounced
		// zoom-complete (250 ms) and the range timer (150 ms), so every older view's timers have fired by then.
		const requests = (await posted(p)).filter((m) => m.type === 'charts/requestRange').length;
		await wheelZoom(p);
		await waitForPosted(p, 'charts/requestRange', requests + 1);
		await answerRanges(p, answered, n);
		await p.locator('.chart-card canvas').first().waitFor();
		assert.deepEqual(errors, [], 'no page errors');
		assert.equal(await p.locator('.chart-card').count(), 1, 'the card is still there');
		const drawn = await p.evaluate(
			(id) =>
				(
					window as unknown as {
						runlensCharts: { view(id: string): { instance: { data: { datasets: unknown[] } } } | undefined };
					}
				).runlensCharts.view(id)?.instance.data.datasets.length,
			CHART,
		);
		assert.equal(drawn, 2, 'both runs drawn');
		await p.close();
	});
});
