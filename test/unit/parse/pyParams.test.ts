import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePythonParams } from '../../../src/model/parse/pyParams';
import { expected, fixtureDir } from './dvcExpected';

describe('parsePythonParams', () => {
	it('matches DVC parse_py on the sample params file (sets compared sorted)', () => {
		const r = parsePythonParams(readFileSync(path.join(fixtureDir, 'params_sample.py'), 'utf8'));
		assert.ok(r.ok);
		const value = { ...r.value, tags: [...(r.value.tags as string[])].sort() };
		assert.deepEqual(value, expected.py[0].ok);
	});

	it('rejects what ast.parse rejects, with a line', () => {
		for (const c of expected.py.slice(1)) {
			const r = parsePythonParams(c.text!);
			assert.equal(r.ok, false, c.text);
			assert.ok(!r.ok && typeof r.line === 'number');
		}
	});

	it('skips non-literals, multiple targets, unpacking and f-strings but keeps the rest', () => {
		const r = parsePythonParams('a = b = 1\nx, y = 1, 2\nf = f"x"\nc = 1 + 2j\nd = ...\ne = [1, foo]\nok = 1\n');
		assert.deepEqual(r, { ok: true, value: { ok: 1 } });
	});

	it('reads self attributes of __init__ only and nested classes', () => {
		const src =
			'class C:\n    a = 1\n    def __init__(self):\n        self.b = 2\n        c = 3\n    def f(self):\n        self.d = 4\n';
		assert.deepEqual(parsePythonParams(src), { ok: true, value: { C: { a: 1, b: 2 } } });
	});

	it('handles CRLF, tabs, escapes and implicit concatenation', () => {
		const r = parsePythonParams("s = ('a'\r\n\t'\\n' b'' if 0 else 1)\r\nt = 'x' 'y'\r\nu = '\\x41\\N{DASH}'\r\n");
		assert.deepEqual(r, { ok: true, value: { t: 'xy' } });
	});

	it('rejects broken continuations and dangling operators like ast.parse', () => {
		assert.equal(parsePythonParams("joined = 'a' \\\nempty = ()\n").ok, false);
		assert.equal(parsePythonParams('x = 1 +\n').ok, false);
		assert.equal(parsePythonParams('match = 1\nmatch x:\n    case 1: pass\n').ok, true);
	});

	it('never executes code', () => {
		const r = parsePythonParams('import os\nos.system("touch /tmp/runlens-should-not-exist")\nx = 1\n');
		assert.deepEqual(r, { ok: true, value: { x: 1 } });
	});
});
