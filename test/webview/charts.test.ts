import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildPlot } from '../../src/charts/plots';
import { parsePlotRows } from '../../src/charts/plotRows';
import { range, RESULTS, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';

interface DatasetInfo {
	label: string;
	colour: string;
	points: { x: number; y: number }[];
}

/** Reads a chart's datasets from the page (through the app object the bundle exposes). */
async function datasets(p: Page, chartId: string): Promise<DatasetInfo[]> {
	return p.evaluate((id) => {
		const app = (
			window as unknown as {
				runlensCharts: {
					view(id: string):
						| {
								instance: {
									data: { datasets: { label: string; borderColor: string; data: { x: number; y: number }[] }[] };
								};
						  }
						| undefined;
				};
			}
		).runlensCharts;
		const chart = app.view(id)?.instance;
		return (chart?.data.datasets ?? []).map((d) => ({
			label: d.label,
			colour: d.borderColor,
			points: d.data.map((pt) => ({ x: pt.x, y: pt.y })),
		}));
	}, chartId);
}

function twoRuns(): TestRun[] {
	const n = 50;
	const wave = (k: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i / 5 + k) + i / 25);
	return [
		{
			id: 'exp-a',
			name: 'brisk-lark',
			colour: '#3794ff',
			metrics: { 'train/loss': { step: range(n), value: wave(0) }, 'eval/acc': { step: range(n), value: wave(1) } },
		},
		{
			id: 'exp-b',
			name: 'quiet-wolf',
			colour: '#f14c4c',
			metrics: { 'train/loss': { step: range(n), value: wave(2) }, 'system/cpu': { step: range(n), value: wave(3) } },
		},
	];
}

