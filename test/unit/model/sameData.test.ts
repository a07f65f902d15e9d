/**
 * Change detection between snapshots (sameData): equal exactly when the data would show the same,
 * including error lists, nested params and NaN, and across event-loop turns for big rows.
 */
import * as assert from 'node:assert/strict';
import { sameData } from '../../../src/model/sameData';
import type { Experiment } from '../../../src/model/types';
import { TimeSlicer } from '../../../src/util/slice';

function experiment(over: Partial<Experiment> = {}): Experiment {
	return {
		id: 'p|workspace',
		projectId: 'p',
		kind: 'workspace',
		rev: 'workspace',
		name: 'workspace',
		status: 'success',
		params: { 'params.yaml': { 'train.lr': 0.1, 'train.layers': [64, { units: 32, act: 'relu' }] } },
		metrics: { 'dvclive/metrics.json': { loss: 0.5, acc: Number.NaN } },
		deps: {},
		series: [{ id: 'loss.tsv#loss', name: 'loss', file: 'loss.tsv', column: 'loss', x: 'step' }],
		images: [],
		artifacts: [],
		plots: [],
		events: [],
		tables: [],
		errors: [{ file: 'loss.tsv', message: 'expected 2 columns, found 3: row skipped', line: 4 }],
		...over,
	};
}

const same = (a: unknown, b: unknown) => sameData(a, b);

describe('sameData: change detection between snapshots', () => {
	it('says unchanged for equal data built separately, NaN included', async () => {
		assert.equal(await same(experiment(), experiment()), true);
		assert.equal(await same(Number.NaN, Number.NaN), true);
		assert.equal(await same({ a: [Number.NaN] }, { a: [Number.NaN] }), true);
	});

	it('says changed for a changed, added or removed error', async () => {
		const base = experiment();
		const moved = experiment({ errors: [{ ...base.errors[0], line: 5 }] });
		const added = experiment({ errors: [...base.errors, { file: 'x.tsv', message: 'binary data' }] });
		const none = experiment({ errors: [] });
		for (const other of [moved, added, none]) {
			assert.equal(await same(base, other), false);
		}
	});

	it('says changed for a value deep inside nested params', async () => {
		const other = experiment({
			params: { 'params.yaml': { 'train.lr': 0.1, 'train.layers': [64, { units: 32, act: 'gelu' }] } },
		});
		assert.equal(await same(experiment(), other), false);
	});

	it('tells NaN from null, a number from its text, and an array from an object', async () => {
		assert.equal(await same({ v: Number.NaN }, { v: null }), false);
		assert.equal(await same({ v: 1 }, { v: '1' }), false);
		assert.equal(await same({ v: [1] }, { v: { 0: 1 } }), false);
		assert.equal(await same({ v: [1, 2] }, { v: [1, 2, 3] }), false);
		assert.equal(await same(null, {}), false);
	});

	it('counts key order, and treats an undefined key as absent (as JSON did)', async () => {
		assert.equal(await same({ a: 1, b: 2 }, { b: 2, a: 1 }), false);
		assert.equal(await same({ a: 1, total: undefined }, { a: 1 }), true);
		assert.equal(await same({ a: 1 }, { a: 1, b: undefined }), true);
		assert.equal(await same({ a: undefined }, { a: null }), false);
	});

	it('compares a row of 20 k values over several turns with the same answers', async () => {
		const big = (last: number) =>
			Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i === 19_999 ? last : [i, i / 3]]));
		const a = experiment({ metrics: { 'm.json': big(1) } });
		let turns = 0;
		const counting = setInterval(() => turns++, 0);
		try {
			// A slice of 0 ms yields at every check: the walk must resume where it stopped.
			assert.equal(await sameData(a, experiment({ metrics: { 'm.json': big(1) } }), new TimeSlicer(0)), true);
			assert.equal(await sameData(a, experiment({ metrics: { 'm.json': big(2) } }), new TimeSlicer(0)), false);
		} finally {
			clearInterval(counting);
		}
		assert.ok(turns > 0, 'other work ran while comparing');
	});

	it('takes shared sub-objects as equal without walking them', async () => {
		const shared = { 'm.json': { loss: 1 } };
		assert.equal(await same(experiment({ metrics: shared }), experiment({ metrics: shared })), true);
	});
});
