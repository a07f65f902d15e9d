import * as assert from 'node:assert/strict';
import { experimentProgress, formatProgressInfo } from '../../../src/experiments/progress';
import { formatProgress } from '../../../src/experiments/format';

describe('progress past the declared total', () => {
	it('keeps a full bar at 100 % and says how many steps against the plan (never 393/300)', () => {
		const p = experimentProgress({ metrics: {}, progress: { step: 393, total: 300 } }, {});
		assert.equal(p?.fraction, 1);
		assert.equal(formatProgressInfo(p), '▰▰▰▰▰ 100% · 393 steps (planned 300)');
	});

	it('at the total exactly, and just below it, stays a step count of the total', () => {
		assert.equal(formatProgress({ metrics: {}, progress: { step: 300, total: 300 } }), '▰▰▰▰▰ 100% · step 300/300');
		assert.equal(formatProgress({ metrics: {}, progress: { step: 299, total: 300 } }), '▰▰▰▰▰ 99% · step 299/300');
	});
});
