import assert from 'node:assert/strict';
import { collectColumns } from '../../../../src/charts/custom/columns';
import { parsePlotArg, sanitizeBrush, sanitizeConfig } from '../../../../src/charts/custom/config';
import { outsideBrush, plotData, plottedExperiments } from '../../../../src/charts/custom/transforms';
import type { CustomColumn } from '../../../../src/shared/protocol';
import { exp } from '../../experiments/helpers';

const runs = [
	exp({
		id: 'a',
		name: 'run-a',
		params: { 'params.yaml': { lr: 0.1, optim: 'adam', layers: [1, 2] } },
		metrics: { 'dvclive/metrics.json': { acc: 0.8, 'val.loss': 0.5 } },
	}),
	exp({
		id: 'b',
		name: 'run-b',
		params: { 'params.yaml': { lr: 0.01, optim: 'sgd', layers: [3] } },
		metrics: { 'dvclive/metrics.json': { acc: 0.9, 'val.loss': NaN } },
	}),
	exp({ id: 'c', name: 'run-c', params: { 'params.yaml': { lr: 0.001, optim: 'adam' } }, metrics: {} }),
	exp({
		id: 'd',
		name: 'run-d',
		params: { 'params.yaml': { lr: null, optim: 10 } },
		metrics: { 'dvclive/metrics.json': { acc: 0.7, 'val.loss': 0.25 } },
	}),
];

const byId = (columns: CustomColumn[]) => new Map(columns.map((c) => [c.id, c]));
const inputs = (experiments = runs, colours: Record<string, string> = {}) => ({
	experiments,
	columns: byId(collectColumns(runs)),
	colourOf: (id: string) => colours[id],
});

describe('custom plots: columns', () => {
	it('lists every flattened param then metric once, with the table column ids', () => {
		assert.deepEqual(
			collectColumns(runs).map((c) => [c.id, c.kind]),
			[
				['params:params.yaml:lr', 'numeric'],
				['params:params.yaml:optim', 'categorical'],
				['params:params.yaml:layers', 'categorical'],
				['metrics:dvclive/metrics.json:acc', 'numeric'],
				['metrics:dvclive/metrics.json:val.loss', 'numeric'],
			],
		);
	});

	it('orders columns by first sight over the experiments, even when files interleave', () => {
		const columns = collectColumns([
			exp({ id: 'x', name: 'x', params: { 'a.yaml': { a1: 1 } }, metrics: { 'm.json': { m: 1 } } }),
			exp({ id: 'y', name: 'y', params: { 'b.yaml': { b1: 1 } } }),
			exp({ id: 'z', name: 'z', params: { 'a.yaml': { a2: 'x' }, 'b.yaml': { b1: 2 } } }),
		]);
		assert.deepEqual(
			columns.map((c) => [c.id, c.kind]),
			[
				['params:a.yaml:a1', 'numeric'],
				['params:b.yaml:b1', 'numeric'],
				['params:a.yaml:a2', 'categorical'],
				['metrics:m.json:m', 'numeric'],
			],
		);
	});

	it('keeps file and key apart even when the key holds a colon', () => {
		const [column] = collectColumns([exp({ id: 'x', name: 'x', params: { 'p:q.yaml': { 'a:b': 1 } } })]);
		assert.deepEqual([column.id, column.file, column.key], ['params:p:q.yaml:a:b', 'p:q.yaml', 'a:b']);
	});
});

