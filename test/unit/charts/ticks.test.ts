import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ticks, type Scale, type Tick } from 'chart.js';
import { fixed, keptLogLabels, numericTick } from '../../../webview/charts/ticks';

/** A y scale as numericTick reads it: English locale, no tick `format`. */
function scale(locale = 'en-US'): Scale {
	return { options: { ticks: {} }, chart: { options: { locale } } } as unknown as Scale;
}

const ticksOf = (values: number[]): Tick[] => values.map((value) => ({ value }));

describe('chart tick labels without Intl (first-draw speed)', () => {
	it('fixed() equals Intl.NumberFormat en-US for any finite number and digit count', () => {
		fc.assert(
			// Zero never reaches fixed(): numericTick returns '0' for it first, as Chart.js does.
			fc.property(
				fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((v) => v !== 0),
				fc.integer({ min: 0, max: 8 }),
				(v, d) => {
					const text = fixed(v, d);
					if (text === undefined) {
						return true; // not a plain decimal: numericTick hands it to Chart.js
					}
					const intl = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
					return text === intl;
				},
			),
			{ numRuns: 3000 },
		);
		assert.equal(fixed(1234567.891, 2), '1,234,567.89');
		assert.equal(fixed(1.005, 2), '1.01');
		assert.equal(fixed(-0.25, 1), '-0.3');
	});

	it('numericTick gives the same label as Chart.js on typical axes', () => {
		const axes = [
			[0, 0.2, 0.4, 0.6, 0.8, 1],
			[0, 2000, 4000, 6000, 8000, 10000],
			[-1.5, -1, -0.5, 0, 0.5, 1],
			[0.001, 0.0015, 0.002, 0.0025],
			[100000, 150000, 200000],
		];
		for (const values of axes) {
			const ticks = ticksOf(values);
			values.forEach((v, i) => {
				const ours = numericTick.call(scale(), v, i, ticks);
				const theirs = Ticks.formatters.numeric.call(scale(), v, i, ticks);
				assert.equal(ours, theirs, `tick ${v} of [${values.join(', ')}]`);
			});
		}
	});
});

/** Chart.js's log ticks: 1..9 of every decade from `lo` to `hi` (10^lo .. 10^hi). */
function logValues(lo: number, hi: number): number[] {
	const out: number[] = [];
	for (let e = lo; e < hi; e++) {
		for (let m = 1; m < 10; m++) {
			out.push(Number((m * 10 ** e).toPrecision(12)));
		}
	}
	return [...out, 10 ** hi];
}

describe('log-y labels thinned by pixel distance', () => {
	it('keeps labels at least the gap apart at any axis length, powers of ten first', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -6, max: 3 }),
				fc.integer({ min: 1, max: 8 }),
				fc.integer({ min: 40, max: 900 }),
				(lo, decades, length) => {
					const values = logValues(lo, lo + decades);
					const pixel = (v: number) => ((Math.log10(v) - lo) / decades) * length;
					const kept = [...keptLogLabels(values, pixel, 16)].map((i) => pixel(values[i])).sort((a, b) => a - b);
					const apart = kept.every((px, i) => i === 0 || px - kept[i - 1] >= 16);
					// a power of ten is dropped only for another power of ten closer than the gap
					const perDecade = length / decades;
					const powers = values.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
					const powersKept = kept.filter((px) => powers.some((v) => Math.abs(pixel(v) - px) < 1e-6)).length;
					return apart && (perDecade < 16 || powersKept === powers.length);
				},
			),
			{ numRuns: 500 },
		);
	});

	it('labels every tick of a tall decade; in a short one the rounder values take the room', () => {
		const values = logValues(0, 1);
		const label = (length: number) =>
			[...keptLogLabels(values, (v) => Math.log10(v) * length, 16)].map((i) => values[i]).sort((a, b) => a - b);
		assert.deepEqual(label(1000), values);
		assert.deepEqual(label(120), [1, 2, 3, 5, 7, 10]);
	});
});
