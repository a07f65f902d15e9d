import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { topMostChanged } from '../../../src/experiments/treeDiff';
import { TreeBuilder } from '../../../src/experiments/treeModel';
import type { Experiment, Project } from '../../../src/model/types';
import { exp, sampleProject, sha } from './helpers';

function replace(p: Project, id: string, patch: Partial<Experiment>): Project {
	return { ...p, experiments: p.experiments.map((e) => (e.id === id ? { ...e, ...patch } : e)) };
}

describe('top-most changed node', () => {
	const live = `p|exp|${sha(1)}|live`;

	it('is nothing when nothing changed, even with new experiment objects', () => {
		const b = new TreeBuilder();
		const p = sampleProject();
		const prev = b.build([p]);
		assert.deepEqual(topMostChanged(prev, b.build([p])), []);
		assert.deepEqual(topMostChanged(prev, new TreeBuilder().build([sampleProject()])), []);
	});

	it('is the experiment node when only its progress changed', () => {
		const b = new TreeBuilder();
		const p = sampleProject();
		const prev = b.build([p]);
		const next = b.build([replace(p, live, { progress: { step: 8, total: 10 } })]);
		assert.deepEqual(topMostChanged(prev, next), [live]);
	});

	it('is the value group when only a metric value changed', () => {
		const b = new TreeBuilder();
		const p = replace(sampleProject(), live, { metrics: { 'm.json': { loss: 1, acc: 0.1 } } });
		const prev = b.build([p]);
		const next = b.build([replace(p, live, { metrics: { 'm.json': { loss: 0.9, acc: 0.1 } } })]);
		assert.deepEqual(topMostChanged(prev, next), [`${live}/metrics/m.json:loss`]);
	});

	it('is the parent when a child list changed, the root when the top level did', () => {
		const b = new TreeBuilder();
		const p = sampleProject();
		const prev = b.build([p]);
		const added = {
			...p,
			experiments: [...p.experiments, exp({ id: 'p|exp|n', name: 'n', baselineSha: sha(1), timestamp: 1 })],
		};
		assert.deepEqual(topMostChanged(prev, b.build([added])), [`p|${sha(1)}`]);
		const newBaseline = {
			...p,
			experiments: [...p.experiments, exp({ id: 'p|c', name: 'c', kind: 'commit', rev: sha(5) })],
		};
		assert.equal(topMostChanged(prev, b.build([newBaseline])), 'root');
	});

	it('is the baseline when a status change reorders its experiments', () => {
		const b = new TreeBuilder();
		const p = sampleProject();
		const prev = b.build([p]);
		const next = b.build([replace(p, live, { status: 'success' })]);
		assert.deepEqual(topMostChanged(prev, next), [`p|${sha(1)}`]);
	});

	it('is the experiment node when its selection colour changed', () => {
		const b = new TreeBuilder();
		const p = sampleProject();
		const prev = b.build([p]);
		const next = b.build([p], { colourOf: (id) => (id === live ? '#f14c4c' : undefined) });
		assert.deepEqual(topMostChanged(prev, next), [live]);
	});
});
