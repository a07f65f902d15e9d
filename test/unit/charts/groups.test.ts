import assert from 'node:assert/strict';
import type { RunInput } from '../../../src/charts/chartModel';
import { appendPoints, buildLineCharts } from '../../../src/charts/chartModel';
import { chartSettings, chartXAxis } from '../../../src/charts/groups';
import { rangeSeries } from '../../../src/charts/snapshot';
import { experimentProgress, formatProgressInfo, progressBar } from '../../../src/experiments/progress';
import { parseTable } from '../../../src/model/parse/parseTasks';

describe('chart groups settings (runlens.charts.groups)', () => {
	it('merges groups over axes, the most specific key last', () => {
		const axes = { eval: { yLabel: 'old', yMin: -1, yScale: 'logarithmic' as const } };
		const groups = { eval: { yMin: 0, xUnit: 'episode' }, 'eval/acc': { yUnit: '%', yMax: 100 } };
		assert.deepEqual(chartSettings('eval/acc', axes, groups), {
			axes: { yLabel: 'old', yMin: 0, yMax: 100, yScale: 'logarithmic' },
			xUnit: 'episode',
			yUnit: '%',
		});
		assert.deepEqual(chartSettings('eval/loss', axes, groups).axes, { yLabel: 'old', yMin: 0, yScale: 'logarithmic' });
		assert.deepEqual(chartSettings('train/loss', axes, groups), { axes: {} });
	});

	it('uses the y unit as the axis title unless a y label is set', () => {
		assert.equal(chartSettings('acc', undefined, { acc: { yUnit: '%' } }).axes.yLabel, '%');
		assert.equal(chartSettings('acc', undefined, { acc: { yUnit: '%', yLabel: 'accuracy' } }).axes.yLabel, 'accuracy');
	});

	it('ignores ill-typed values a user typed in settings.json', () => {
		const groups = { train: { yMin: 'zero', yScale: 'cubic', xUnit: 3, progress: 'yes' } } as never;
		assert.deepEqual(chartSettings('train/loss', undefined, groups), { axes: {} });
	});

	it("replaces only the panel's step axis with a group's x unit", () => {
		const s = chartSettings('train/reward', undefined, { train: { xUnit: 'episode' } });
		assert.equal(chartXAxis('step', s), 'episode');
		assert.equal(chartXAxis('wall', s), 'wall');
	});
});

describe('charts with group x units and y bounds', () => {
	const file = 'dvclive/plots/metrics/train/reward.tsv';
	const bytes = new TextEncoder().encode('step\tepisode\treward\n0\t10\t1\n1\t10\t2\n2\t11\t3\n');
	const { table } = parseTable(bytes, file, { delimiter: '\t', header: true });
	const series = [{ id: `${file}#reward`, name: 'train/reward', file, column: 'reward', x: 'step' }];
	const run: RunInput = {
		experiment: { id: 'e', name: 'e', series, events: [], images: [], plots: [] },
		colour: '#000000',
		tables: new Map([[file, table]]),
	};
	const groups = { train: { xUnit: 'episode' }, 'train/reward': { yUnit: '%', yMin: 0, yMax: 100 } };

	it('plots the group against its x column with its bounds, in snapshots, ranges and appends', () => {
		const { charts, states } = buildLineCharts([run], { xAxis: 'step', smoothing: 0, budget: 100, groups });
		assert.equal(charts[0].xLabel, 'episode');
		assert.deepEqual(charts[0].axes, { yLabel: '%', yMin: 0, yMax: 100 });
		assert.deepEqual(charts[0].series[0].x, [10, 10, 11]);
		const range = rangeSeries([run], charts[0].id, { xAxis: 'step', smoothing: 0 }, 10, 10.5, 100, groups);
		// A range reply keeps a neighbour outside the range for line continuity: the x values are episodes.
		assert.deepEqual(range[0].x.slice(0, 2), [10, 10]);
		assert.equal(states[0].xAxis, 'episode');
		states[0].rows = 2;
		assert.deepEqual(appendPoints(states[0], table, 'step', 0)?.x, [11]);
	});

	it("falls back to the panel's axis when no run has the group's x column", () => {
		const { charts } = buildLineCharts([run], {
			xAxis: 'step',
			smoothing: 0,
			budget: 100,
			groups: { train: { xUnit: 'env_step' } },
		});
		assert.deepEqual(charts[0].series[0].x, [0, 1, 2]);
		assert.equal(charts[0].xLabel, 'step');
	});
});

describe('experiment progress', () => {
	it('draws a bar of step against the total from params', () => {
		const p = experimentProgress({ metrics: {}, progress: { step: 29, total: 50 } }, {});
		assert.equal(formatProgressInfo(p), '▰▰▰▱▱ 60% · 30/50 steps');
	});

	it('shows the step alone without a total and nothing without progress', () => {
		assert.equal(formatProgressInfo(experimentProgress({ metrics: {}, progress: { step: 7 } }, {})), 'step 7');
		assert.equal(formatProgressInfo(experimentProgress({ metrics: {} }, {})), undefined);
	});

	it('takes a metric marked as progress, scaled by its unit or bounds', () => {
		const metrics = { 'dvclive/metrics.json': { train: { done: 0.25 }, pct: 80 } } as never;
		const marked = { 'train/done': { progress: true } };
		assert.equal(formatProgressInfo(experimentProgress({ metrics: flat(metrics) }, marked)), '▰▱▱▱▱ 25%');
		const pct = { pct: { progress: true, yUnit: '%' } };
		assert.equal(
			formatProgressInfo(experimentProgress({ metrics: flat(metrics), progress: { step: 4 } }, pct)),
			'▰▰▰▰▱ 80% · step 4',
		);
	});

	it('clamps the bar to 0..5 cells', () => {
		assert.equal(progressBar(-1), '▱▱▱▱▱');
		assert.equal(progressBar(2), '▰▰▰▰▰');
	});
});

/** DVC flattens nested metrics with dots. */
function flat(metrics: Record<string, Record<string, unknown>>): Record<string, Record<string, number>> {
	const out: Record<string, Record<string, number>> = {};
	for (const [file, obj] of Object.entries(metrics)) {
		const values: Record<string, number> = {};
		const walk = (o: Record<string, unknown>, prefix: string) => {
			for (const [k, v] of Object.entries(o)) {
				if (typeof v === 'object' && v) {
					walk(v as Record<string, unknown>, `${prefix}${k}.`);
				} else {
					values[`${prefix}${k}`] = v as number;
				}
			}
		};
		walk(obj, '');
		out[file] = values;
	}
	return out;
}
