import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildOverrides, editText, hydraValue, paramTargets, quoteHydra, typedValue } from '../../../src/run/overrides';

describe('-S overrides', () => {
	// Every expected literal below was parsed back by Hydra 1.3 (the interop venv's) to the same value.
	it('writes strings bare only when Hydra reads them back unchanged', () => {
		assert.equal(hydraValue('lr'), 'lr');
		assert.equal(hydraValue('/tmp/x.csv'), '/tmp/x.csv');
		assert.equal(hydraValue('x,y'), "'x,y'");
		assert.equal(hydraValue('x y'), "'x y'");
		assert.equal(hydraValue('3'), "'3'");
		assert.equal(hydraValue('true'), "'true'");
		assert.equal(hydraValue('a=b'), "'a=b'");
		assert.equal(hydraValue(''), "''");
	});

	it('escapes quotes, and backslashes only before a quote or the end', () => {
		assert.equal(quoteHydra("it's"), "'it\\'s'");
		assert.equal(quoteHydra('C:\\dir\\'), "'C:\\dir\\\\'");
		assert.equal(quoteHydra("a\\'b"), "'a\\\\\\'b'");
		assert.equal(quoteHydra('a\\b'), "'a\\b'");
	});

	it('writes numbers, booleans, null, lists and dicts as Hydra literals', () => {
		assert.equal(hydraValue(0.001), '0.001');
		assert.equal(hydraValue(-Infinity), '-inf');
		assert.equal(hydraValue(false), 'false');
		assert.equal(hydraValue(null), 'null');
		assert.equal(hydraValue([1, 'a b', { k: null }]), "[1,'a b',{k:null}]");
		assert.equal(hydraValue({ 'a-b.c/d': 1.5 }), '{a-b.c/d:1.5}');
		assert.throws(() => hydraValue({ 'a b': 1 }), /cannot be written/);
	});

	it('reads typed text by the type of the param: a string stays a string', () => {
		assert.equal(typedValue('adam', '3'), '3');
		assert.equal(typedValue(0.1, '0.01'), 0.01);
		assert.equal(typedValue(1, 'abc'), 'abc');
		assert.deepEqual(typedValue([1, 2], '[1, 2, 3]'), [1, 2, 3]);
		assert.equal(typedValue(true, 'false'), false);
		assert.equal(typedValue(1, '{ unclosed'), '{ unclosed');
	});

	it('builds one -S per changed value, with the file prefix except for params.yaml', () => {
		const args = buildOverrides([
			{ file: 'params.yaml', key: 'train.lr', current: 0.1, text: '0.01' },
			{ file: 'params.yaml', key: 'train.epochs', current: 10, text: '10' },
			{ file: 'conf/model.yaml', key: 'optimizer', current: 'adam', text: 'sgd, momentum' },
			{ file: 'conf/model.toml', key: 'name', current: 'a', text: "it's" },
		]);
		assert.deepEqual(args, [
			'-S',
			'train.lr=0.01',
			'-S',
			"conf/model.yaml:optimizer='sgd, momentum'",
			'-S',
			"conf/model.toml:name='it\\'s'",
		]);
		assert.deepEqual(buildOverrides([{ file: 'params.yaml', key: 'a', current: 'x', text: 'x' }]), []);
		// Started from another experiment: its value is kept, so it differs from the workspace's.
		assert.deepEqual(buildOverrides([{ file: 'params.yaml', key: 'lr', current: 0.2, base: 0.1, text: '0.2' }]), [
			'-S',
			'lr=0.2',
		]);
		assert.deepEqual(buildOverrides([{ file: 'params.yaml', key: 'new', current: 1, base: undefined, text: '1' }]), [
			'-S',
			'new=1',
		]);
	});

	it('pre-fills text that means the current value when typed back', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string(),
					fc.double({ noNaN: true, noDefaultInfinity: true }),
					fc.boolean(),
					fc.constant(null),
					fc.array(fc.integer()),
				),
				(v) => {
					assert.deepEqual(buildOverrides([{ file: 'params.yaml', key: 'k', current: v, text: editText(v) }]), []);
				},
			),
		);
	});

	it('lists every param of an experiment as a target', () => {
		assert.deepEqual(paramTargets({ 'params.yaml': { lr: 0.1, 'm.d': [1] }, 'p.toml': { s: 'x' } }), [
			{ file: 'params.yaml', key: 'lr', value: 0.1 },
			{ file: 'params.yaml', key: 'm.d', value: [1] },
			{ file: 'p.toml', key: 's', value: 'x' },
		]);
	});
});
