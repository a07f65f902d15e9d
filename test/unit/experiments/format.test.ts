import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { formatNumber, formatValue, fullValue, humanSize, valuesEqual } from '../../../src/experiments/format';
import { parseNameFilter } from '../../../src/experiments/filter';
import { exp } from './helpers';

describe('value formatting', () => {
	it('keeps small integers and rounds others to 5 significant digits', () => {
		assert.equal(formatNumber(42), '42');
		assert.equal(formatNumber(-100000), '-100000');
		assert.equal(formatNumber(0.123456789), '0.12346');
		assert.equal(formatNumber(123.456789), '123.46');
		assert.equal(formatNumber(0.5), '0.5');
		assert.equal(formatNumber(2.0000001), '2');
		assert.equal(formatNumber(1.23456e-7), '1.235e-7');
		assert.equal(formatNumber(12345678), '1.235e7');
		assert.equal(formatNumber(NaN), 'NaN');
		assert.equal(formatNumber(-Infinity), '-Inf');
	});

	it('formats other values compactly and keeps the full value apart', () => {
		assert.equal(formatValue('a\n  b'), 'a b');
		assert.equal(formatValue('x'.repeat(60)).length, 40);
		assert.equal(formatValue([1, 2]), '[1,2]');
		assert.equal(formatValue(null), 'null');
		assert.equal(formatValue(true), 'true');
		assert.equal(fullValue(0.123456789), '0.123456789');
		assert.equal(fullValue({ a: [1] }), '{"a":[1]}');
		assert.equal(fullValue(Infinity), 'Infinity');
	});

	it('compares values structurally, NaN equal to NaN', () => {
		assert.ok(valuesEqual(NaN, NaN));
		assert.ok(valuesEqual([1, { a: 2 }], [1, { a: 2 }]));
		assert.ok(!valuesEqual(1, '1'));
		assert.ok(!valuesEqual(null, 0));
	});

	it('prints sizes for humans', () => {
		assert.equal(humanSize(512), '512 B');
		assert.equal(humanSize(1536), '1.5 KB');
		assert.equal(humanSize(5 * 1024 * 1024 * 1024), '5 GB');
		assert.equal(humanSize(undefined), '');
	});
});

describe('name filter', () => {
	const e = exp({ id: 'x', name: 'Bold-Lamb', rev: 'abcdef1234567890abcdef1234567890abcdef12' });

	it('matches substrings case-insensitively, on the name and the short sha', () => {
		const f = parseNameFilter('lamb');
		assert.ok(f.kind === 'text' && f.test(e));
		const bySha = parseNameFilter('abcdef1');
		assert.ok(bySha.kind === 'text' && bySha.test(e));
		const miss = parseNameFilter('cow');
		assert.ok(miss.kind === 'text' && !miss.test(e));
	});

	it('supports /regex/flags and reports invalid ones', () => {
		const f = parseNameFilter('/^bold/i');
		assert.ok(f.kind === 'text' && f.test(e) && f.test(e));
		const strict = parseNameFilter('/^bold/');
		assert.ok(strict.kind === 'text' && !strict.test(e));
		const bad = parseNameFilter('/[/');
		assert.equal(bad.kind, 'invalid');
		assert.equal(parseNameFilter('  ').kind, 'none');
	});
});
