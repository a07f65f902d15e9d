import * as assert from 'node:assert/strict';
import type { ParamValue } from '../../../src/model/types';
import type { ColumnFilter } from '../../../src/shared/tableProtocol';
import { matchesBrush, matchesFilter, parseFilter } from '../../../src/table/filters';
import { compareLevel, nextSort, sortBy } from '../../../src/table/sort';

type Item = { name: string; v: Record<string, ParamValue | undefined>; star?: boolean };
const items = (values: (ParamValue | undefined)[]): Item[] => values.map((x, i) => ({ name: `r${i}`, v: { a: x } }));
const order = (list: Item[]) => list.map((i) => i.v.a);
const byA = (list: Item[], descending = false) => order(sortBy(list, [{ column: 'a', descending }], (i, c) => i.v[c]));

describe('table sort', () => {
	it('sorts numbers numerically, both directions, NaN after numbers and missing last', () => {
		const list = items([10, undefined, 2, NaN, -1, null, 2.5, Infinity]);
		assert.deepEqual(byA(list), [-1, 2, 2.5, 10, Infinity, NaN, undefined, null]);
		assert.deepEqual(byA(list, true), [Infinity, 10, 2.5, 2, -1, NaN, undefined, null]);
	});

	it('sorts text in natural order, case-insensitively, missing last', () => {
		const list = items(['run-10', 'Run-2', undefined, 'run-1', 'b']);
		assert.deepEqual(byA(list), ['b', 'run-1', 'Run-2', 'run-10', undefined]);
		assert.deepEqual(byA(list, true), ['run-10', 'Run-2', 'run-1', 'b', undefined]);
	});

	it('orders mixed types: numbers, booleans, then text', () => {
		assert.deepEqual(byA(items(['x', true, 3, false])), [3, false, true, 'x']);
	});

	it('applies levels in order and keeps the incoming order on ties (stable)', () => {
		const list: Item[] = [
			{ name: 'a', v: { lr: 0.1, acc: 0.5 } },
			{ name: 'b', v: { lr: 0.01, acc: 0.9 } },
			{ name: 'c', v: { lr: 0.1, acc: 0.7 } },
			{ name: 'd', v: { lr: 0.01, acc: 0.9 } },
			{ name: 'e', v: { acc: 1 } },
		];
		const sorted = sortBy(
			list,
			[
				{ column: 'lr', descending: false },
				{ column: 'acc', descending: true },
			],
			(i, c) => i.v[c],
		);
		assert.deepEqual(
			sorted.map((i) => i.name),
			['b', 'd', 'c', 'a', 'e'],
		);
	});

	it('puts starred rows first when asked, then sorts within each part', () => {
		const list: Item[] = [
			{ name: 'a', v: { x: 3 } },
			{ name: 'b', v: { x: 1 }, star: true },
			{ name: 'c', v: { x: 2 } },
			{ name: 'd', v: { x: 5 }, star: true },
		];
		const sorted = sortBy(
			list,
			[{ column: 'x', descending: false }],
			(i, c) => i.v[c],
			(i) => i.star === true,
		);
		assert.deepEqual(
			sorted.map((i) => i.name),
			['b', 'd', 'c', 'a'],
		);
	});

	it('cycles a header click ascending, descending, off; shift-click adds a level', () => {
		let s = nextSort([], 'a', false);
		assert.deepEqual(s, [{ column: 'a', descending: false }]);
		s = nextSort(s, 'b', true);
		assert.deepEqual(s, [
			{ column: 'a', descending: false },
			{ column: 'b', descending: false },
		]);
		s = nextSort(s, 'b', true);
		assert.deepEqual(s[1], { column: 'b', descending: true });
		s = nextSort(s, 'b', true);
		assert.deepEqual(s, [{ column: 'a', descending: false }]);
		assert.deepEqual(nextSort(s, 'c', false), [{ column: 'c', descending: false }]);
		assert.deepEqual(nextSort([{ column: 'a', descending: true }], 'a', false), []);
	});

	it('keeps missing last whatever the direction', () => {
		assert.ok(compareLevel(undefined, 1, false) > 0);
		assert.ok(compareLevel(undefined, 1, true) > 0);
		assert.ok(compareLevel(1, null, true) < 0);
	});
});

