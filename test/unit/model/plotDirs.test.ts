import * as assert from 'node:assert/strict';
import { GitObjects } from '../../../src/git/gitObjects';
import { expandPlotDirs, expandPlotDirsAt } from '../../../src/model/collectPlots';
import { RevisionSource, WorkspaceSource } from '../../../src/model/fileSource';
import type { PlotDefinition } from '../../../src/model/types';
import { cleanup, commitAll, initRepo, write } from '../git/repoHelpers';

function pathPlot(id: string, props: Partial<PlotDefinition> = {}): PlotDefinition {
	return { id, template: 'linear', y: { [id]: [] }, ...props };
}

function summary(defs: PlotDefinition[]): [string, string | undefined, string | undefined][] {
	return defs.map((d) => [d.id, d.x?.[d.id], d.title]);
}

describe('directory plot ids (DVC unpack_if_dir + most specific definition)', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('expands a directory into one plot per data file with its props', () => {
		const defs = [pathPlot('dvclive/plots/metrics', { x: { 'dvclive/plots/metrics': 'step' }, title: 'M' })];
		const files = ['dvclive/plots/metrics/train/loss.tsv', 'dvclive/plots/metrics/eval/acc.tsv'];
		const out = expandPlotDirs(defs, (dir) => (dir === 'dvclive/plots/metrics' ? files : undefined));
		assert.deepEqual(summary(out), [
			['dvclive/plots/metrics/eval/acc.tsv', 'step', 'M'],
			['dvclive/plots/metrics/train/loss.tsv', 'step', 'M'],
		]);
		assert.deepEqual(out[0].y, { 'dvclive/plots/metrics/eval/acc.tsv': [] });
	});

	it('leaves a file covered by a more specific plot id to that definition', () => {
		const file = 'dvclive/plots/metrics/train/loss.tsv';
		const defs = [pathPlot('dvclive/plots/metrics', { title: 'dir' }), pathPlot(file, { title: 'Loss' })];
		const out = expandPlotDirs(defs, (dir) =>
			dir === 'dvclive/plots/metrics' ? [file, 'dvclive/plots/metrics/eval/acc.tsv'] : undefined,
		);
		assert.deepEqual(summary(out), [
			['dvclive/plots/metrics/eval/acc.tsv', undefined, 'dir'],
			[file, undefined, 'Loss'],
		]);
	});

	it('keeps files, missing paths and file-mapped definitions as they are', () => {
		const custom: PlotDefinition = { id: 'roc', template: 'simple', y: { 'a.csv': ['tpr'] } };
		const defs = [pathPlot('missing/dir'), custom];
		assert.deepEqual(
			expandPlotDirs(defs, () => undefined),
			defs,
		);
	});

	it('lists the directory in the workspace and at a git revision, skipping images', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, 'dvclive/plots/metrics/train/loss.tsv', 'step\tloss\n0\t1\n');
		write(dir, 'dvclive/plots/metrics/acc.tsv', 'step\tacc\n0\t0.5\n');
		write(dir, 'dvclive/plots/images/cm.png', 'png');
		const sha = commitAll(dir, 'c');
		write(dir, 'dvclive/plots/metrics/new.tsv', 'step\tnew\n0\t1\n');
		const defs = [
			pathPlot('dvclive/plots/metrics', { x: { 'dvclive/plots/metrics': 'step' } }),
			pathPlot('dvclive/plots/images'),
		];
		const ws = await expandPlotDirsAt(new WorkspaceSource(dir), defs);
		assert.deepEqual(
			ws.map((d) => d.id),
			['dvclive/plots/metrics/acc.tsv', 'dvclive/plots/metrics/new.tsv', 'dvclive/plots/metrics/train/loss.tsv'],
		);
		const objects = GitObjects.forRepo(dir);
		try {
			const atRev = await expandPlotDirsAt(new RevisionSource(objects, sha), defs);
			assert.deepEqual(
				atRev.map((d) => [d.id, d.x?.[d.id]]),
				[
					['dvclive/plots/metrics/acc.tsv', 'step'],
					['dvclive/plots/metrics/train/loss.tsv', 'step'],
				],
			);
		} finally {
			objects.dispose();
		}
	});
});
