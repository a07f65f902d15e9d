import assert from 'node:assert/strict';
import type { RunInput } from '../../../src/charts/chartModel';
import { appendPoints, buildLineCharts } from '../../../src/charts/chartModel';
import { chartSettings, chartXAxis } from '../../../src/charts/groups';
import { chartCsv, rangeSeries, rebuildChart } from '../../../src/charts/snapshot';
import { parseTable } from '../../../src/model/parse/parseTasks';

describe('per-chart x axis (a chart header select)', () => {
	const file = 'dvclive/plots/metrics/train/reward.tsv';
	const bytes = new TextEncoder().encode(
		'step\tepisode\tenv_step\treward\n0\t10\t0\t1\n1\t10\t8\t2\n2\t11\t16\t3\n3\t12\t24\t4\n',
	);
	const { table } = parseTable(bytes, file, { delimiter: '\t', header: true });
	const lossFile = 'dvclive/plots/metrics/train/loss.tsv';
	const loss = parseTable(new TextEncoder().encode('step\tloss\n0\t5\n1\t4\n'), lossFile, {
		delimiter: '\t',
		header: true,
	}).table;
	const series = [
		{ id: `${file}#reward`, name: 'train/reward', file, column: 'reward', x: 'step' },
		{ id: `${lossFile}#loss`, name: 'train/loss', file: lossFile, column: 'loss', x: 'step' },
	];
	const run: RunInput = {
		experiment: { id: 'e', name: 'e', series, events: [], images: [], plots: [] },
		colour: '#000000',
		tables: new Map([
			[file, table],
			[lossFile, loss],
		]),
	};
	const id = 'metric:train/reward';
	const base = { xAxis: 'step', smoothing: 0, budget: 100 };

	it('ranks the chart’s own choice over a group’s x unit over the panel axis', () => {
		const s = chartSettings('train/reward', undefined, { train: { xUnit: 'episode' } });
		assert.equal(chartXAxis('step', s, 'env_step'), 'env_step');
		assert.equal(chartXAxis('wall', s, 'env_step'), 'env_step');
		assert.equal(chartXAxis('step', s), 'episode');
		assert.equal(chartXAxis('wall', s), 'wall');
		assert.equal(chartXAxis('relative', chartSettings('train/reward', undefined, {})), 'relative');
	});

	it('offers each chart the numeric columns of its own series only', () => {
		const { charts } = buildLineCharts([run], base);
		const byId = new Map(charts.map((c) => [c.id, c]));
		// no `timestamp` column in these tables: no relative or wall time to offer
		assert.deepEqual(byId.get(id)?.xAxes, ['step', 'env_step', 'episode']);
		assert.deepEqual(byId.get('metric:train/loss')?.xAxes, ['step']);
		assert.equal(byId.get(id)?.xAxis, 'step');
		assert.equal(byId.get(id)?.xChoice, undefined);
	});

	it('plots one chart on its chosen column, over a group x unit and its label, leaving the others alone', () => {
		const groups = { train: { xUnit: 'env_step', xLabel: 'environment steps' } };
		const { charts, states } = buildLineCharts([run], { ...base, groups, chartX: { [id]: 'episode' } });
		const reward = charts.find((c) => c.id === id);
		const other = charts.find((c) => c.id === 'metric:train/loss');
		assert.deepEqual(reward?.series[0].x, [10, 10, 11, 12]);
		assert.equal(reward?.xLabel, 'episode');
		assert.equal(reward?.xAxis, 'episode');
		assert.equal(reward?.xChoice, 'episode');
		// train/loss has no env_step column: it falls back to the panel axis, with the group's label.
		assert.equal(other?.xAxis, 'step');
		assert.equal(states.find((s) => s.chartId === id)?.xAxis, 'episode');
	});

	it('re-buckets zoom ranges, appends and CSV in the chosen column', () => {
		const options = { xAxis: 'step', smoothing: 0, chartX: { [id]: 'env_step' } };
		const range = rangeSeries([run], id, options, 8, 16, 100);
		// env_step values, with one neighbour outside [8, 16] kept on each side for line continuity.
		assert.deepEqual(range[0].x, [0, 8, 16, 24]);
		const { chart, states } = rebuildChart([run], id, { ...options, budget: 100 });
		assert.equal(chart?.id, id);
		assert.equal(chart?.xLabel, 'env_step');
		assert.deepEqual(chart?.series[0].x, [0, 8, 16, 24]);
		assert.deepEqual(
			states.map((s) => s.chartId),
			[id],
			'only the rebuilt chart’s lines',
		);
		states[0].rows = 3;
		assert.deepEqual(appendPoints(states[0], table, 'step', 0)?.x, [24], 'appends continue on the chart’s axis');
		assert.match(chartCsv([run], id, 'env_step'), /^experiment,env_step,value\ne,0,1\ne,8,2\n/);
	});

	it('falls back to the panel axis when the chosen column is missing from every run', () => {
		const { chart } = rebuildChart([run], id, { ...base, chartX: { [id]: 'nope' } });
		assert.equal(chart?.xAxis, 'step');
		assert.deepEqual(chart?.series[0].x, [0, 1, 2, 3]);
		assert.equal(rebuildChart([run], 'metric:absent', base).chart, undefined);
	});
});
