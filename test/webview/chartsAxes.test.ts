import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { range, RESULTS, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';

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
	const harness = useWebviewHarness();

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

	/** Labelled log-y ticks of the chart, with their pixel positions and the tick font's line height. */
	async function logTicks(p: Page): Promise<{ ticks: { label: string; px: number }[]; lineHeight: number }> {
		return (await probe(p, 'metric:train/loss', (v) => {
			const y = v.instance.scales.y as unknown as {
				ticks: { value: number; label: string }[];
				getPixelForValue(v: number): number;
				_resolveTickFontOptions(i: number): { lineHeight: number };
			};
			return {
				ticks: y.ticks
					.filter((t) => t.label !== '' && t.label !== undefined)
					.map((t) => ({ label: t.label, px: y.getPixelForValue(t.value) })),
				lineHeight: y._resolveTickFontOptions(0).lineHeight,
			};
		})) as { ticks: { label: string; px: number }[]; lineHeight: number };
	}

	const LOG_CASES: {
		name: string;
		size: 'S' | 'M' | 'L';
		values: (i: number) => number;
		bounds?: [number, number];
		labels: string[];
	}[] = [
		{ name: 'five decades', size: 'M', values: (i) => 10 * Math.exp(-i / 7), labels: ['0.001', '1'] },
		{
			name: 'five decades in a small card',
			size: 'S',
			values: (i) => 10 * Math.exp(-i / 7),
			labels: ['1e-4', '0.001', '0.01', '0.1', '1', '10'],
		},
		{ name: 'under one decade in a small card', size: 'S', values: (i) => 2 + (7 * i) / 79, labels: ['2', '5'] },
		{ name: 'a decade and a half', size: 'S', values: (i) => 0.3 + (9.7 * i) / 79, labels: ['1', '10'] },
		{
			name: 'set bounds off the decades',
			size: 'S',
			values: (i) => 10 * Math.exp(-i / 20),
			bounds: [0.0123, 8.7],
			labels: ['0.1', '1'],
		},
	];

	for (const c of LOG_CASES) {
		it(`labels a log y axis without overlapping tick labels: ${c.name} (screenshot)`, async () => {
			const p = await harness.open({ state: { logY: true, size: c.size }, width: 900 });
			const snapshot = snapshotOf([run('a', 'decaying-lark', '#3794ff', c.values, 80)]);
			if (c.bounds) {
				snapshot.charts[0].axes = { ...snapshot.charts[0].axes, yMin: c.bounds[0], yMax: c.bounds[1] };
			}
			await send(p, { type: 'charts/snapshot', snapshot });
			await waitForPosted(p, 'charts/rendered');
			assert.equal(await probe(p, 'metric:train/loss', (v) => v.instance.scales.y.type), 'logarithmic');
			const { ticks, lineHeight } = await logTicks(p);
			const sorted = ticks.map((t) => t.px).sort((a, b) => a - b);
			const gaps = sorted.slice(1).map((px, i) => px - sorted[i]);
			assert.ok(ticks.length >= 2, JSON.stringify(ticks));
			assert.ok(Math.min(...gaps) >= lineHeight, `labels at least ${lineHeight}px apart: ${JSON.stringify(ticks)}`);
			const labels = ticks.map((t) => t.label);
			for (const label of c.labels) {
				assert.ok(labels.includes(label), `${label} labelled: ${labels.join(' | ')}`);
			}
			const file = `chart-log-y-${c.name.replace(/\W+/g, '-')}.png`;
			await p.locator('[data-chart-id="metric:train/loss"]').screenshot({ path: join(RESULTS, file) });
			await p.close();
		});
	}

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

	it("takes each run's own nearest point at the hovered x when the runs log different steps, zoomed too", async () => {
		const p = await harness.open();
		const every = (id: string, name: string, colour: string, stride: number, offset: number, base: number): TestRun => {
			const steps = Float64Array.from({ length: 200 / stride }, (_, i) => offset + i * stride);
			const values = steps.map((s) => base + s / 1000);
			return { id, name, colour, metrics: { 'train/loss': { step: steps, value: values } } };
		};
		const runs = [every('a', 'dense-lark', '#3794ff', 1, 0, 1), every('b', 'sparse-wolf', '#f14c4c', 7, 3, 5)];
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs) });
		await waitForPosted(p, 'charts/rendered');
		const box = await p.locator('[data-chart-id="metric:train/loss"] canvas').boundingBox();
		assert.ok(box);
		const hoverAt = async (step: number) => {
			await p.evaluate((s) => (document.body.dataset.step = String(s)), step);
			const x = (await probe(p, 'metric:train/loss', (v) =>
				v.instance.scales.x.getPixelForValue(Number(document.body.dataset.step)),
			)) as number;
			await p.mouse.move(box.x + x, box.y + 10);
			await p.waitForFunction((s) => {
				const app = (window as unknown as { runlensCharts: { view(id: string): ChartProbe | undefined } })
					.runlensCharts;
				const tip = app.view('metric:train/loss')?.instance.tooltip;
				const title = (tip as unknown as { title?: string[] } | undefined)?.title?.[0] ?? '';
				// the title is the hovered step (dense-lark has a point there); a row from elsewhere says where
				return (tip?.opacity ?? 0) > 0 && title === `step ${s}`;
			}, step);
			return (await probe(p, 'metric:train/loss', (v) =>
				(v.instance.tooltip.body ?? []).map((b) => b.lines.join(' ')),
			)) as string[];
		};
		// sparse-wolf logs steps 3, 10, 17, ..., 101, 108: at step 104 its nearest is 101 (3 away), not 108
		assert.deepEqual(await hoverAt(104), ['sparse-wolf: 5.101 \u00b7 step 101', 'dense-lark: 1.104']);
		// zoomed onto steps 150..190 (the host's range reply), the same rule holds inside the range
		await p.locator('[data-chart-id="metric:train/loss"] canvas').hover({ position: { x: 5, y: 5 } });
		await probe(p, 'metric:train/loss', (v) => {
			(v.instance as unknown as { zoomScale(id: string, r: { min: number; max: number }): void }).zoomScale('x', {
				min: 150,
				max: 190,
			});
		});
		assert.equal(
			await probe(p, 'metric:train/loss', (v) => (v.instance.scales.x as unknown as { min: number }).min),
			150,
		);
		assert.deepEqual(await hoverAt(160), ['sparse-wolf: 5.157 \u00b7 step 157', 'dense-lark: 1.16']);
		await p.close();
	});
});