describe('table filters', () => {
	const f = (op: ColumnFilter['op'], value?: string): ColumnFilter =>
		value === undefined ? { column: 'c', op } : { column: 'c', op, value };
	const keep = (filter: ColumnFilter, values: (ParamValue | undefined)[]) =>
		values.filter((v) => matchesFilter(v, filter));

	it('compares numbers numerically with =, ≠, <, ≤, >, ≥ (missing never matches a comparison)', () => {
		const values = [1, 2, 3, 10, undefined, NaN];
		assert.deepEqual(keep(f('=', '2'), values), [2]);
		assert.deepEqual(keep(f('=', '2.0'), values), [2]);
		assert.deepEqual(keep(f('≠', '2'), values), [1, 3, 10, NaN]);
		assert.deepEqual(keep(f('<', '3'), values), [1, 2]);
		assert.deepEqual(keep(f('≤', '3'), values), [1, 2, 3]);
		assert.deepEqual(keep(f('>', '3'), values), [10]);
		assert.deepEqual(keep(f('≥', '3'), values), [3, 10]);
		assert.deepEqual(keep(f('=', 'nan'), values).length, 1);
		assert.deepEqual(keep(f('>', '1e3'), [Infinity, 5]), [Infinity]);
	});

	it('compares text in natural order and by equality', () => {
		const values = ['adam', 'sgd', 'Adam-2', undefined];
		assert.deepEqual(keep(f('=', 'sgd'), values), ['sgd']);
		assert.deepEqual(keep(f('<', 'b'), values), ['adam', 'Adam-2']);
		assert.deepEqual(keep(f('≠', 'sgd'), values), ['adam', 'Adam-2']);
	});

	it('matches contains case-insensitively on the full value', () => {
		assert.deepEqual(keep(f('contains', 'ADA'), ['adam', 'sgd', 'nadam', undefined]), ['adam', 'nadam']);
		assert.deepEqual(keep(f('contains', '0.00'), [0.001, 0.1]), [0.001]);
	});

	it('matches missing / present, true / false', () => {
		const values = [true, false, undefined, null, 'true', 0];
		assert.deepEqual(keep(f('missing'), values), [undefined, null]);
		assert.deepEqual(keep(f('notMissing'), values), [true, false, 'true', 0]);
		assert.deepEqual(keep(f('true'), values), [true, 'true']);
		assert.deepEqual(keep(f('false'), values), [false]);
		assert.deepEqual(keep(f('=', 'true'), values), [true, 'true']);
	});

	it('matches dates before, after and on a UTC day', () => {
		const day = Date.UTC(2025, 10, 14);
		const values = [day - 1, day, day + 3_600_000, day + 86_400_000, undefined];
		assert.deepEqual(keep(f('before', '2025-11-14'), values), [day - 1]);
		assert.deepEqual(keep(f('on', '2025-11-14'), values), [day, day + 3_600_000]);
		assert.deepEqual(keep(f('after', '2025-11-14'), values), [day + 86_400_000]);
	});

	it('rejects bad filters with a reason', () => {
		assert.deepEqual(parseFilter({ column: 'c', op: 'like', value: 'x' }), {
			ok: false,
			error: 'unknown operator "like"',
		});
		assert.equal(parseFilter({ column: 'c', op: '>' }).ok, false);
		assert.match((parseFilter({ column: 'c', op: 'on', value: 'yesterday' }) as { error: string }).error, /not a date/);
		assert.equal(parseFilter({ op: '=' }).ok, false);
		assert.equal(parseFilter(null).ok, false);
		assert.deepEqual(parseFilter({ column: 'c', op: 'missing', value: 'ignored' }), {
			ok: true,
			filter: { column: 'c', op: 'missing' },
		});
	});

	it('keeps rows whose number lies in a brush range', () => {
		const brush = { column: 'c', min: 0.1, max: 0.5 };
		assert.deepEqual(
			[0.05, 0.1, 0.3, 0.5, 0.6, undefined, '0.3'].filter((v) => matchesBrush(v, brush)),
			[0.1, 0.3, 0.5],
		);
	});
});
