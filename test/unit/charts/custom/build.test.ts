import assert from 'node:assert/strict';
import { buildColumns, buildSnapshot, eachSliced } from '../../../../src/charts/custom/build';
import { collectColumns } from '../../../../src/charts/custom/columns';
import { plotData } from '../../../../src/charts/custom/transforms';
import type { PlotInputs } from '../../../../src/charts/custom/transforms';
import { SelectionModel } from '../../../../src/experiments/selection';
import { TableFilterBridge } from '../../../../src/experiments/tableFilter';
import type { CustomPlotConfig } from '../../../../src/shared/protocol';
import { exp } from '../../experiments/helpers';

// Enough work (3,000 runs x 41 columns, 30 distinct optimisers) that the build yields many times.
const runs = Array.from({ length: 3000 }, (_, i) => {
	const params: Record<string, number | string | null> = {
		optim: `opt-${i % 30}`,
		lr: i % 7 === 0 ? null : 1 / (i + 1),
	};
	const metrics: Record<string, number> = {};
	for (let k = 0; k < 39; k++) {
		metrics[`m${k}`] = i % 11 === 0 && k === 3 ? NaN : ((i * 31 + k) % 1000) / 1000;
	}
	return exp({ id: `e${i}`, name: `e${i}`, params: { 'params.yaml': params }, metrics: { 'metrics.json': metrics } });
});
const plots: CustomPlotConfig[] = [
	{ id: 's', kind: 'scatter', x: 'params:params.yaml:lr', y: 'metrics:metrics.json:m3', logX: true },
	{
		id: 'p',
		kind: 'parallel',
		columns: ['params:params.yaml:optim', 'params:params.yaml:lr', 'metrics:metrics.json:m1'],
	},
	{ id: 'half', kind: 'scatter', x: 'params:params.yaml:lr' },
];

describe('custom plots: sliced build', () => {
	it('gives exactly what the synchronous transforms give', async () => {
		const columns = await buildColumns(runs, () => false);
		assert.ok(columns);
		assert.deepEqual(columns.list, collectColumns(runs));
		const selection = new SelectionModel();
		for (const picked of [[], ['e5', 'e1']] as string[][]) {
			picked.forEach((id) => selection.set(id, true));
			const tableFilter = new TableFilterBridge();
			const snapshot = await buildSnapshot(
				{ config: { enabled: true, plots }, all: runs, columns, selection, tableFilter },
				() => false,
			);
			assert.ok(snapshot);
			const experiments = picked.length ? picked.map((id) => runs.find((r) => r.id === id)!) : runs;
			const inputs: PlotInputs = {
				experiments,
				columns: columns.byId,
				colourOf: (id: string) => selection.colourOf(id),
			};
			assert.deepEqual(
				snapshot.plots,
				plots.map((p) => plotData(p, inputs)),
			);
			assert.equal(snapshot.experiments, experiments.length);
		}
	});

	it('yields to the event loop between slices and stops at the first stale check', async () => {
		const order: string[] = [];
		setImmediate(() => order.push('other work'));
		const done = await eachSliced(
			runs.slice(0, 64),
			(r) => order.push(r.id),
			() => false,
			0,
		);
		assert.equal(done, true);
		// A 0 ms budget yields after every 16 items: other work ran after the first slice.
		assert.equal(order.indexOf('other work'), 16);
		assert.equal(order.length, 65);
		let checks = 0;
		const stopped = await eachSliced(
			runs,
			() => undefined,
			() => ++checks > 0,
			0,
		);
		assert.equal(stopped, false);
		assert.equal(checks, 1);
	});
});