describe('custom plots: points', () => {
	it('scatters one point per experiment with both values, colours from the selection, and counts the rest', () => {
		const data = plotData(
			{ id: 's', kind: 'scatter', x: 'params:params.yaml:lr', y: 'metrics:dvclive/metrics.json:val.loss' },
			inputs(runs, { a: '#3794ff' }),
		);
		// b: val.loss NaN, c: no metrics, d: lr null -> excluded
		assert.deepEqual(
			data.points.map((p) => [p.experimentId, p.values, p.texts, p.colour]),
			[['a', [0.1, 0.5], ['0.1', '0.5'], '#3794ff']],
		);
		assert.equal(data.excluded, 3);
		assert.deepEqual(
			data.axes.map((a) => [a.kind, a.min, a.max]),
			[
				['numeric', 0.1, 0.1],
				['numeric', 0.5, 0.5],
			],
		);
	});

	it('leaves a neutral point without a colour when the run is not selected', () => {
		const data = plotData(
			{ id: 's', kind: 'scatter', x: 'params:params.yaml:lr', y: 'params:params.yaml:optim' },
			inputs(),
		);
		assert.equal(data.points.length, 3);
		assert.ok(data.points.every((p) => !('colour' in p)));
	});

	it('maps categorical values to sorted category indexes, numbers in a mixed column as text', () => {
		const data = plotData(
			{ id: 'p', kind: 'parallel', columns: ['params:params.yaml:optim', 'params:params.yaml:layers'] },
			inputs(),
		);
		assert.deepEqual(data.axes[0].categories, ['adam', 'sgd']); // d (optim 10) has no layers: excluded
		assert.deepEqual(data.axes[1].categories, ['[1,2]', '[3]']);
		assert.deepEqual(
			data.points.map((p) => [p.experimentId, p.values]),
			[
				['a', [0, 0]],
				['b', [1, 1]],
			],
		);
		assert.equal(data.excluded, 2);
	});

	it('excludes values a log axis cannot place', () => {
		const negative = [...runs, exp({ id: 'e', name: 'e', params: { 'params.yaml': { lr: -1, optim: 'x' } } })];
		const config = { id: 's', kind: 'scatter' as const, x: 'params:params.yaml:lr', y: 'params:params.yaml:optim' };
		assert.equal(plotData(config, inputs(negative)).points.length, 4);
		const log = plotData({ ...config, logX: true }, inputs(negative));
		assert.deepEqual(
			log.points.map((p) => p.experimentId),
			['a', 'b', 'c'],
		);
		assert.equal(log.excluded, 2);
	});

	it('draws nothing and excludes nothing until both scatter axes are chosen; unknown columns are dropped', () => {
		const data = plotData({ id: 's', kind: 'scatter', x: 'params:params.yaml:lr' }, inputs());
		assert.deepEqual([data.points.length, data.excluded, data.axes.length], [0, 0, 0]);
		const parallel = plotData(
			{ id: 'p', kind: 'parallel', columns: ['params:gone:x', 'params:params.yaml:lr'] },
			inputs(),
		);
		assert.deepEqual(
			parallel.axes.map((a) => a.column),
			['params:params.yaml:lr'],
		);
		assert.equal(parallel.points.length, 3);
	});
});

describe('custom plots: which experiments', () => {
	const never = () => false;
	it('uses the selection first, in selection order, skipping ids that are gone', () => {
		const r = plottedExperiments(runs, ['c', 'gone', 'a'], ['b'], never);
		assert.equal(r.source, 'selection');
		assert.deepEqual(
			r.experiments.map((e) => e.id),
			['c', 'a'],
		);
	});

	it("then the table's filtered rows, then everything", () => {
		assert.deepEqual(
			plottedExperiments(runs, [], ['d', 'b'], never).experiments.map((e) => e.id),
			['b', 'd'],
		);
		assert.equal(plottedExperiments(runs, [], ['d'], never).source, 'table');
		assert.equal(plottedExperiments(runs, [], [], never).experiments.length, 0, 'an empty table plots nothing');
		const all = plottedExperiments(runs, [], undefined, never);
		assert.deepEqual([all.source, all.experiments.length], ['all', 4]);
	});

	it('keeps experiments only our brush hides, so a brush can be widened again', () => {
		const columns = byId(collectColumns(runs));
		const brush = [{ column: 'metrics:dvclive/metrics.json:acc', min: 0.75, max: 0.85 }];
		const hidden = (e: (typeof runs)[number]) => outsideBrush(e, brush, columns);
		assert.deepEqual(
			runs.filter(hidden).map((e) => e.id),
			['b', 'c', 'd'],
			'out of range and missing values are outside',
		);
		// The table shows only a (the brush) - b, c, d come back as brushed-out lines.
		assert.equal(plottedExperiments(runs, [], ['a'], hidden).experiments.length, 4);
	});
});

