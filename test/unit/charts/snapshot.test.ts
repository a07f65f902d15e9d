import assert from 'node:assert/strict';
import { imageGroups, imageMime } from '../../../src/charts/images';
import { chartCsv, csvCell, loadSnapshot, rangeSeries } from '../../../src/charts/snapshot';
import { ChartsTestProbe } from '../../../src/charts/testing';
import type { ExperimentsModel } from '../../../src/model/api';
import type { Experiment, SeriesTable } from '../../../src/model/types';
import { SelectionModel } from '../../../src/experiments/selection';
import { Emitter } from '../../../src/util/event';

function experiment(id: string, name: string, n: number): { exp: Experiment; table: SeriesTable } {
	const file = 'dvclive/plots/metrics/train/loss.tsv';
	const table: SeriesTable = {
		file,
		columns: ['step', 'loss'],
		data: {
			step: Float64Array.from({ length: n }, (_, i) => i),
			loss: Float64Array.from({ length: n }, (_, i) => (i % 10) + (i === n - 1 ? 100 : 0)),
		},
		length: n,
	};
	const exp: Experiment = {
		id,
		projectId: 'p',
		kind: 'experiment',
		rev: 'abc',
		name,
		status: 'running',
		params: {},
		metrics: {},
		deps: {},
		artifacts: [],
		tables: [],
		errors: [],
		events: [],
		series: [{ id: `${file}#loss`, name: 'train/loss', file, column: 'loss', x: 'step' }],
		images: [
			{ name: 'samples/2.png', file: 'dvclive/plots/images/samples/2.png', group: 'samples', step: 2 },
			{ name: 'samples/1.png', file: 'dvclive/plots/images/samples/1.png', group: 'samples', step: 1 },
		],
		plots: [{ id: 'cm', template: 'confusion', x: { 'cm.json': 'actual' }, y: { 'cm.json': ['predicted'] } }],
	};
	return { exp, table };
}

/** A small in-memory ExperimentsModel: real data, no scanning. */
function model(entries: { exp: Experiment; table: SeriesTable }[], files: Record<string, string>): ExperimentsModel {
	const byId = new Map(entries.map((e) => [e.exp.id, e]));
	return {
		onDidChangeExperiments: new Emitter<never>().event,
		onDidAppendSeries: new Emitter<never>().event,
		ready: Promise.resolve(),
		getProjects: () => [],
		getExperiments: () => entries.map((e) => e.exp),
		getExperiment: (id) => byId.get(id)?.exp,
		readSeriesTable: (id, file) => Promise.resolve(byId.get(id)?.table.file === file ? byId.get(id)?.table : undefined),
		readFile: (_id, file) =>
			Promise.resolve(files[file] === undefined ? undefined : new TextEncoder().encode(files[file])),
		refresh: () => Promise.resolve(),
	};
}

describe('snapshot: what the chart panel sends', () => {
	const a = experiment('a', 'alpha', 5000);
	const b = experiment('b', 'beta', 20);
	const m = model([a, b], { 'cm.json': '[{"actual":"0","predicted":"1"}]' });
	const selection = new SelectionModel(['a', 'b', 'gone']);

	it('loads lines, plots and images of the selected experiments with their colours', async () => {
		const { snapshot, states } = await loadSnapshot({
			model: m,
			selected: selection.selected,
			colourOf: (id) => selection.colourOf(id),
			options: { xAxis: 'step', smoothing: 0.6 },
			axes: {},
			ignoreOutliers: true,
			budget: 100,
		});
		assert.deepEqual(
			snapshot.experiments.map((e) => [e.id, e.colour]),
			[
				['a', selection.colourOf('a')],
				['b', selection.colourOf('b')],
			],
		);
		const [loss] = snapshot.charts;
		assert.equal(loss.series.length, 2);
		assert.ok(loss.series[0].sampled && loss.series[0].x.length <= 301);
		assert.equal(loss.series[0].total, 5000);
		assert.equal(loss.series[0].y.at(-1), 109, 'the last point survives sampling');
		assert.equal(loss.series[1].sampled, false);
		assert.equal(loss.series[0].smoothed?.length, loss.series[0].x.length);
		assert.equal(states.length, 2);
		assert.deepEqual(
			snapshot.plots.map((p) => [p.id, p.matrices?.length]),
			[['plot:cm', 2]],
		);
		assert.deepEqual(
			snapshot.images.map((g) => [g.experimentLabel, g.name, g.images.map((i) => i.step)]),
			[
				['alpha', 'samples', [1, 2]],
				['beta', 'samples', [1, 2]],
			],
		);
		assert.equal(snapshot.ignoreOutliers, true);
	});

	it('re-buckets one chart over a zoomed range', async () => {
		const { runs } = await loadSnapshot({
			model: m,
			selected: ['a'],
			colourOf: () => '#000000',
			options: { xAxis: 'step', smoothing: 0 },
			axes: {},
			ignoreOutliers: false,
			budget: 100,
		});
		const [series] = rangeSeries(runs, 'metric:train/loss', { xAxis: 'step', smoothing: 0 }, 100, 200, 400);
		assert.equal(series.sampled, false);
		assert.equal(series.x[0], 99);
		assert.equal(series.x.at(-1), 201);
		assert.equal(series.x.length, 103);
	});

	it('exports full-resolution CSV with quoted names', async () => {
		const { runs } = await loadSnapshot({
			model: m,
			selected: ['b'],
			colourOf: () => '#000000',
			options: { xAxis: 'step', smoothing: 0 },
			axes: {},
			ignoreOutliers: false,
			budget: 100,
		});
		const csv = chartCsv(runs, 'metric:train/loss', 'step').trim().split('\n');
		assert.equal(csv[0], 'experiment,step,value');
		assert.equal(csv.length, 21);
		assert.equal(csv[1], 'beta,0,0');
		assert.equal(csvCell('a "b", c'), '"a ""b"", c"');
	});

	it('groups plain images and step folders; knows image types', () => {
		const groups = imageGroups([
			{ id: 'x', label: 'X', colour: '#fff', images: [{ name: 'cm.png', file: 'd/cm.png' }] },
		]);
		assert.deepEqual(groups[0].images, [{ file: 'd/cm.png' }]);
		assert.equal(imageMime('a.JPG'), 'image/jpeg');
		assert.equal(imageMime('a.svg'), undefined);
	});

	it('test probe: resolves ready and render reports, already received or future', async () => {
		const probe = new ChartsTestProbe(m, selection);
		const ready = probe.whenReady();
		probe.received({ type: 'ready' });
		await ready;
		probe.received({ type: 'charts/rendered', charts: [{ id: 'c', lines: 1, points: 10 }] });
		const later = probe.whenRendered((r) => r.charts[0].points > 10);
		probe.received({ type: 'charts/rendered', charts: [{ id: 'c', lines: 1, points: 12 }] });
		assert.equal((await later).charts[0].points, 12);
		assert.equal((await probe.whenRendered()).charts[0].points, 12);
		assert.equal(probe.receivedMessages.length, 3);
	});
});
