import * as assert from 'node:assert/strict';
import { chunkDataBody, MAX_NUMBER_OF_PLOTS, pyFloatRepr, pyJsonDumps } from '../../../src/studio/chunk';

const base = { type: 'data', repo_url: 'r', baseline_sha: 'a'.repeat(40), name: 'n', client: 'runlens' };

describe('studio chunking', () => {
	it('prints floats as Python repr does', () => {
		const cases: [number, string][] = [
			[0.1 + 0.2, '0.30000000000000004'],
			[1e22, '1e+22'],
			[5e-324, '5e-324'],
			[1.5e-7, '1.5e-07'],
			[0.0001, '0.0001'],
			[123e14, '1.23e+16'],
			[1e15, '1000000000000000.0'],
			[-0, '-0.0'],
		];
		for (const [value, text] of cases) {
			assert.equal(pyFloatRepr(value), text);
		}
	});

	it('measures rows as json.dumps with spaces and ensure_ascii (output of Python 3.11)', () => {
		const rows = [
			{
				step: 3,
				loss: 0.25,
				acc: 1,
				t: 1e-5,
				big: 1e16,
				x: 123456789,
				neg: -0,
				s: 'nan',
				u: 'héllo☃😀',
				q: 'a"b\\c\n',
			},
		];
		const python =
			'[{"step": 3, "loss": 0.25, "acc": 1.0, "t": 1e-05, "big": 1e+16, "x": 123456789.0, "neg": -0.0, "s": "nan", ' +
			'"u": "h\\u00e9llo\\u2603\\ud83d\\ude00", "q": "a\\"b\\\\c\\n"}]';
		assert.equal(pyJsonDumps(rows), python);
	});

	it('sends metrics first, then base + step + plots without metrics or params', () => {
		const body = {
			...base,
			params: { p: { a: 1 } },
			metrics: { m: { data: { l: 1 } } },
			step: 2,
			plots: { f: { data: [{ step: 2 }] } },
		};
		const { requests, warnings } = chunkDataBody(body);
		assert.deepEqual(requests, [
			{ ...base, params: { p: { a: 1 } }, metrics: { m: { data: { l: 1 } } }, step: 2 },
			{ ...base, step: 2, plots: { f: { data: [{ step: 2 }] } } },
		]);
		assert.deepEqual(warnings, []);
	});

	it('reports plots beyond 200 instead of dropping them silently', () => {
		const plots: Record<string, unknown> = {};
		for (let i = 0; i < MAX_NUMBER_OF_PLOTS + 3; i++) {
			plots[`p${i}`] = { data: [] };
		}
		const result = chunkDataBody({ ...base, step: 1, plots });
		assert.equal(result.sent.length, MAX_NUMBER_OF_PLOTS);
		assert.deepEqual(
			result.skipped.map((s) => s.name),
			['p200', 'p201', 'p202'],
		);
		assert.match(result.warnings[0], /exceeds Studio limit \(200\)/);
	});

	it('skips a plot over 10 MB and stops at 29 MB in total, reporting both', () => {
		const image = (mb: number) => ({ image: 'x'.repeat(mb * 1_000_000) });
		const plots = {
			a: image(9),
			huge: { image: 'x'.repeat(10_000_001) },
			b: image(9),
			c: image(9),
			d: image(3),
			e: image(1),
		};
		const result = chunkDataBody({ ...base, step: 1, plots });
		assert.deepEqual(result.sent, ['a', 'b', 'c']);
		assert.deepEqual(result.skipped, [
			{ name: 'huge', reason: 'size' },
			{ name: 'd', reason: 'total' },
			{ name: 'e', reason: 'total' },
		]);
		assert.equal(result.warnings.length, 2);
	});

	it('counts a plot of exactly 10,000,000 bytes as fitting, as the client does (> not >=)', () => {
		const result = chunkDataBody({ ...base, step: 1, plots: { a: { image: 'x'.repeat(10_000_000) } } });
		assert.deepEqual(result.sent, ['a']);
	});

	it('sends non-data events and plot-less data events as one request', () => {
		assert.equal(chunkDataBody({ ...base, type: 'start' }).requests.length, 1);
		assert.equal(chunkDataBody({ ...base, step: 0 }).requests.length, 1);
	});
});
