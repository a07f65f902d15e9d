import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ticks, type Scale, type Tick } from 'chart.js';
import { fixed, numericTick } from '../../../webview/charts/ticks';

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
