/**
 * The charts panel's "Custom plots" section in the real chart bundle (headless Chromium, strict
 * CSP): snapshots built by the real host transforms are drawn as scatter points and parallel
 * polylines, hostile column names and values stay text, and brushing with the mouse posts the
 * ranges the host forwards to the experiments table.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { collectColumns } from '../../src/charts/custom/columns';
import { plotData } from '../../src/charts/custom/transforms';
import type { Experiment } from '../../src/model/types';
import type { CustomPlotConfig, CustomPlotsSnapshot } from '../../src/shared/protocol';
import { exp } from '../unit/experiments/helpers';
import { posted, send, snapshotOf as chartsSnapshot, waitForPosted, WebviewHarness } from './harness';

const HOSTILE_KEY = '<img src=x onerror="window.__pwned = 1">';
const HOSTILE_VALUE = '<script>window.__pwned = 2</script>';
const ACC = 'metrics:dvclive/metrics.json:acc';
const LR = 'params:params.yaml:lr';

function runs(): Experiment[] {
	return [0.1, 0.3, 0.5, 0.7, 0.9]
		.map((acc, i) =>
			exp({
				id: `e${i}`,
				name: `run-${i}`,
				params: { 'params.yaml': { lr: 10 ** -(i + 1), optim: i % 2 ? HOSTILE_VALUE : 'adam', [HOSTILE_KEY]: i } },
				metrics: { 'dvclive/metrics.json': { acc } },
			}),
		)
		.concat([exp({ id: 'missing', name: 'no-metrics', params: { 'params.yaml': { lr: 1 } } })]);
}

/** What the host would send: the real transforms over the test experiments. */
function snapshotOf(plots: CustomPlotConfig[], brush: CustomPlotsSnapshot['brush'] = []): CustomPlotsSnapshot {
	const experiments = runs();
	const columns = collectColumns(experiments);
	const inputs = {
		experiments,
		columns: new Map(columns.map((c) => [c.id, c])),
		colourOf: (id: string) => (id === 'e0' ? '#f14c4c' : undefined),
	};
	return {
		config: { enabled: true, plots },
		source: 'all',
		experiments: experiments.length,
		columns,
		plots: plots.map((p) => plotData(p, inputs)),
		brush,
	};
}

async function show(p: Page, snapshot: CustomPlotsSnapshot, renders = 1) {
	await send(p, { type: 'custom/snapshot', snapshot });
	const reports = await waitForPosted(p, 'custom/rendered', renders);
	return reports[reports.length - 1].plots;
}

/** Page pixel of `value` on the parallel axis of `column` (from the drawn layout). */
async function axisPoint(p: Page, column: string, value: number, min: number, max: number) {
	return p.evaluate(
		([col, v, lo, hi]) => {
			const canvas = document.querySelector<HTMLCanvasElement>('.parallel-canvas')!;
			const title = [...document.querySelectorAll<HTMLElement>('.parallel-axis')].find(
				(t) => t.dataset.column === col,
			)!;
			const box = canvas.getBoundingClientRect();
			const top = Number(canvas.dataset.top);
			const bottom = Number(canvas.dataset.bottom);
			return {
				x: box.left + parseFloat(title.style.left),
				y: box.top + bottom - ((v - lo) / (hi - lo)) * (bottom - top),
			};
		},
		[column, value, min, max] as const,
	);
}

