import assert from 'node:assert/strict';
import { buildLineCharts } from '../../../src/charts/chartModel';
import { chartIdFor, composedId, sanitizeCompose } from '../../../src/charts/compose';
import { chartCsv, rangeSeries } from '../../../src/charts/snapshot';
import { runInput } from '../../webview/harness';

const n = 5;
const run = runInput({
	id: 'a',
	name: 'lark',
	colour: '#111111',
	metrics: {
		'train/loss': { step: [0, 1, 2, 3, 4], value: [5, 4, 3, 2, 1] },
		'eval/loss': { step: [0, 1, 2, 3, 4], value: [6, 5, 4, 3, 2] },
		'eval/acc': { step: [0, 1, 2, 3, 4], value: [0.1, 0.2, 0.3, 0.4, 0.5] },
	},
});
const opts = { xAxis: 'step', smoothing: 0, budget: 100 };

describe('several metrics in one chart (compose)', () => {
	it('draws a composition as one chart whose live states carry its id; other metrics keep their own', () => {
		const compose = [['train/loss', 'eval/loss']];
		const { charts, states } = buildLineCharts([run], { ...opts, compose });
		const id = composedId(compose[0]);
		assert.deepEqual(charts.map((c) => c.id).sort(), [id, 'metric:eval/acc'].sort());
		const chart = charts.find((c) => c.id === id);
		assert.equal(chart?.title, 'train/loss + eval/loss');
		assert.deepEqual(
			chart?.series.map((s) => [s.label, s.yAxis, s.metricIndex]),
			[
				['lark · train/loss', undefined, 0],
				['lark · eval/loss', undefined, 1],
			],
		);
		assert.equal(chart?.axes.yLabel, 'loss');
		assert.deepEqual(
			states.filter((s) => s.chartId === id).map((s) => s.metric.name),
			['train/loss', 'eval/loss'],
		);
		assert.equal(rangeSeries([run], id, { ...opts, compose }, 1, 3, 100).length, 2);
		const csv = chartCsv([run], id, 'step', compose).split('\n');
		assert.equal(csv.length, 1 + 2 * n + 1);
		assert.equal(csv[1], 'lark · train/loss,0,5');
	});

	it('puts a metric in another unit on the right axis (yUnit setting, else the name’s last part)', () => {
		const compose = [['eval/loss', 'eval/acc']];
		const byId = (c: { id: string }) => c.id === composedId(compose[0]);
		const chart = buildLineCharts([run], { ...opts, compose }).charts.find(byId);
		assert.ok(chart);
		assert.deepEqual(
			chart.series.map((s) => s.yAxis),
			[undefined, 'y1'],
		);
		assert.equal(chart.y1Label, 'acc');
		const same = buildLineCharts([run], {
			...opts,
			compose,
			groups: { eval: { yUnit: '%' } },
		}).charts.find(byId);
		assert.deepEqual(
			same?.series.map((s) => s.yAxis),
			[undefined, undefined],
			'one unit set for both: one axis',
		);
	});

	it('keeps only lists of two or more names, each name in one list', () => {
		assert.deepEqual(sanitizeCompose([['a', 'b'], ['b', 'c'], ['c', 'd', 'd'], ['e'], 'x', [1, 'f']]), [
			['a', 'b'],
			['c', 'd'],
		]);
		assert.equal(sanitizeCompose({}), undefined);
		assert.equal(chartIdFor('c', [['a', 'b']]), 'metric:c');
	});
});
