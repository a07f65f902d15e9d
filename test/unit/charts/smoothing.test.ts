import assert from 'node:assert/strict';
import { clampWeight, EmaState, smoothSeries, smoothWithState } from '../../../src/charts/smoothing';

/** Independent reference: the closed form of the debiased EMA over the finite values seen so far. */
function reference(y: number[], w: number): number[] {
	const out: number[] = [];
	const seen: number[] = [];
	for (const v of y) {
		if (!Number.isFinite(v)) {
			out.push(v);
			continue;
		}
		seen.push(v);
		const n = seen.length;
		const num = seen.reduce((acc, x, j) => acc + (1 - w) * w ** (n - 1 - j) * x, 0);
		out.push(w === 1 ? num : num / (1 - w ** n));
	}
	return out;
}

function close(actual: ArrayLike<number>, expected: number[]): void {
	assert.equal(actual.length, expected.length);
	expected.forEach((e, i) => {
		if (!Number.isFinite(e)) {
			assert.ok(Object.is(actual[i], e), `index ${i}: ${actual[i]} should be ${e}`);
		} else {
			assert.ok(Math.abs(actual[i] - e) <= 1e-12 * Math.max(1, Math.abs(e)), `index ${i}: ${actual[i]} vs ${e}`);
		}
	});
}

describe('smoothing: TensorBoard debiased EMA', () => {
	it('matches the closed form for several weights', () => {
		const y = [0.9, 0.7, 0.8, 0.4, 0.45, 0.3, 0.35, 0.2, 0.25, 0.1];
		for (const w of [0, 0.3, 0.6, 0.9, 0.999]) {
			close(smoothSeries(y, y.length, w), reference(y, w));
		}
	});

	it('first point equals the first value (debiasing), and weight 0 is the raw series', () => {
		const y = [5, 1, 7];
		assert.equal(smoothSeries(y, 3, 0.95)[0], 5);
		assert.deepEqual([...smoothSeries(y, 3, 0)], y);
	});

	it('passes NaN and infinities through without advancing the average', () => {
		const y = [1, NaN, 3, Infinity, -Infinity, 2];
		const out = smoothSeries(y, y.length, 0.6);
		close(out, reference(y, 0.6));
		assert.equal(out[3], Infinity);
		assert.equal(out[4], -Infinity);
	});

	it('returns a constant series unchanged (TensorBoard #786)', () => {
		const y = [0.1, 0.1, 0.1, 0.1];
		assert.deepEqual([...smoothSeries(y, 4, 0.9)], y);
	});

	it('treats a series with NaN as non-constant, like TensorBoard (NaN != NaN)', () => {
		const y = [NaN, NaN];
		assert.ok(smoothSeries(y, 2, 0.5).every((v) => Number.isNaN(v)));
	});

	it('clamps the weight to [0, 1] and treats a non-finite weight as 0', () => {
		assert.equal(clampWeight(2), 1);
		assert.equal(clampWeight(-1), 0);
		assert.equal(clampWeight(NaN), 0);
		// Weight 1: no debiasing, the average stays at its start (TensorBoard's behaviour).
		assert.deepEqual([...smoothSeries([1, 2], 2, 1)], [0, 0]);
	});

	it('only smooths the first `length` rows of a table with spare capacity', () => {
		const column = new Float64Array([1, 2, 3, 99, 99]);
		assert.equal(smoothSeries(column, 3, 0.5).length, 3);
	});

	it('continues the average for live appends exactly as a full recomputation', () => {
		const y = [3, 1, 4, 1, 5, 9, 2, 6];
		const { state } = smoothWithState(y.slice(0, 5), 5, 0.7);
		const continued = y.slice(5).map((v) => state.next(v));
		close(continued, reference(y, 0.7).slice(5));
		const fresh = new EmaState(0.5);
		assert.ok(Number.isNaN(fresh.next(NaN)));
		assert.equal(fresh.next(4), 4, 'a NaN before the first value does not count towards debiasing');
	});

	it("is bit-identical to TensorBoard's per-point Math.pow debiasing on long series", () => {
		const n = 60_000;
		const y = Array.from({ length: n }, (_, i) => Math.sin(i / 97) + (i % 13) / 10);
		for (const w of [0.6, 0.999]) {
			let last = 0;
			const expected = y.map((v, i) => {
				last = last * w + (1 - w) * v;
				return last / (1 - Math.pow(w, i + 1));
			});
			const got = smoothSeries(y, n, w);
			assert.ok(
				expected.every((e, i) => e === got[i]),
				`weight ${w}`,
			);
		}
	});
});
