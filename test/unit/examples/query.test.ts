import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import fc from 'fast-check';
import { ExampleQuery } from '../../../src/examples/query';
import { argsort } from '../../../src/examples/sort';
import { readForeignTable, readMetricsTable } from '../../../src/examples/table';
import type { MetricsTable } from '../../../src/examples/table';

const metrics = (text: string, file = 'm.csv'): MetricsTable => readMetricsTable(text, file).table!;
const foreign = readForeignTable('text,img\nzero,a.png\none,b.png\ntwo,c.png\nthree,d.png\n', 'data/val.csv').table;
const epochs = metrics('example_id,epoch,loss\n0,1,0.9\n1,1,0.8\n2,1,0.7\n0,2,0.3\n1,2,0.6\n2,2,0.1\n3,2,0.5\n');
const column = (q: ExampleQuery, name: string) => {
	const i = q.columns.findIndex((c) => c.name === name);
	return q.rows(0, q.length).rows.map((r) => r.cells[i]);
};

describe('examples: query', () => {
	it('joins foreign columns by example_id and defaults to the latest step', () => {
		const q = new ExampleQuery({ a: epochs, foreign });
		assert.deepEqual(q.steps, [1, 2]);
		assert.equal(q.selectedStep, 2);
		assert.deepEqual(
			q.columns.map((c) => c.name),
			['example_id', 'text', 'img', 'loss'],
		);
		assert.equal(q.columns[2].image, true);
		assert.deepEqual(
			q.rows(0, 10).rows.map((r) => r.cells),
			[
				[0, 'zero', 'a.png', 0.3],
				[1, 'one', 'b.png', 0.6],
				[2, 'two', 'c.png', 0.1],
				[3, 'three', 'd.png', 0.5],
			],
		);
		q.setStep(1);
		assert.deepEqual(column(q, 'loss'), [0.9, 0.8, 0.7]);
	});

	it('sorts by numbers and text in both directions, missing values last', () => {
		const t = metrics('example_id,loss,tag\n0,0.5,b\n1,,a\n2,0.1,\n3,0.9,c\n');
		const q = new ExampleQuery({ a: t });
		q.setSort({ column: 'a:loss', descending: true });
		assert.deepEqual(column(q, 'example_id'), [3, 0, 2, 1]);
		q.setSort({ column: 'a:loss', descending: false });
		assert.deepEqual(column(q, 'example_id'), [2, 0, 3, 1]);
		q.setSort({ column: 'a:tag', descending: false });
		assert.deepEqual(column(q, 'tag'), ['a', 'b', 'c', '']);
		q.setSort({ column: 'a:tag', descending: true });
		assert.deepEqual(column(q, 'tag'), ['c', 'b', 'a', '']);
	});

	it('filters by substring, regex, numeric comparison, per column and globally', () => {
		const q = new ExampleQuery({ a: epochs, foreign });
		q.setFilter({ global: 'TH' });
		assert.deepEqual(column(q, 'text'), ['three']);
		q.setFilter({ global: '/^t/' });
		assert.deepEqual(column(q, 'text'), ['two', 'three']);
		q.setFilter({ columns: { 'a:loss': '>=0.5' } });
		assert.deepEqual(column(q, 'example_id'), [1, 3]);
		q.setFilter({ columns: { 'a:loss': '<0.5', 'foreign:text': 'o' } });
		assert.deepEqual(column(q, 'example_id'), [0, 2]);
		q.setFilter({ global: '/(/' });
		assert.match(q.filterError!, /invalid regular expression/);
		assert.equal(q.length, 4);
	});

	it('filter and sort combine, and windows page through the sorted view', () => {
		const q = new ExampleQuery({ a: epochs, foreign });
		q.setFilter({ columns: { 'a:loss': '>0.2' } });
		q.setSort({ column: 'a:loss', descending: true });
		const w = q.rows(1, 2);
		assert.equal(w.total, 3);
		assert.deepEqual(
			w.rows.map((r) => [r.index, r.exampleId]),
			[
				[1, 3],
				[2, 0],
			],
		);
		assert.equal(q.exampleAt(0), 1);
		assert.deepEqual(q.rows(10, 5).rows, []);
	});

	it('compares two experiments per example at the selected step with a delta column', () => {
		const b = metrics('example_id,epoch,loss\n0,2,0.5\n2,2,0.05\n4,2,1.0\n0,1,9\n');
		const q = new ExampleQuery({ a: epochs, b, foreign });
		assert.deepEqual(
			q.columns.map((c) => c.name),
			['example_id', 'text', 'img', 'A loss', 'B loss', 'Δ loss'],
		);
		const rows = q.rows(0, 10).rows.map((r) => [r.cells[0], r.cells[3], r.cells[4], r.cells[5]]);
		assert.equal(rows.length, 5);
		assert.deepEqual(
			rows.map((r) => r[0]),
			[0, 1, 2, 3, 4],
		);
		assert.ok(Math.abs((rows[0][3] as number) - 0.2) < 1e-12);
		assert.ok(Math.abs((rows[2][3] as number) - -0.05) < 1e-12);
		assert.deepEqual([rows[1][2], rows[1][3]], [null, null]);
		assert.deepEqual([rows[4][1], rows[4][2], rows[4][3]], [null, 1, null]);
		q.setStep(1);
		assert.deepEqual(
			column(q, 'Δ loss').map((v) => (v === null ? null : Math.round((v as number) * 10) / 10)),
			[8.1, null, null],
		);
	});

	it('argsort agrees with a comparator sort on random keys (stable, NaN last)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.oneof(fc.double(), fc.constant(NaN), fc.integer({ min: -3, max: 3 }))),
				fc.boolean(),
				(values, desc) => {
					const keys = Float64Array.from(values);
					const order = Uint32Array.from(values.map((_, i) => i));
					const expected = [...order].sort((x, y) => {
						const a = keys[x];
						const b = keys[y];
						if (Number.isNaN(a) || Number.isNaN(b)) {
							return Number(Number.isNaN(a)) - Number(Number.isNaN(b)) || x - y;
						}
						return (desc ? b - a : a - b) || x - y;
					});
					const got = [...argsort(keys, order, desc)];
					// ±0 tie, and so do equal keys: compare the key sequence, then stability within ties.
					assert.deepEqual(
						got.map((i) => (keys[i] === 0 ? 0 : keys[i])),
						expected.map((i) => (keys[i] === 0 ? 0 : keys[i])),
					);
					for (let k = 1; k < got.length; k++) {
						const same = Object.is(keys[got[k]], keys[got[k - 1]]) || keys[got[k]] === keys[got[k - 1]];
						assert.ok(!same || got[k] > got[k - 1], 'ties keep their order');
					}
				},
			),
		);
	});

	// Big enough for any spread or recursion over the rows to overflow the stack (about 120 k frames or
	// arguments); the 1 M-row timing is the bench's (`examplesSort`), and this stays fast on a loaded machine.
	it('sorts a 300,000-row table', () => {
		const n = 300_000;
		const lines = ['example_id,loss'];
		for (let i = 0; i < n; i++) {
			lines.push(`${i},${((i * 7919) % n) / n}`);
		}
		const q = new ExampleQuery({ a: metrics(lines.join('\n')) });
		q.setSort({ column: 'a:loss', descending: true });
		const top = q.rows(0, 3).rows.map((r) => r.cells[1]);
		assert.deepEqual(top, [(n - 1) / n, (n - 2) / n, (n - 3) / n]);
		const bottom = q.rows(n - 1, 1).rows[0];
		assert.equal(bottom.cells[1], 0);
		assert.equal(bottom.index, n - 1);
	});
});
