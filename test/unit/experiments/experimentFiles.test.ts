import * as assert from 'node:assert/strict';
import { experimentFileChoices, experimentValueChoices } from '../../../src/experiments/experimentFiles';
import { exp } from './helpers';

describe('palette choices after picking an experiment', () => {
	const run = exp({
		id: 'e',
		name: 'e',
		params: { 'params.yaml': { lr: 0.1, 'model.name': 'cnn' }, 'dvclive/params.yaml': { lr: 0.1 } },
		metrics: { 'dvclive/metrics.json': { 'train.loss': 0.25 } },
		series: [
			{ id: 'a#loss', name: 'train/loss', file: 'dvclive/plots/metrics/train/loss.tsv', column: 'loss', x: 'step' },
			{ id: 'a#x', name: 'x', file: 'dvclive/plots/metrics/train/loss.tsv', column: 'x', x: 'step' },
		],
		artifacts: [
			{ name: 'model', path: 'model.pt', source: 'dvc.yaml', missing: false },
			{ name: 'gone', path: 'gone.pt', source: 'dvc.yaml', missing: true },
		],
		tables: [{ file: 'dvclive/examples/val.csv', errors: [] }],
	});

	it('files: every file once, with what it is to the experiment; missing artifacts are not offered', () => {
		assert.deepEqual(experimentFileChoices(run), [
			{ file: 'dvclive/examples/val.csv', role: 'table' },
			{ file: 'dvclive/metrics.json', role: 'metrics' },
			{ file: 'dvclive/params.yaml', role: 'params' },
			{ file: 'dvclive/plots/metrics/train/loss.tsv', role: 'plots' },
			{ file: 'model.pt', role: 'artifact' },
			{ file: 'params.yaml', role: 'params' },
		]);
	});

	it('values: params then metrics, grouped by file, the key under it and the exact value', () => {
		assert.deepEqual(
			experimentValueChoices(run).map((c) => [c.group, c.file, c.key, c.value]),
			[
				['params', 'dvclive/params.yaml', 'lr', '0.1'],
				['params', 'params.yaml', 'lr', '0.1'],
				['params', 'params.yaml', 'model.name', 'cnn'],
				['metrics', 'dvclive/metrics.json', 'train.loss', '0.25'],
			],
		);
	});

	it('an experiment with nothing has no choices (the resolver then does not offer it)', () => {
		assert.deepEqual(experimentFileChoices(exp({ id: 'x', name: 'x' })), []);
		assert.deepEqual(experimentValueChoices(exp({ id: 'x', name: 'x' })), []);
	});
});