describe('chart webview (headless Chromium, real bundle, strict CSP)', function () {
	const harness = useWebviewHarness();

	it('draws one chart per metric and one coloured line per experiment', async () => {
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(twoRuns()) });
		const [report] = await waitForPosted(p, 'charts/rendered');
		assert.deepEqual(report.charts.map((c) => [c.id, c.lines]).sort(), [
			['metric:eval/acc', 1],
			['metric:system/cpu', 1],
			['metric:train/loss', 2],
		]);
		assert.equal(await p.locator('.chart-card canvas').count(), 3);
		const loss = await datasets(p, 'metric:train/loss');
		assert.deepEqual(
			loss.map((d) => [d.label, d.colour]),
			[
				['brisk-lark', '#3794ff'],
				['quiet-wolf', '#f14c4c'],
			],
		);
		const groups = await p
			.locator('vscode-collapsible')
			.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.group));
		assert.deepEqual(groups, ['train', 'eval', 'system']);
		const violations = await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
		assert.deepEqual(violations, [], 'the bundle runs under the strict CSP without violations');
		await p.close();
	});

	it('shows the host-smoothed line (TensorBoard debiased EMA) over the faded raw line', async () => {
		const y = [1, 3, 2, 5, 4, NaN, 6, 0];
		const w = 0.6;
		const p = await harness.open();
		await send(p, {
			type: 'charts/snapshot',
			snapshot: snapshotOf(
				[{ id: 'a', name: 'run', colour: '#3794ff', metrics: { loss: { step: range(y.length), value: y } } }],
				{ smoothing: w },
			),
		});
		await waitForPosted(p, 'charts/rendered');
		const [raw, smoothed] = await datasets(p, 'metric:loss');
		assert.equal(raw.label, 'run (raw)');
		assert.match(raw.colour, /^rgba\(55, 148, 255, 0\.25\)$/);
		// Reference: closed form sum_j w^(n-j) (1-w) y_j / (1 - w^n) over the n finite values seen so far.
		const finite = y.filter((v) => Number.isFinite(v));
		const expected = finite.map(
			(_, n) => finite.slice(0, n + 1).reduce((acc, v, j) => acc + w ** (n - j) * (1 - w) * v, 0) / (1 - w ** (n + 1)),
		);
		const got = smoothed.points.map((pt) => pt.y);
		assert.equal(got.length, expected.length, 'the NaN row is not drawn');
		got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `point ${i}: ${v} vs ${expected[i]}`));
		await p.close();
	});

	it('host decimation keeps spikes and the last point, and says it sampled', async () => {
		const n = 200_000;
		const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
		y[123_457] = 50;
		y[7_777] = -40;
		y[n - 1] = 0.123;
		const p = await harness.open();
		await send(p, {
			type: 'charts/snapshot',
			snapshot: snapshotOf(
				[{ id: 'a', name: 'run', colour: '#3794ff', metrics: { loss: { step: range(n), value: y } } }],
				{ budget: 500 },
			),
		});
		await waitForPosted(p, 'charts/rendered');
		const [line] = await datasets(p, 'metric:loss');
		assert.ok(line.points.length <= 1500 + 4, `${line.points.length} points sent`);
		assert.ok(line.points.some((pt) => pt.x === 123_457 && pt.y === 50));
		assert.ok(line.points.some((pt) => pt.x === 7_777 && pt.y === -40));
		assert.deepEqual(line.points.at(-1), { x: n - 1, y: 0.123 });
		assert.deepEqual(line.points[0], { x: 0, y: 0 });
		const label = await p.locator('[data-chart-id="metric:loss"] .sampled').textContent();
		assert.equal(label, `sampled: ${line.points.length.toLocaleString('en-US')} of 200,000 points`);
		await p.close();
	});

	it('renders a hostile metric name as text: no element, no script, no dialog', async () => {
		const evil = '<img src=x onerror=alert(1)>';
		const p = await harness.open();
		let dialogs = 0;
		p.on('dialog', (d) => {
			dialogs++;
			void d.dismiss();
		});
		const runs: TestRun[] = [
			{ id: 'a', name: '<b>bold</b>', colour: '#3794ff', metrics: { [evil]: { step: range(5), value: range(5) } } },
		];
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs) });
		await waitForPosted(p, 'charts/rendered');
		assert.equal(await p.locator('.chart-title').first().textContent(), evil);
		assert.equal(await p.locator('.legend-label').first().textContent(), '<b>bold</b>');
		assert.equal(await p.locator('img').count(), 0);
		assert.equal(await p.locator('b').count(), 0);
		assert.equal(dialogs, 0);
		await p.close();
	});

	it('blocks an injected inline script with the CSP', async () => {
		const p = await harness.open();
		const result = await p.evaluate(
			() =>
				new Promise<{ violated: string; ran: boolean }>((resolve) => {
					document.addEventListener('securitypolicyviolation', (e) => {
						setTimeout(
							() =>
								resolve({
									violated: e.violatedDirective,
									ran: (window as unknown as { __injected?: boolean }).__injected === true,
								}),
							50,
						);
					});
					const s = document.createElement('script');
					s.textContent = 'window.__injected = true;';
					document.body.append(s);
				}),
		);
		assert.match(result.violated, /^script-src/);
		assert.equal(result.ran, false);
		await p.close();
	});

	it('appends live points to the existing chart without rebuilding it', async () => {
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(twoRuns()) });
		await waitForPosted(p, 'charts/rendered');
		await p.evaluate(() => {
			const canvas = document.querySelector('[data-chart-id="metric:train/loss"] canvas') as HTMLCanvasElement & {
				__marker?: number;
			};
			canvas.__marker = 42;
		});
		const key = 'exp-a::dvclive/plots/metrics/train/loss.tsv#loss';
		await send(p, {
			type: 'charts/append',
			appends: [{ chartId: 'metric:train/loss', key, x: [50, 51], y: [9, 10], total: 52 }],
		});
		await waitForPosted(p, 'charts/rendered', 2);
		await p.waitForFunction(() => {
			const app = (
				window as unknown as {
					runlensCharts: { view(id: string): { instance: { getDatasetMeta(i: number): { data: unknown[] } } } };
				}
			).runlensCharts;
			return app.view('metric:train/loss').instance.getDatasetMeta(0).data.length === 52;
		});
		const marker = await p.evaluate(
			() =>
				(
					document.querySelector('[data-chart-id="metric:train/loss"] canvas') as HTMLCanvasElement & {
						__marker?: number;
					}
				).__marker,
		);
		assert.equal(marker, 42, 'same canvas: the chart was not rebuilt');
		const [a, b] = await datasets(p, 'metric:train/loss');
		assert.deepEqual(a.points.slice(-2), [
			{ x: 50, y: 9 },
			{ x: 51, y: 10 },
		]);
		assert.equal(b.points.length, 50);
		await p.close();
	});

	it('filters charts by regex and warns about an invalid pattern', async () => {
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(twoRuns()) });
		await waitForPosted(p, 'charts/rendered');
		await p.locator('vscode-textfield.filter').click();
		await p.keyboard.type('^train/');
		assert.equal(await p.locator('.chart-card:visible').count(), 1);
		await p.keyboard.type('(');
		assert.equal(await p.locator('.filter-warning').textContent(), 'Invalid regular expression');
		assert.equal(await p.locator('.chart-card:visible').count(), 3);
		const state = await p.evaluate(() => (window as unknown as { __state: { filter: string } }).__state);
		assert.equal(state.filter, '^train/(');
		await p.close();
	});

	it('restores persisted UI state: filter, hidden runs, log scale', async () => {
		const state = {
			filter: '^train/',
			hidden: ['exp-b'],
			logY: true,
			xAxis: 'step',
			smoothing: 0.3,
			annotations: true,
			collapsed: ['eval'],
			zoom: {},
		};
		const p = await harness.open({ state });
		const [ready] = await waitForPosted(p, 'ready');
		assert.deepEqual(ready.state, { options: { xAxis: 'step', smoothing: 0.3 } });
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(twoRuns(), { smoothing: 0.3 }) });
		await waitForPosted(p, 'charts/rendered');
		assert.equal(await p.locator('.chart-card:visible').count(), 1);
		assert.equal(await p.locator('.legend-item.hidden .legend-label').textContent(), 'quiet-wolf');
		const hidden = await p.evaluate(() => {
			const app = (
				window as unknown as {
					runlensCharts: {
						view(id: string): {
							instance: { data: { datasets: { label: string; hidden?: boolean }[] }; scales: { y: { type: string } } };
						};
					};
				}
			).runlensCharts;
			const chart = app.view('metric:train/loss').instance;
			return { datasets: chart.data.datasets.map((d) => [d.label, d.hidden === true]), y: chart.scales.y.type };
		});
		assert.deepEqual(hidden.datasets, [
			['brisk-lark (raw)', false],
			['brisk-lark (smoothed)', false],
			['quiet-wolf (raw)', true],
			['quiet-wolf (smoothed)', true],
		]);
		assert.equal(hidden.y, 'logarithmic');
		await p.locator('.legend-item', { hasText: 'quiet-wolf' }).click();
		const saved = await p.evaluate(() => (window as unknown as { __state: { hidden: string[] } }).__state.hidden);
		assert.deepEqual(saved, []);
		await p.close();
	});

	it('asks the host for the visible range after a zoom and exports PNG through the host', async () => {
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(twoRuns()) });
		await waitForPosted(p, 'charts/rendered');
		const box = await p.locator('[data-chart-id="metric:train/loss"] canvas').boundingBox();
		assert.ok(box);
		await p.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
		await p.mouse.down();
		await p.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
		await p.mouse.up();
		const [request] = await waitForPosted(p, 'charts/requestRange');
		assert.equal(request.chartId, 'metric:train/loss');
		assert.ok(request.x0 > 0 && request.x1 < 49 && request.x0 < request.x1, `${request.x0}..${request.x1}`);
		// The host's reply swaps the lines' points in place (same chart, finer data).
		const finer = Array.from({ length: 21 }, (_, i) => 20 + i / 2);
		const key = 'exp-a::dvclive/plots/metrics/train/loss.tsv#loss';
		await send(p, {
			type: 'charts/range',
			requestId: request.requestId,
			chartId: request.chartId,
			x0: request.x0,
			x1: request.x1,
			series: [
				{
					key,
					experimentId: 'exp-a',
					label: 'brisk-lark',
					colour: '#3794ff',
					x: finer,
					y: finer.map(() => 7),
					total: 50,
					sampled: false,
				},
			],
		});
		await p.waitForFunction(() => {
			const app = (
				window as unknown as {
					runlensCharts: { view(id: string): { instance: { data: { datasets: { data: unknown[] }[] } } } };
				}
			).runlensCharts;
			return app.view('metric:train/loss').instance.data.datasets[0].data.length === 21;
		});
		assert.equal((await datasets(p, 'metric:train/loss'))[1].points.length, 50, 'the other run is untouched');
		await p.locator('[data-chart-id="metric:train/loss"] .chart-button', { hasText: 'Reset' }).click();
		const requests = await waitForPosted(p, 'charts/requestRange', 2);
		assert.equal(requests[1].x0, -Number.MAX_VALUE, 'reset asks for the whole series as it is now');
		await p.locator('[data-chart-id="metric:train/loss"] .chart-button', { hasText: 'PNG' }).click();
		const [png] = await waitForPosted(p, 'charts/exportPng');
		assert.match(png.dataUrl, /^data:image\/png;base64,/);
		await p.close();
	});

	it('renders dvc.yaml plots, run events and image step groups (screenshot)', async () => {
		const rows = (file: string, text: string) => new Map([[file, parsePlotRows(file, new TextEncoder().encode(text))]]);
		const cm = JSON.stringify([
			{ actual: 'cat', predicted: 'cat' },
			{ actual: 'cat', predicted: 'dog' },
			{ actual: 'dog', predicted: 'dog' },
			{ actual: '<i>x</i>', predicted: 'dog' },
		]);
		const confusion = buildPlot(
			{
				id: 'cm',
				template: 'confusion_normalized',
				x: { 'cm.json': 'actual' },
				y: { 'cm.json': ['predicted'] },
				title: 'Confusion',
			},
			[{ id: 'a', label: 'brisk-lark', colour: '#3794ff', rows: rows('cm.json', cm) }],
		);
		const bars = buildPlot(
			{
				id: 'imp',
				template: 'bar_horizontal_sorted',
				x: { 'imp.csv': 'importance' },
				y: { 'imp.csv': ['feature'] },
				title: 'Feature importance',
			},
			[
				{
					id: 'a',
					label: 'brisk-lark',
					colour: '#3794ff',
					rows: rows('imp.csv', 'feature,importance\nage,0.1\nincome,0.7\nzip,0.2\n'),
				},
			],
		);
		const snapshot = snapshotOf(twoRuns());
		snapshot.charts[0].events = [
			{ x: 20, name: 'checkpoint <b>', colour: '#3794ff', experimentId: 'exp-a', detail: ['step: 20'] },
		];
		snapshot.plots = [confusion, bars];
		snapshot.images = [
			{
				experimentId: 'exp-a',
				experimentLabel: 'brisk-lark',
				colour: '#3794ff',
				name: 'samples',
				images: [
					{ file: 's/1.png', step: 1 },
					{ file: 's/2.png', step: 2 },
				],
			},
		];
		const p = await harness.open({ width: 1000, height: 1400 });
		await send(p, { type: 'charts/snapshot', snapshot });
		await waitForPosted(p, 'charts/rendered');
		const [image] = await waitForPosted(p, 'charts/requestImage');
		assert.equal(image.file, 's/2.png', 'the slider starts at the last step');
		const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
		await send(p, {
			type: 'charts/image',
			requestId: image.requestId,
			file: image.file,
			dataUrl: `data:image/png;base64,${pixel}`,
		});
		await p.waitForFunction(() => {
			const img = document.querySelector<HTMLImageElement>('.image-card img');
			return !!img?.src && img.complete;
		});
		const cells = await p.locator('.confusion-table th').allTextContents();
		assert.deepEqual(cells, ['', '<i>x</i>', 'cat', 'dog', '<i>x</i>', 'cat', 'dog']);
		assert.equal(await p.locator('.confusion-table i').count(), 0);
		assert.deepEqual(await p.locator('.confusion-table tr:nth-child(3) td').allTextContents(), [
			'0.0% (0)',
			'100.0% (1)',
			'0.0% (0)',
		]);
		assert.equal(await p.locator('.plot-card canvas').count(), 1, 'the bar chart');
		assert.equal(await p.locator('.step-slider').count(), 1);
		await p.screenshot({ path: join(RESULTS, 'charts-plots-dark.png'), fullPage: true });
		await p.close();
	});

	it('handles 4 series of 1,000,000 points (host-bucketed)', async () => {
		const n = 1_000_000;
		const runs: TestRun[] = [0, 1, 2, 3].map((k) => ({
			id: `r${k}`,
			name: `run ${k}`,
			colour: ['#3794ff', '#f14c4c', '#89d185', '#cca700'][k],
			metrics: {
				loss: {
					step: range(n),
					value: Float64Array.from({ length: n }, (_, i) => Math.exp(-i / 2e5) + k / 10 + (i % 997) / 1e4),
				},
			},
		}));
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs) });
		const [report] = await waitForPosted(p, 'charts/rendered');
		assert.equal(report.charts[0].lines, 4);
		const lines = await datasets(p, 'metric:loss');
		for (const line of lines) {
			assert.deepEqual(line.points.at(-1)?.x, n - 1);
		}
		assert.match((await p.locator('.sampled').textContent()) ?? '', /of 4,000,000 points$/);
		await p.close();
	});
});
