import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { range, send, snapshotOf, waitForPosted, WebviewHarness } from './harness';
import type { TestRun } from './harness';

const RESULTS = join(__dirname, '..', '..', 'test-results');

interface ChartProbe {
	instance: {
		scales: Record<
			string,
			{ type: string; ticks: { value: number; label: string }[]; getPixelForValue(v: number): number }
		>;
		options: { scales: { y: { title: { text: string } } } };
		tooltip: { body?: { lines: string[] }[]; labelColors: { borderColor: string }[]; opacity: number };
	};
}

/** Runs `read` on the page against the chart view (the same way Playwright sends a function). */
function probe(p: Page, chartId: string, read: (view: ChartProbe) => unknown): Promise<unknown> {
	const view = `window.runlensCharts.view(${JSON.stringify(chartId)})`;
	return p.evaluate(`(${read.toString()})(${view})`);
}

function run(id: string, name: string, colour: string, values: (i: number) => number, n = 80, timed = false): TestRun {
	const columns: Record<string, ArrayLike<number>> = {
		step: range(n),
		value: Float64Array.from({ length: n }, (_, i) => values(i)),
	};
	if (timed) {
		columns.timestamp = Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000);
	}
	return { id, name, colour, metrics: { 'train/loss': columns } };
}

describe('chart webview: x axes, titles, log y and tooltips (headless Chromium)', function () {
	let harness: WebviewHarness;

	before(async () => {
		harness = await WebviewHarness.launch();
		mkdirSync(RESULTS, { recursive: true });
	});

	after(async () => {
		await harness?.close();
	});

	it('draws series without `timestamp` against step when Wall time is the default, and says why in the card', async () => {
		const p = await harness.open({ state: { xAxis: 'wall' } });
		const runs = [run('a', 'untimed-lark', '#3794ff', (i) => 1 / (i + 1))];
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs, { xAxis: 'wall' }) });
		await waitForPosted(p, 'charts/rendered');
		const card = p.locator('[data-chart-id="metric:train/loss"]');
		assert.equal(
			await card.locator('.axis-note').textContent(),
			'Wall time needs a `timestamp` column, which these series do not have: drawn against Step.',
		);
		const options = await card.locator('select.chart-x option').allTextContents();
		assert.deepEqual(options, ['(panel default)', 'Step'], 'no time axis offered for series without timestamps');
		const ticks = (await probe(p, 'metric:train/loss', (v) =>
			v.instance.scales.x.ticks.map((t) => t.label),
		)) as string[];
		assert.ok(ticks.length > 1 && ticks.every((t) => !/1970|\ds$/.test(t)), ticks.join(' | '));
		assert.ok(ticks.includes('0'), `step ticks: ${ticks.join(' | ')}`);
		// with a timestamp the same default applies and nothing is said
		await send(p, {
			type: 'charts/snapshot',
			snapshot: snapshotOf([run('a', 'timed-lark', '#3794ff', (i) => i, 80, true)], { xAxis: 'wall' }),
		});
		await waitForPosted(p, 'charts/rendered', 2);
		assert.equal(await card.locator('.axis-note').count(), 0);
		assert.deepEqual(await card.locator('select.chart-x option').allTextContents(), [
			'(panel default)',
			'Step',
			'Relative time',
			'Wall time',
		]);
		await p.close();
	});

	it('keeps the title of a sampled, zoomed card in full, with the sampling note under it (screenshot)', async () => {
		const p = await harness.open({ width: 820 });
		const runs = [run('a', 'brisk-lark', '#3794ff', (i) => Math.sin(i / 50), 20000)];
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs, { budget: 200 }) });
		await waitForPosted(p, 'charts/rendered');
		const card = p.locator('[data-chart-id="metric:train/loss"]');
		const box = await card.locator('canvas').boundingBox();
		assert.ok(box);
		await p.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
		await p.mouse.down();
		await p.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
		await p.mouse.up();
		await waitForPosted(p, 'charts/requestRange');
		const title = card.locator('.chart-title');
		assert.equal(await title.textContent(), 'train/loss');
		const fits = await title.evaluate((e) => e.clientWidth > 0 && e.scrollWidth <= e.clientWidth);
		assert.ok(fits, 'the whole title is visible');
		assert.match((await card.locator('.sampled').textContent()) ?? '', /^sampled: \d[\d,]* of 20,000 points$/);
		await card.screenshot({ path: join(RESULTS, 'chart-zoomed-title.png') });
		await p.close();
	});

	it('labels a log y axis spanning five decades without overlapping tick labels (screenshot)', async () => {
		const p = await harness.open({ state: { logY: true }, width: 900 });
		const runs = [run('a', 'decaying-lark', '#3794ff', (i) => 10 * Math.exp(-i / 7), 80)];
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs) });
		await waitForPosted(p, 'charts/rendered');
		const ticks = (await probe(p, 'metric:train/loss', (v) =>
			v.instance.scales.y.ticks
				.filter((t) => t.label !== '' && t.label !== undefined)
				.map((t) => ({ label: t.label, px: v.instance.scales.y.getPixelForValue(t.value) })),
		)) as { label: string; px: number }[];
		assert.equal(await probe(p, 'metric:train/loss', (v) => v.instance.scales.y.type), 'logarithmic');
		assert.ok(ticks.length >= 3, JSON.stringify(ticks));
		const sorted = ticks.map((t) => t.px).sort((a, b) => a - b);
		const gaps = sorted.slice(1).map((px, i) => px - sorted[i]);
		assert.ok(Math.min(...gaps) >= 14, `labels at least one line apart: ${JSON.stringify(ticks)}`);
		await p.locator('[data-chart-id="metric:train/loss"]').screenshot({ path: join(RESULTS, 'chart-log-y.png') });
		await p.close();
	});

	it('shows every visible run at the hovered x in its colour, smoothed and raw, sorted by value', async () => {
		const p = await harness.open();
		const runs = [
			run('a', 'low-lark', '#3794ff', (i) => 1 + i / 100),
			run('b', 'high-wolf', '#f14c4c', (i) => 5 + i / 100),
			run('c', 'mid-fox', '#89d185', (i) => 3 + i / 100),
		];
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs, { smoothing: 0.5 }) });
		await waitForPosted(p, 'charts/rendered');
		const box = await p.locator('[data-chart-id="metric:train/loss"] canvas').boundingBox();
		assert.ok(box);
		// far from every line: near the top of the plot area, in the middle of the x range
		await p.mouse.move(box.x + box.width * 0.5, box.y + 12);
		await p.waitForFunction(() => {
			const app = (window as unknown as { runlensCharts: { view(id: string): ChartProbe | undefined } }).runlensCharts;
			return (app.view('metric:train/loss')?.instance.tooltip.opacity ?? 0) > 0;
		});
		const tip = (await probe(p, 'metric:train/loss', (v) => ({
			lines: (v.instance.tooltip.body ?? []).map((b) => b.lines.join(' ')),
			colours: v.instance.tooltip.labelColors.map((c) => c.borderColor),
		}))) as { lines: string[]; colours: string[] };
		assert.deepEqual(
			tip.lines.map((l) => l.split(':')[0]),
			['high-wolf', 'mid-fox', 'low-lark'],
			tip.lines.join(' | '),
		);
		assert.deepEqual(tip.colours, ['#f14c4c', '#89d185', '#3794ff']);
		for (const line of tip.lines) {
			assert.match(line, /^[a-z-]+: \d+(\.\d+)? \(raw \d+(\.\d+)?\)$/);
		}
		// a hidden run leaves the tooltip
		await p.locator('.legend-item', { hasText: 'mid-fox' }).click();
		await p.mouse.move(box.x + box.width * 0.45, box.y + 14);
		await p.waitForFunction(() => {
			const app = (window as unknown as { runlensCharts: { view(id: string): ChartProbe | undefined } }).runlensCharts;
			return app.view('metric:train/loss')?.instance.tooltip.body?.length === 2;
		});
		await p.close();
	});
});
