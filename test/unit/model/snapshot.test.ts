/**
 * Snapshots and what changed between two: structural comparison says which rows changed, new
 * rows and reordering change the structure, and errors attached since the last one count.
 */
import * as assert from 'node:assert/strict';
import { blankExperiment } from '../../../src/model/blankExperiment';
import type { ProjectState } from '../../../src/model/projectState';
import type { Entry } from '../../../src/model/snapshot';
import { buildSnapshot, mergeErrors } from '../../../src/model/snapshot';
import type { Experiment, FileError } from '../../../src/model/types';

function row(id: string, over: Partial<Experiment> = {}): Experiment {
	return blankExperiment({
		id,
		projectId: 'p',
		kind: 'commit',
		rev: id,
		name: id,
		status: 'success',
		params: { 'params.yaml': { lr: 0.1, layers: [1, 2] } },
		metrics: { 'm.json': { loss: Number.NaN } },
		...over,
	});
}

/** A project state that yields fresh copies of `rows()` on every read, as a re-collect does. */
function state(rows: () => Experiment[]): ProjectState {
	const fake = {
		id: 'p',
		experiments: () => Promise.resolve(rows()),
		project: (experiments: Experiment[]) => ({ id: 'p', root: '/p', subdir: '', experiments }),
	};
	return fake as unknown as ProjectState;
}

const noErrors = (): FileError[] => [];

describe('buildSnapshot: change detection', () => {
	it('reports every row at first, then none when the data is equal', async () => {
		const s = state(() => [row('a'), row('b')]);
		const first = await buildSnapshot([s], new Map(), noErrors);
		assert.deepEqual(first.change, { changed: ['a', 'b'], removed: [], structure: true });
		const second = await buildSnapshot([s], first.byId, noErrors);
		assert.deepEqual(second.change, { changed: [], removed: [], structure: false });
	});

	it('reports a changed nested param, and removed and reordered rows as structure', async () => {
		let lr = 0.1;
		let ids = ['a', 'b', 'c'];
		const s = state(() =>
			ids.map((id) => row(id, id === 'b' ? { params: { 'params.yaml': { lr, layers: [1, 2] } } } : {})),
		);
		const first = await buildSnapshot([s], new Map(), noErrors);
		lr = 0.2;
		const second = await buildSnapshot([s], first.byId, noErrors);
		assert.deepEqual(second.change, { changed: ['b'], removed: [], structure: false });
		ids = ['c', 'b'];
		const third = await buildSnapshot([s], second.byId, noErrors);
		assert.deepEqual(third.change, { changed: [], removed: ['a'], structure: true });
	});

	it('counts errors attached since the last snapshot, and only once', async () => {
		const s = state(() => [row('a')]);
		const first = await buildSnapshot([s], new Map(), noErrors);
		const bad: FileError = { file: 'loss.tsv', message: 'expected 2 columns, found 3: row skipped', line: 3 };
		const found = (id: string) => (id === 'a' ? [bad] : []);
		const second = await buildSnapshot([s], first.byId, found);
		assert.deepEqual(second.change.changed, ['a']);
		assert.deepEqual(second.byId.get('a')?.exp.errors, [bad]);
		const third = await buildSnapshot([s], second.byId, found);
		assert.deepEqual(third.change.changed, []);
	});

	it('compares with the row as last reported, errors merged into it since included', async () => {
		const s = state(() => [row('a')]);
		const first = await buildSnapshot([s], new Map(), noErrors);
		const bad: FileError = { file: 'x.tsv', message: 'binary data (a NUL byte): not a text table', line: 2 };
		const entry = first.byId.get('a') as Entry;
		assert.equal(mergeErrors(entry.exp, [bad]), true);
		assert.equal(mergeErrors(entry.exp, [bad]), false, 'an error already known is not new');
		const second = await buildSnapshot([s], first.byId, () => [bad]);
		assert.deepEqual(second.change.changed, [], 'the attach already reported it');
	});
});