describe('custom plots webview (headless Chromium, real bundle, strict CSP)', function () {
	this.timeout(60_000);
	let harness: WebviewHarness;
	before(async () => (harness = await WebviewHarness.launch()));
	after(async () => harness?.close());

	it('asks the host for its configuration and shows only the toggle until enabled', async () => {
		const p = await harness.open();
		const [ready] = await waitForPosted(p, 'custom/ready');
		assert.equal(ready.config, undefined);
		await show(p, { ...snapshotOf([]), config: { enabled: false, plots: [] } });
		assert.equal(await p.locator('.custom-card').count(), 0);
		await p.locator('.custom-toggle').click();
		const [set] = await waitForPosted(p, 'custom/setConfig');
		assert.deepEqual(set.config, { enabled: true, plots: [] });
		await p.close();
	});

	it('scatters one point per experiment with both values, notes the excluded ones, and changes axes from the selects', async () => {
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: chartsSnapshot([]) });
		const plots = await show(p, snapshotOf([{ id: 's1', kind: 'scatter', x: LR, y: ACC }]));
		assert.deepEqual(plots, [{ id: 's1', kind: 'scatter', points: 5 }]);
		const drawn = await p.evaluate(() => {
			const canvas = document.querySelector('[data-custom-plot="s1"] canvas') as HTMLCanvasElement & {
				$chartjs?: unknown;
			};
			return { w: canvas.width, h: canvas.height };
		});
		assert.ok(drawn.w > 0 && drawn.h > 0, 'the chart canvas has a size');
		assert.equal(
			await p.locator('[data-custom-plot="s1"] .custom-note').textContent(),
			'1 experiment without both values not shown',
		);
		// The user picks another y column in the card's select.
		await p.evaluate((id) => {
			const select = document.querySelectorAll<HTMLElement & { value: string }>(
				'[data-custom-plot="s1"] vscode-single-select',
			)[1];
			select.value = id;
			select.dispatchEvent(new Event('change'));
		}, 'params:params.yaml:optim');
		const [set] = await waitForPosted(p, 'custom/setConfig');
		assert.deepEqual(set.config.plots, [{ id: 's1', kind: 'scatter', x: LR, y: 'params:params.yaml:optim' }]);
		// Persisted in the page state next to the chart panel's own UI state.
		const state = await p.evaluate(() => (window as unknown as { __state: Record<string, unknown> }).__state);
		assert.deepEqual((state.customPlots as { config: unknown }).config, set.config);
		assert.ok('smoothing' in state, "the chart panel's state is kept");
		await send(p, { type: 'charts/snapshot', snapshot: chartsSnapshot([], { smoothing: 0.25 }) });
		await waitForPosted(p, 'charts/rendered', 2);
		const after = await p.evaluate(() => (window as unknown as { __state: Record<string, unknown> }).__state);
		assert.equal(after.smoothing, 0.25);
		assert.deepEqual(after.customPlots, state.customPlots, "the chart panel's writes keep the section's state");
		await p.close();
	});

	it('renders hostile column names and categorical values as text', async () => {
		const p = await harness.open();
		const key = `params:params.yaml:${HOSTILE_KEY}`;
		const plots = await show(
			p,
			snapshotOf([{ id: 'p1', kind: 'parallel', columns: [key, 'params:params.yaml:optim', ACC] }]),
		);
		assert.deepEqual(plots, [{ id: 'p1', kind: 'parallel', points: 5 }]);
		const axes = await p.locator('.parallel-axis-key').allTextContents();
		assert.deepEqual(axes, [HOSTILE_KEY, 'optim', 'acc']);
		const chips = await p.locator('.custom-chip-label').allTextContents();
		assert.equal(chips[0], `${HOSTILE_KEY} \u00b7 params.yaml`);
		const state = await p.evaluate(() => ({
			pwned: (window as unknown as { __pwned?: unknown }).__pwned,
			injected: document.querySelectorAll('#root script, #root img, [onerror]').length,
		}));
		assert.deepEqual(state, { pwned: undefined, injected: 0 });
		await p.close();
	});

	it('brushing by mouse drag on an axis posts the range; a second axis adds one; double-click clears', async () => {
		const p = await harness.open();
		const snapshot = snapshotOf([{ id: 'p1', kind: 'parallel', columns: [LR, ACC] }]);
		await show(p, snapshot);
		const acc = snapshot.plots[0].axes[1];
		assert.deepEqual([acc.min, acc.max], [0.1, 0.9]);
		const from = await axisPoint(p, ACC, 0.4, acc.min, acc.max);
		const to = await axisPoint(p, ACC, 0.8, acc.min, acc.max);
		await p.mouse.move(from.x, from.y);
		await p.mouse.down();
		await p.mouse.move(to.x, to.y, { steps: 5 });
		await p.mouse.up();
		const [first] = await waitForPosted(p, 'custom/brush');
		assert.equal(first.ranges.length, 1);
		assert.equal(first.ranges[0].column, ACC);
		// One pixel of the 240-pixel axis is 0.0033 of acc's 0.8 range.
		assert.ok(
			Math.abs(first.ranges[0].min - 0.4) < 0.01 && Math.abs(first.ranges[0].max - 0.8) < 0.01,
			JSON.stringify(first),
		);

		// The host echoes the brush back (as the table bridge holds it); then brush the lr axis too.
		await show(p, snapshotOf(snapshot.config.plots, first.ranges), 2);
		const lr = snapshot.plots[0].axes[0];
		const a = await axisPoint(p, LR, lr.max, lr.min, lr.max);
		const b = await axisPoint(p, LR, lr.max / 2, lr.min, lr.max);
		await p.mouse.move(a.x, a.y - 4);
		await p.mouse.down();
		await p.mouse.move(b.x, b.y, { steps: 5 });
		await p.mouse.up();
		const second = (await waitForPosted(p, 'custom/brush', 2))[1];
		assert.deepEqual(
			second.ranges.map((r) => r.column),
			[ACC, LR],
		);
		assert.ok(second.ranges[1].max === lr.max, 'a drag past the top end stops at the axis maximum');

		await p.mouse.dblclick(a.x, (a.y + b.y) / 2);
		const third = (await waitForPosted(p, 'custom/brush', 3))[2];
		assert.deepEqual(third.ranges, [first.ranges[0]], 'double-click on an axis clears its brush only');
		await p.mouse.dblclick(((a.x + from.x) / 2) | 0, from.y);
		const fourth = (await waitForPosted(p, 'custom/brush', 4))[3];
		assert.deepEqual(fourth.ranges, [], 'double-click between axes clears every brush');
		const clicks = (await posted(p)).filter((m) => m.type === 'custom/brush').length;
		assert.equal(clicks, 4, 'the clicks of a double-click draw no brush of their own');
		// The integration tier's drag: the page fires pointer events at its own canvas.
		await send(p, { type: 'custom/simulateBrush', plotId: 'p1', column: ACC, from: 0.2, to: 0.6 });
		const fifth = (await waitForPosted(p, 'custom/brush', 5))[4];
		assert.equal(fifth.ranges.length, 1);
		assert.ok(
			Math.abs(fifth.ranges[0].min - 0.2) < 0.01 && Math.abs(fifth.ranges[0].max - 0.6) < 0.01,
			JSON.stringify(fifth),
		);
		await p.close();
	});
});