describe('custom plots: brush and configuration from the page', () => {
	const columns = byId(collectColumns(runs));
	it('turns brushes into ordered ranges per numeric column, last one per column wins', () => {
		const result = sanitizeBrush(
			[
				{ column: 'params:params.yaml:lr', min: 0.05, max: 0.001 },
				{ column: 'metrics:dvclive/metrics.json:acc', min: 0.1, max: 0.2 },
				{ column: 'metrics:dvclive/metrics.json:acc', min: 0.7, max: 0.9 },
			],
			columns,
		);
		assert.deepEqual(result, {
			ok: true,
			ranges: [
				{ column: 'params:params.yaml:lr', min: 0.001, max: 0.05 },
				{ column: 'metrics:dvclive/metrics.json:acc', min: 0.7, max: 0.9 },
			],
		});
		assert.deepEqual(sanitizeBrush([], columns), { ok: true, ranges: [] });
	});

	it('rejects categorical or unknown columns and non-finite bounds with the reason', () => {
		const bad = (raw: unknown) => {
			const r = sanitizeBrush(raw, columns);
			return r.ok ? 'accepted' : r.error;
		};
		assert.match(bad([{ column: 'params:params.yaml:optim', min: 0, max: 1 }]), /optim.*not a numeric column/);
		assert.match(bad([{ column: '<script>', min: 0, max: 1 }]), /not a numeric column/);
		assert.match(bad([{ column: 'params:params.yaml:lr', min: 0, max: Infinity }]), /not two finite numbers/);
		assert.match(bad([{ column: 'params:params.yaml:lr', min: '0', max: 1 }]), /not two finite numbers/);
		assert.match(bad({}), /must be a list/);
	});

	it('keeps only well-formed plots from stored configuration', () => {
		assert.equal(sanitizeConfig(undefined), undefined);
		assert.equal(sanitizeConfig({ enabled: 'yes', plots: [] }), undefined);
		assert.deepEqual(
			sanitizeConfig({
				enabled: true,
				plots: [
					{ id: 's', kind: 'scatter', x: 'params:a:b', y: 7, logX: true, logY: 'no' },
					{ id: 's', kind: 'parallel', columns: [] },
					{ id: 'p', kind: 'parallel', columns: ['a', 'a', '', 3, 'b'] },
					{ id: 'q', kind: 'pie' },
					null,
				],
			}),
			{
				enabled: true,
				plots: [
					{ id: 's', kind: 'scatter', x: 'params:a:b', logX: true },
					{ id: 'p', kind: 'parallel', columns: ['a', 'b'] },
				],
			},
		);
	});

	it("accepts a command's plot argument only when every column exists", () => {
		const ok = parsePlotArg(
			{ kind: 'scatter', x: 'params:params.yaml:lr', y: 'metrics:dvclive/metrics.json:acc' },
			columns,
		);
		assert.ok(ok.ok && ok.plot.kind === 'scatter' && ok.plot.x === 'params:params.yaml:lr');
		const error = (raw: unknown) => {
			const r = parsePlotArg(raw, columns);
			return r.ok ? 'accepted' : r.error;
		};
		assert.match(error({ kind: 'scatter', x: 'params:params.yaml:lr' }), /needs both x and y/);
		assert.match(
			error({ kind: 'parallel', columns: ['params:params.yaml:lr', 'params:x:gone'] }),
			/no column "params:x:gone"/,
		);
		assert.match(error('scatter'), /expected/);
	});
});
