import * as assert from 'node:assert/strict';
import {
	extractMetrics,
	flattenMetrics,
	flattenParams,
	selectParams,
	unflatten,
} from '../../../src/model/parse/flatten';
import { expected } from './dvcExpected';

describe('flattenParams / flattenMetrics (against DVC flatten and _extract_metrics)', () => {
	expected.flatten.forEach((c, i) => {
		it(`flatten case ${i}`, () => assert.deepEqual(flattenParams(c.input), c.ok));
	});
	expected.metrics.forEach((c, i) => {
		it(`metrics case ${i}`, () => assert.deepEqual(flattenMetrics(c.input), c.ok));
	});

	it('joins with dots and keeps lists whole', () => {
		assert.deepEqual(flattenParams({ train: { lr: 0.1, layers: [1, 2] }, seed: 1 }), {
			'train.lr': 0.1,
			'train.layers': [1, 2],
			seed: 1,
		});
	});

	it('keeps the first value when two keys flatten to the same name', () => {
		assert.deepEqual(flattenParams({ 'a.b': 1, a: { b: 2 } }), { 'a.b': 1 });
	});

	it('drops null and list metrics but keeps bools', () => {
		assert.deepEqual(extractMetrics({ a: null, b: [1], c: false }), { c: false });
	});

	it('unflatten inverts flatten for dot-free keys', () => {
		const obj = { a: { b: 1, c: { d: 'x' } }, e: [1] };
		assert.deepEqual(unflatten(flattenParams(obj)), obj);
	});

	it('selectParams picks dotted key paths like read_param_file', () => {
		const obj = { train: { lr: 0.1, epochs: 3 }, seed: 1 };
		assert.deepEqual(selectParams(obj, ['train.lr', 'seed', 'missing', 'train.lr']), { train: { lr: 0.1 }, seed: 1 });
		assert.deepEqual(selectParams(obj, ['train']), { train: { lr: 0.1, epochs: 3 } });
	});
});
