import * as assert from 'node:assert/strict';
import { experimentProgress, formatProgressInfo } from '../../../src/experiments/progress';
import { formatProgress } from '../../../src/experiments/format';

describe('progress past the declared total', () => {
	it('keeps a full bar at 100 % and says how many steps against the plan (never 393/300)', () => {
		const p = experimentProgress({ metrics: {}, progress: { step: 392, total: 300 } }, {});
		assert.equal(p?.fraction, 1);
		assert.equal(formatProgressInfo(p), '▰▰▰▰▰ 100% · 393 steps (planned 300)');
	});

	it('counts steps from 0 as DVCLive does: a finished 30-epoch run (last step 29) is 30/30, not 29/30', () => {
		assert.equal(formatProgress({ metrics: {}, progress: { step: 29, total: 30 } }), '▰▰▰▰▰ 100% · 30/30 steps');
		assert.equal(formatProgress({ metrics: {}, progress: { step: 0, total: 30 } }), '▱▱▱▱▱ 3% · 1/30 steps');
		assert.equal(formatProgress({ metrics: {}, progress: { step: 298, total: 300 } }), '▰▰▰▰▰ 99% · 299/300 steps');
		assert.equal(
			formatProgress({ metrics: {}, progress: { step: 300, total: 300 } }),
			'▰▰▰▰▰ 100% · 301 steps (planned 300)',
		);
	});
});
