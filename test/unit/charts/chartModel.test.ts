import assert from 'node:assert/strict';
import type { RunInput } from '../../../src/charts/chartModel';
import {
	appendPoints,
	availableXAxes,
	buildLineCharts,
	compareGroups,
	metricGroup,
	resolveX,
	shapeKey,
} from '../../../src/charts/chartModel';
import type { MetricSeries, RunEvent, SeriesTable } from '../../../src/model/types';

function table(file: string, columns: Record<string, number[]>, spare = 0): SeriesTable {
	const length = Object.values(columns)[0].length;
	const data = Object.fromEntries(
		Object.entries(columns).map(([k, v]) => [k, Float64Array.from([...v, ...new Array(spare).fill(0)])]),
	);
	return { file, columns: Object.keys(columns), data, length };
}

function run(
	id: string,
	colour: string,
	metrics: Record<string, Record<string, number[]>>,
	events: RunEvent[] = [],
): RunInput {
	const tables = new Map<string, SeriesTable>();
	const series: MetricSeries[] = [];
	for (const [name, columns] of Object.entries(metrics)) {
		const file = `dvclive/plots/metrics/${name}.tsv`;
		const column = name.split('/').pop() ?? name;
		tables.set(
			file,
			table(file, Object.fromEntries(Object.entries(columns).map(([k, v]) => [k === 'value' ? column : k, v]))),
		);
		series.push({ id: `${file}#${column}`, name, file, column, x: 'step' });
	}
	return { experiment: { id, name: `name-${id}`, series, events, images: [], plots: [] }, colour, tables };
}

const opts = { xAxis: 'step', smoothing: 0, budget: 100 };

