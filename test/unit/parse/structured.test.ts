import * as assert from 'node:assert/strict';
import {
	parseMetricsFile,
	parseParamsFile,
	parseStructured,
	structuredKindOf,
} from '../../../src/model/parse/structured';
import { expected } from './dvcExpected';

describe('parseStructured (against real DVC loaders)', () => {
	for (const kind of ['yaml', 'json', 'toml', 'py'] as const) {
		expected[kind].forEach((c, i) => {
			it(`${kind} case ${i} ${c.error ? 'fails' : 'matches DVC'}`, () => {
				const r = parseStructured(c.text!, `params.${kind}`);
				if (c.error) {
					assert.equal(r.ok, false, `DVC raised ${c.error}`);
				} else {
					assert.deepEqual(r, { ok: true, value: c.ok });
				}
			});
		});
	}

	it('chooses the loader by extension, case-insensitively, YAML for anything else', () => {
		assert.equal(structuredKindOf('a/B.JSON'), 'json');
		assert.equal(structuredKindOf('x.Toml'), 'toml');
		assert.equal(structuredKindOf('p.py'), 'py');
		assert.equal(structuredKindOf('metrics'), 'yaml');
		assert.equal(structuredKindOf('m.txt'), 'yaml');
		assert.equal(structuredKindOf('dir.json/.json'), 'yaml');
	});

	it('reports the line of a syntax error', () => {
		const y = parseStructured('a: 1\nb: [1,\nc: :\n', 'p.yaml');
		assert.equal(y.ok, false);
		assert.ok(!y.ok && y.line !== undefined && y.line >= 2);
		const j = parseStructured('{\n"a": 1,\n"b": }\n', 'm.json');
		assert.ok(!j.ok && j.line === 3, JSON.stringify(j));
		const t = parseStructured('a = 1\nb = \n', 'p.toml');
		assert.ok(!t.ok && t.line === 2, JSON.stringify(t));
		const p = parseStructured('a = 1\nb = "x\n', 'p.py');
		assert.ok(!p.ok && p.line === 2, JSON.stringify(p));
	});

	it('turns TOML dates into text and large integers into numbers', () => {
		const r = parseStructured('d = 1979-05-27\nn = 12345678901234567890\n', 'p.toml');
		assert.deepEqual(r, { ok: true, value: { d: '1979-05-27', n: Number('12345678901234567890') } });
	});
});

describe('parseParamsFile / parseMetricsFile', () => {
	it('gives no params for a top-level list', () => {
		assert.deepEqual(parseParamsFile('- 1\n- 2\n', 'params.yaml'), { ok: true, value: {} });
	});

	it('gives no metrics for a top-level array and keeps only number/string/bool leaves', () => {
		assert.deepEqual(parseMetricsFile('[1, 2]', 'm.json'), { ok: true, value: {} });
		const r = parseMetricsFile('{"a": 1, "b": null, "c": [1], "d": {"e": true, "f": {}}}', 'm.json');
		assert.deepEqual(r, { ok: true, value: { a: 1, d: { e: true } } });
	});

	it('keys a bare scalar metric by its file name, as exp show does', () => {
		assert.deepEqual(parseMetricsFile('0.93\n', 'acc.txt'), { ok: true, value: { 'acc.txt': 0.93 } });
	});

	it('passes parse errors through', () => {
		assert.equal(parseMetricsFile('{', 'm.json').ok, false);
	});
});
