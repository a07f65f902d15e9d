import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimate, gather } from '../../../src/charts/decimate';

function steps(n: number): Float64Array {
	return Float64Array.from({ length: n }, (_, i) => i);
}

describe('decimate: min/max/last buckets', () => {
	it('returns every finite point when there are few', () => {
		const y = [1, NaN, 3, Infinity, 5];
		const r = decimate(steps(5), y, 5, { buckets: 10 });
		assert.deepEqual([...r.indices], [0, 2, 4]);
		assert.equal(r.sampled, false);
		assert.equal(r.inRange, 3);
	});

	it('keeps extremes, the first and the last point, in order, within ~3 points per bucket', () => {
		const n = 100_000;
		const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 300));
		y[31_337] = 1e6;
		y[77_001] = -1e6;
		const r = decimate(steps(n), y, n, { buckets: 400 });
		const idx = [...r.indices];
		assert.ok(r.sampled);
		assert.ok(idx.length <= 3 * 400 + 1, `${idx.length}`);
		assert.ok(idx.includes(31_337) && idx.includes(77_001));
		assert.equal(idx[0], 0);
		assert.equal(idx.at(-1), n - 1);
		assert.ok(
			idx.every((v, i) => i === 0 || v > idx[i - 1]),
			'ascending',
		);
	});

	it('ignores spare capacity beyond `length`', () => {
		const x = new Float64Array([0, 1, 2, 3, 4, 5]);
		const y = new Float64Array([1, 2, 3, 1000, 1000, 1000]);
		assert.deepEqual([...decimate(x, y, 3, { buckets: 1 }).indices], [0, 1, 2]);
	});

	it('re-buckets a zoomed range and keeps one neighbour outside each end', () => {
		const n = 10_000;
		const y = Float64Array.from({ length: n }, (_, i) => i % 7);
		const r = decimate(steps(n), y, n, { x0: 1000, x1: 2000, buckets: 50 });
		const xs = gather(steps(n), r.indices);
		assert.equal(r.inRange, 1001);
		assert.equal(xs[0], 999);
		assert.equal(xs.at(-1), 2001);
		assert.ok(xs.slice(1, -1).every((x) => x >= 1000 && x <= 2000));
	});

	it('property: global min, max, first and last finite rows always survive', () => {
		fc.assert(
			fc.property(
				fc.array(fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 5 })), {
					minLength: 1,
					maxLength: 3000,
				}),
				fc.integer({ min: 1, max: 200 }),
				(values, buckets) => {
					const y = Float64Array.from(values);
					const x = steps(y.length);
					const idx = [...decimate(x, y, y.length, { buckets }).indices];
					const finite = [...y.keys()].filter((i) => Number.isFinite(y[i]));
					if (finite.length === 0) {
						return idx.length === 0;
					}
					const ys = idx.map((i) => y[i]);
					const min = Math.min(...finite.map((i) => y[i]));
					const max = Math.max(...finite.map((i) => y[i]));
					return (
						ys.includes(min) &&
						ys.includes(max) &&
						idx[0] === finite[0] &&
						idx.at(-1) === finite.at(-1) &&
						idx.every((v, i) => i === 0 || v > idx[i - 1])
					);
				},
			),
		);
	});
});
