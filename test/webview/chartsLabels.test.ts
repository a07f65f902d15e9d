import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildLineCharts } from '../../src/charts/chartModel';
import { availableXAxes } from '../../src/charts/xAxes';
import { parseTable } from '../../src/model/parse/parseTasks';
import type { ChartsSnapshot } from '../../src/shared/protocol';
import { send, useWebviewHarness, waitForPosted } from './harness';

const FILE = 'dvclive/plots/metrics/reward.tsv';

/** A snapshot of one run whose series file has a label column, through the real reader and transforms. */
function labelledSnapshot(): ChartsSnapshot {
	const rows = ['step\tenv\treward'];
	for (let step = 0; step < 20; step++) {
		rows.push(`${step}\tenv=cartpole\t${step}`, `${step}\tenv=pong\t${-step}`, `${step}\tacrobot\t${step / 2}`);
	}
	const { table } = parseTable(new TextEncoder().encode(rows.join('\n') + '\n'), FILE, {
		delimiter: '\t',
		header: true,
	});
	const series = [{ id: `${FILE}#reward`, name: 'reward', file: FILE, column: 'reward', x: 'step' }];
	const run = {
		experiment: { id: 'e1', name: 'brisk-lark', series, events: [], images: [], plots: [] },
		colour: '#3794ff',
		tables: new Map([[FILE, table]]),
	};
	const options = { xAxis: 'step', smoothing: 0 };
	const { charts } = buildLineCharts([run], { ...options, budget: 1000 });
	return {
		options,
		xAxes: availableXAxes([run]),
		experiments: [{ id: 'e1', label: 'brisk-lark', colour: '#3794ff' }],
		charts,
		plots: [],
		images: [],
		pointBudget: 1000,
		ignoreOutliers: false,
	};
}

async function datasetLabels(p: Page, chartId: string): Promise<{ label: string; points: number }[]> {
	return p.evaluate((id) => {
		type Chart = { data: { datasets: { label: string; data: unknown[] }[] } };
		const app = (window as unknown as { runlensCharts: { view(id: string): { instance: Chart } | undefined } })
			.runlensCharts;
		return (app.view(id)?.instance.data.datasets ?? []).map((d) => ({ label: d.label, points: d.data.length }));
	}, chartId);
}

describe('chart webview: a label column splits a series (headless Chromium, real bundle)', function () {
	const harness = useWebviewHarness();

	it('draws one line per label value, named `<experiment> · <label>` in the legend', async () => {
		const snapshot = labelledSnapshot();
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot });
		const [report] = await waitForPosted(p, 'charts/rendered');
		assert.deepEqual(
			report.charts.map((c) => [c.id, c.lines]),
			[['metric:reward', 3]],
		);
		const labels = await datasetLabels(p, 'metric:reward');
		assert.deepEqual(labels, [
			{ label: 'brisk-lark · env=cartpole', points: 20 },
			{ label: 'brisk-lark · env=pong', points: 20 },
			{ label: 'brisk-lark · env=acrobot', points: 20 },
		]);
		assert.deepEqual(snapshot.xAxes, ['step'], 'a label column is no x axis, and there is no timestamp');
	});
});
