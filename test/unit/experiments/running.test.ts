import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { runningSummary } from '../../../src/experiments/running';
import { exp } from './helpers';

describe('status bar summary of running runs', () => {
	it('is hidden when nothing runs', () => {
		assert.equal(runningSummary([exp({ id: 'a', name: 'a' })]), undefined);
	});

	it('names up to two runs with their step and counts the rest', () => {
		const runs = [
			exp({ id: 'a', name: 'alpha', status: 'running', progress: { step: 2, total: 10 } }),
			exp({ id: 'b', name: 'beta', status: 'running', progress: { step: 7 } }),
			exp({ id: 'c', name: 'gamma', status: 'running' }),
			exp({ id: 'd', name: 'done' }),
		];
		const summary = runningSummary(runs);
		assert.equal(summary?.text, '$(sync~spin) alpha ▰▰▱▱▱ 30% · 3/10 steps, beta step 7 +1');
		assert.match(summary?.tooltip ?? '', /^3 running\nalpha ▰▰▱▱▱ 30% · 3\/10 steps\nbeta step 7\ngamma\n/);
	});

	it('keeps icon syntax in run names from rendering', () => {
		const summary = runningSummary([exp({ id: 'a', name: '$(bug)x', status: 'running' })]);
		assert.equal(summary?.text, '$(sync~spin) \\$(bug)x');
	});
});
