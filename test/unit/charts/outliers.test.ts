import assert from 'node:assert/strict';
import { outlierBounds, percentile } from '../../../src/charts/outliers';

describe('outliers: 5th-95th percentile bounds', () => {
	it('interpolates linearly between ranks like numpy.percentile', () => {
		// numpy.percentile([1,2,3,4], [5, 95]) == [1.15, 3.85]
		const sorted = [1, 2, 3, 4];
		assert.ok(Math.abs(percentile(sorted, 5) - 1.15) < 1e-12);
		assert.ok(Math.abs(percentile(sorted, 95) - 3.85) < 1e-12);
		assert.ok(Number.isNaN(percentile([], 50)));
	});

	it('pools the finite values of several series and ignores spikes outside the band', () => {
		const a = Float64Array.from({ length: 100 }, (_, i) => i);
		const b = new Float64Array([NaN, Infinity, 1e9, -1e9]);
		const bounds = outlierBounds([
			{ values: a, length: 100 },
			{ values: b, length: 4 },
		]);
		assert.ok(bounds);
		assert.ok(bounds[0] >= 0 && bounds[0] < 10, `${bounds[0]}`);
		assert.ok(bounds[1] > 90 && bounds[1] < 100, `${bounds[1]}`);
	});

	it('is undefined without finite values', () => {
		assert.equal(outlierBounds([{ values: [NaN], length: 1 }]), undefined);
	});
});

describe('outliers: quickselect', () => {
	it('gives exactly the sorted-array percentile on random data with ties', async () => {
		const { selectPercentile } = await import('../../../src/charts/outliers');
		let seed = 7;
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (const n of [1, 2, 3, 10, 101, 5000]) {
			const data = Float64Array.from({ length: n }, () => Math.floor(rand() * 50) / 7);
			const sorted = Float64Array.from(data).sort();
			for (const p of [0, 5, 50, 95, 100]) {
				assert.equal(selectPercentile(Float64Array.from(data), p), percentile(sorted, p), `n=${n} p=${p}`);
			}
		}
	});
});