describe('chartModel: line charts for the selected runs', () => {
	it('groups metrics by prefix in train, eval, system order', () => {
		assert.equal(metricGroup('train/loss'), 'train');
		assert.equal(metricGroup('loss'), 'metrics');
		assert.deepEqual(['zeta', 'system', 'metrics', 'eval', 'train'].sort(compareGroups), [
			'train',
			'eval',
			'system',
			'metrics',
			'zeta',
		]);
	});

	it('makes one chart per metric name with one line per experiment, in the selection colours', () => {
		const a = run('a', '#111111', {
			'train/loss': { step: [0, 1, 2], value: [3, 2, 1] },
			'system/cpu': { step: [0], value: [50] },
		});
		const b = run('b', '#222222', {
			'train/loss': { step: [0, 1], value: [4, 3] },
			'eval/acc': { step: [0], value: [0.5] },
		});
		const { charts, states } = buildLineCharts([a, b], opts);
		assert.deepEqual(
			charts.map((c) => c.id),
			['metric:train/loss', 'metric:eval/acc', 'metric:system/cpu'],
		);
		const loss = charts[0];
		assert.deepEqual(
			loss.series.map((s) => [s.experimentId, s.colour, s.label, s.y]),
			[
				['a', '#111111', 'name-a', [3, 2, 1]],
				['b', '#222222', 'name-b', [4, 3]],
			],
		);
		assert.deepEqual(loss.xExtent, [0, 2]);
		assert.equal(states.length, 4);
		assert.equal(loss.series[0].smoothed, undefined, 'no smoothed line at smoothing 0');
	});

	it('offers relative time, wall time and other numeric columns as x axes', () => {
		const r = run('a', '#111111', {
			loss: { timestamp: [1000, 3000, 6000], step: [0, 1, 2], episode: [5, 6, 7], value: [1, 2, 3] },
		});
		assert.deepEqual(availableXAxes([r]), ['step', 'relative', 'wall', 'episode']);
		const x = (axis: string) => buildLineCharts([r], { ...opts, xAxis: axis }).charts[0];
		assert.deepEqual(x('relative').series[0].x, [0, 2, 5]);
		assert.equal(x('relative').xLabel, 'relative time (s)');
		assert.deepEqual(x('wall').series[0].x, [1000, 3000, 6000]);
		assert.deepEqual(x('episode').series[0].x, [5, 6, 7]);
		const envStep = x('env_step');
		assert.equal(envStep.xAxis, 'step', 'no run has that column: drawn against step');
		assert.match(
			envStep.note ?? '',
			/env_step needs a `env_step` column, which these series do not have: drawn against Step/,
		);
	});

	it('offers time axes only where a series has `timestamp`, and says why a chart is drawn against step', () => {
		const timed = run('a', '#111111', { loss: { timestamp: [1000, 3000], step: [0, 1], value: [1, 2] } });
		const untimed = run('b', '#222222', { loss: { step: [0, 1, 2], value: [1, 2, 3] } });
		assert.deepEqual(availableXAxes([untimed]), ['step']);
		const alone = buildLineCharts([untimed], { ...opts, xAxis: 'wall' }).charts[0];
		assert.deepEqual(alone.xAxes, ['step']);
		assert.equal(alone.xAxis, 'step');
		assert.deepEqual(alone.series[0].x, [0, 1, 2], 'drawn, not empty');
		assert.equal(
			alone.note,
			'Wall time needs a `timestamp` column, which these series do not have: drawn against Step.',
		);
		const mixed = buildLineCharts([timed, untimed], { ...opts, xAxis: 'relative' }).charts[0];
		assert.deepEqual(mixed.xAxes, ['step', 'relative', 'wall']);
		assert.deepEqual(
			mixed.series.map((s) => s.experimentId),
			['a'],
		);
		assert.equal(mixed.note, '1 of 2 runs has no `timestamp` column: not drawn against Relative time.');
		assert.equal(buildLineCharts([timed], { ...opts, xAxis: 'wall' }).charts[0].note, undefined);
	});

	it('falls back to the row index when a table has no step column', () => {
		const t = table('f.tsv', { loss: [5, 6] });
		assert.deepEqual(Array.from(resolveX(t, 'step', { x: 'step' })?.values ?? []), [0, 1]);
		assert.equal(resolveX(t, 'relative', { x: 'step' }), undefined);
	});

	it('applies per-group axis settings and computes outlier bounds', () => {
		const values = Array.from({ length: 101 }, (_, i) => i);
		const r = run('a', '#111111', { 'train/loss': { step: values, value: values } });
		const [chart] = buildLineCharts([r], {
			...opts,
			axes: { train: { yLabel: 'nats', yScale: 'logarithmic', xLabel: 'iteration' } },
		}).charts;
		assert.deepEqual(chart.axes, { yLabel: 'nats', yScale: 'logarithmic', xLabel: 'iteration' });
		assert.equal(chart.xLabel, 'iteration');
		assert.deepEqual(chart.outlierBounds, [5, 95]);
	});

	it('places run events at their step, wall clock or relative time, once per run', () => {
		const events: RunEvent[] = [
			{ name: 'checkpoint', step: 1, wallclock: 3000, origin: 'file', metadata: { path: 'model.pt' } },
			{ name: 'no-step', origin: 'runlens' },
		];
		const r = run(
			'a',
			'#111111',
			{
				loss: { timestamp: [1000, 3000], step: [0, 1], value: [1, 2] },
				acc: { timestamp: [1000, 3000], step: [0, 1], value: [1, 2] },
			},
			events,
		);
		const chart = (axis: string) => buildLineCharts([r], { ...opts, xAxis: axis }).charts[0];
		assert.deepEqual(
			chart('step').events.map((e) => [e.name, e.x]),
			[['checkpoint', 1]],
		);
		assert.deepEqual(
			chart('wall').events.map((e) => e.x),
			[3000],
		);
		assert.deepEqual(
			chart('relative').events.map((e) => e.x),
			[2],
		);
		assert.ok(chart('step').events[0].detail.includes('path: model.pt'));
	});

	it('continues live lines with the new rows only, smoothing included', () => {
		const t = table('dvclive/plots/metrics/loss.tsv', { step: [0, 1], loss: [4, 2] }, 8);
		const r: RunInput = { ...run('a', '#111111', {}), tables: new Map([[t.file, t]]) };
		r.experiment.series.push({ id: `${t.file}#loss`, name: 'loss', file: t.file, column: 'loss', x: 'step' });
		const { states, charts } = buildLineCharts([r], { ...opts, smoothing: 0.5 });
		assert.deepEqual(charts[0].series[0].smoothed, [4, (0.5 * 0.5 * 4 + 0.5 * 2) / 0.75]);
		t.data.step.set([2, 3], 2);
		t.data.loss.set([NaN, 8], 2);
		t.length = 4;
		const points = appendPoints(states[0], t, 'step', 0.5);
		assert.deepEqual(points?.x, [3]);
		assert.deepEqual(points?.y, [8]);
		// Three finite values seen: 4, 2, 8 with weight 0.5.
		const last = (0.5 * (0.5 * (0.5 * 4) + 0.5 * 2) + 0.5 * 8) / (1 - 0.125);
		assert.ok(Math.abs((points?.smoothed?.[0] ?? 0) - last) < 1e-12);
		assert.equal(states[0].rows, 4);
		assert.equal(states[0].total, 3);
	});

	it('changes the shape key only when what is charted changes, not the values', () => {
		const r = run('a', '#111111', { loss: { step: [0], value: [1] } });
		const key = shapeKey(r.experiment);
		r.tables.get('dvclive/plots/metrics/loss.tsv')!.data.loss[0] = 5;
		assert.equal(shapeKey(r.experiment), key);
		r.experiment.events.push({ name: 'checkpoint', origin: 'file' });
		assert.notEqual(shapeKey(r.experiment), key);
	});
});
