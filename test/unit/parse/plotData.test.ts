import * as assert from 'node:assert/strict';
import { getDatapoints, isImageFile, parsePlotData, toSeriesTable } from '../../../src/model/parse/plotData';
import { expected } from './dvcExpected';

const enc = (s: string) => new TextEncoder().encode(s);

/** Our rows leave out DVC's `None` cells and the `None` key of extra fields (documented deviation). */
function withoutNone(rows: unknown): unknown {
	return (rows as Record<string, unknown>[]).map((r) =>
		Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== null && k !== 'None')),
	);
}

describe('plot data (against DVC _load_sv + get_datapoints)', () => {
	expected.sv.forEach((c, i) => {
		it(`sv case ${i}`, () => {
			const file = c.delimiter === '\t' ? 'p.tsv' : 'p.csv';
			const r = parsePlotData(enc(c.text!), file, { header: c.header });
			assert.deepEqual(r, { ok: true, value: { rows: withoutNone(c.ok) } });
		});
	});
	expected.datapoints.forEach((c, i) => {
		it(`datapoints case ${i}`, () => assert.deepEqual(getDatapoints(c.input), c.ok));
	});

	it('reads JSON and YAML files', () => {
		assert.deepEqual(parsePlotData(enc('{"roc": [{"fpr": 0, "tpr": 1}]}'), 'roc.json'), {
			ok: true,
			value: { rows: [{ fpr: 0, tpr: 1 }] },
		});
		assert.deepEqual(parsePlotData(enc('- {a: 1}\n- {a: 2}\n'), 'p.yaml'), {
			ok: true,
			value: { rows: [{ a: 1 }, { a: 2 }] },
		});
	});

	it('does not parse images and rejects other types', () => {
		assert.equal(isImageFile('plots/images/3.png'), true);
		assert.equal(isImageFile('x.PNG'), false);
		assert.equal(parsePlotData(enc(''), 'a.png').ok, false);
		const r = parsePlotData(enc('x'), 'a.txt');
		assert.ok(!r.ok && r.error.includes('not a plot/metric type'));
	});

	it('builds a numeric table from rows', () => {
		const t = toSeriesTable(
			[
				{ step: '0', v: '0.5' },
				{ step: 1, w: 'x' },
			],
			'f.csv',
		);
		assert.deepEqual(t.columns, ['step', 'v', 'w']);
		assert.deepEqual(Array.from(t.data.v), [0.5, NaN]);
		assert.deepEqual(Array.from(t.data.step), [0, 1]);
	});
});
