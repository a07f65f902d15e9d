import * as assert from 'node:assert/strict';
import type { Experiment } from '../../../src/model/types';
import { selectItems } from '../../../src/experiments/selectItems';
import { exp } from './helpers';

function run(id: string, status: Experiment['status'], timestamp?: number): Experiment {
	const workspace = id === 'ws';
	return exp({
		id,
		name: id,
		status,
		kind: workspace ? 'workspace' : 'experiment',
		rev: workspace ? 'workspace' : `${id}0000000000`,
		...(timestamp === undefined ? {} : { timestamp }),
	});
}

describe('select experiments quick pick items', () => {
	it('puts running runs first, then the newest, and pre-ticks the current selection', () => {
		const items = selectItems(
			[run('old', 'success', 1), run('failed', 'failed', 9), run('new', 'success', 5), run('ws', 'running')],
			(id) => id === 'new',
		);
		assert.deepEqual(
			items.map((i) => [i.label, i.picked]),
			[
				['ws', false],
				['new', true],
				['old', false],
				['failed', false],
			],
		);
		assert.equal(items[1].description, 'success · new0000');
		assert.equal(items[0].description, 'running');
	});
});
