import * as assert from 'node:assert/strict';
import type { Experiment } from '../../../src/model/types';
import { selectItems } from '../../../src/experiments/selectItems';

function exp(id: string, status: Experiment['status'], timestamp?: number): Experiment {
	return {
		id,
		projectId: 'p',
		kind: id === 'ws' ? 'workspace' : 'experiment',
		rev: id === 'ws' ? 'workspace' : `${id}0000000000`,
		name: id,
		status,
		...(timestamp === undefined ? {} : { timestamp }),
		params: {},
		metrics: {},
		series: [],
		images: [],
		artifacts: [],
		plots: [],
		events: [],
		tables: [],
		errors: [],
	};
}

describe('select experiments quick pick items', () => {
	it('puts running runs first, then the newest, and pre-ticks the current selection', () => {
		const items = selectItems(
			[exp('old', 'success', 1), exp('failed', 'failed', 9), exp('new', 'success', 5), exp('ws', 'running')],
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
