import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pyRepr, validateBody } from '../../../src/studio/schema';

interface Case {
	body: Record<string, unknown>;
	ok: boolean;
	error?: string;
}

// Produced by running the real dvc_studio_client 0.23.0 schema (see interop tests for the live check).
const cases = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'schemaCases.json'), 'utf8')) as Case[];

describe('studio schema', () => {
	for (const c of cases) {
		it(`${c.ok ? 'accepts' : 'rejects'} ${JSON.stringify(c.body).slice(0, 110)}`, () => {
			const error = validateBody(c.body);
			if (c.ok) {
				assert.equal(error, undefined);
			} else {
				const expected = (c.error ?? '').split('\n').sort().join('\n');
				assert.equal(error, expected);
			}
		});
	}

	it('lower-cases shas before matching, so g and h pass but other letters do not', () => {
		const body = { type: 'done', repo_url: 'r', baseline_sha: 'G'.repeat(40), experiment_rev: 'z'.repeat(40) };
		assert.match(validateBody(body) ?? '', /experiment_rev/);
		assert.equal(validateBody({ ...body, experiment_rev: 'h'.repeat(40) }), undefined);
	});

	it('rejects unknown keys deep inside metrics', () => {
		const body = {
			type: 'data',
			repo_url: 'r',
			baseline_sha: 'a'.repeat(40),
			step: 0,
			metrics: { m: { data: {}, x: 1 } },
		};
		assert.equal(validateBody(body), "extra keys not allowed @ data['metrics']['m']['x']. Got 1");
	});

	it('prints values the way Python repr does', () => {
		assert.equal(pyRepr({ a: [1, 'b', null, true] }), "{'a': [1, 'b', None, True]}");
	});
});
