/**
 * Flattened results sent from the parse worker in parts: merged back, they are the same record,
 * keys in the same order (integer-like ones included), values exact (NaN, -0), `__proto__` a key.
 */
import * as assert from 'node:assert/strict';
import { mergeFlat, PART_UNITS, splitFlat, splitResult } from '../../../src/model/parse/resultParts';
import type { FlatValues } from '../../../src/model/types';
import { ok } from '../../../src/model/types';

function merged(values: FlatValues, units?: number): FlatValues {
	const out: FlatValues = {};
	for (const part of splitFlat(values, units)) {
		mergeFlat(out, part);
	}
	return out;
}

describe('resultParts: big flattened results in parts', () => {
	it('merges parts back into the same record, key order and values exact', () => {
		const values: FlatValues = { b: 1, '10': 'ten', a: Number.NaN, '2': -0, 'x.y': [1, [2, 3]], z: { k: null } };
		const back = merged(values, 1);
		assert.deepStrictEqual(back, values);
		assert.deepEqual(Object.keys(back), Object.keys(values));
		assert.ok(Object.is(back['2'], -0));
	});

	it('keeps `__proto__` a key, never a prototype', () => {
		const values: FlatValues = {};
		Object.defineProperty(values, '__proto__', { value: 5, enumerable: true, writable: true, configurable: true });
		values.after = 1;
		const back = merged(values, 1);
		assert.deepEqual(Object.keys(back), ['__proto__', 'after']);
		assert.equal(Object.getPrototypeOf(back), Object.prototype);
	});

	it('cuts by clone cost: many small values per part, few long lists', () => {
		const scalars = Object.fromEntries(Array.from({ length: 3 * PART_UNITS }, (_, i) => [`k${i}`, i]));
		assert.equal(splitFlat(scalars).length, 3);
		const lists = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, Array(100).fill(i)]));
		assert.ok(splitFlat(lists).length >= 9);
		assert.equal(splitFlat({}).length, 1);
	});

	it('splits only big flattened results; the rest go whole', () => {
		const many = Object.fromEntries(Array.from({ length: 2 * PART_UNITS }, (_, i) => [`k${i}`, i]));
		const flat = splitResult({ kind: 'metrics', text: '', file: 'm.json' }, ok(many));
		assert.deepEqual(flat.result, ok({}));
		const back: FlatValues = {};
		flat.rest.forEach((part) => mergeFlat(back, part));
		assert.deepStrictEqual(back, many);
		const small = ok({ loss: 1 });
		assert.deepEqual(splitResult({ kind: 'flatParams', text: '', file: 'p.yaml' }, small), { result: small, rest: [] });
		const nested = ok(many);
		assert.equal(splitResult({ kind: 'params', text: '', file: 'p.yaml' }, nested).result, nested);
	});
});
