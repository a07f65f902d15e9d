import * as assert from 'node:assert/strict';
import { chartSvg, experimentsChart } from '../../bench/svg';
import { formatReport } from '../../bench/report';
import { percentile, percentiles, repeat, stat } from '../../bench/stats';

const st = (median: number, min = median, max = median) => ({ median, min, max, runs: 3 });

describe('bench tools', () => {
	it('summarises runs as median, min and max, and latencies as nearest-rank percentiles', async () => {
		assert.deepEqual(stat([5, 1, 3]), { median: 3, min: 1, max: 5, runs: 3 });
		assert.equal(stat([4, 1, 3, 2]).median, 2.5);
		const values = Array.from({ length: 20 }, (_, i) => 20 - i);
		assert.equal(percentile(values, 50), 10);
		assert.equal(percentile(values, 95), 19);
		assert.deepEqual(percentiles([7]), { p50: 7, p95: 7, min: 7, max: 7, samples: 1 });
		let i = 0;
		const r = await repeat(3, () => ({ a: ++i, b: 10 * i }), 1);
		assert.deepEqual(r, { a: { median: 3, min: 2, max: 4, runs: 3 }, b: { median: 30, min: 20, max: 40, runs: 3 } });
	});

	it('draws one path per measured series and escapes text', () => {
		const chart = experimentsChart({
			date: '2026-01-01T00:00:00Z',
			machine: { cpus: 2, loadAverageAtStart: [1.5] },
			experiments: [
				{ experiments: 20, runlensMs: st(100, 90, 120), dvcColdMs: st(3000) },
				{ experiments: 200, runlensMs: st(600) },
			],
		});
		assert.deepEqual(
			chart.series.map((s) => s.points.length),
			[2, 1, 0],
		);
		const svg = chartSvg({ ...chart, title: 'a <b> & c' });
		assert.equal(svg.match(/<path /g)?.length, 2);
		assert.ok(svg.includes('a &lt;b&gt; &amp; c'));
		assert.ok(!svg.includes('NaN'));
	});

	it('prints a Markdown table with ratios and failed sections', () => {
		const table = formatReport({
			experiments: [{ experiments: 200, runlensMs: st(500), dvcColdMs: st(15000), dvcWarmMs: st(2000) }],
			studio: { error: 'stand-in did not start' },
		});
		const lines = table.split('\n');
		assert.equal(lines.length, 2 + 3 + 1);
		assert.ok(lines[3].includes('1/30.0'), lines[3]);
		assert.ok(lines[4].includes('1/4.00'), lines[4]);
		assert.ok(lines[5].includes('FAILED') && lines[5].includes('stand-in did not start'));
	});
});
