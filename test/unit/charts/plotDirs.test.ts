import * as assert from 'node:assert/strict';
import type { RunExperiment } from '../../../src/charts/chartModel';
import { resolveRunPlots } from '../../../src/charts/plotDirs';
import type { MetricSeries, PlotDefinition } from '../../../src/model/types';
import { cleanup } from '../git/repoHelpers';
import type { DvcLiveProject } from './dvcliveProject';
import { openDvcLiveProject, snapshotOfAll } from './dvcliveProject';

function series(name: string, file = `dvclive/plots/metrics/${name}.tsv`): MetricSeries {
	const column = name.split('/').pop() ?? name;
	return { id: `${file}#${column}`, name, file, column, x: 'step' };
}

function experiment(plots: PlotDefinition[], extra: MetricSeries[] = []): RunExperiment {
	return {
		id: 'e',
		name: 'main',
		series: [series('train/loss'), series('eval/acc'), ...extra],
		events: [],
		images: [{ name: 'cm.png', file: 'dvclive/plots/images/cm.png' }],
		plots,
	};
}

describe('chart panel plots: directory ids and DVCLive metrics', () => {
	it('does not draw the DVCLive metrics directory again and applies its x to the metric charts', () => {
		const dir = 'dvclive/plots/metrics';
		const e = experiment([{ id: dir, template: 'linear', y: { [dir]: [] }, x: { [dir]: 'epoch' } }]);
		const { experiment: out } = resolveRunPlots(e);
		assert.deepEqual(out.plots, []);
		assert.deepEqual(
			out.series.map((s) => [s.name, s.x]),
			[
				['train/loss', 'epoch'],
				['eval/acc', 'epoch'],
			],
		);
		assert.equal(e.series[0].x, 'step', 'the model experiment is not mutated');
	});

	it('drops the images directory (drawn as image groups) and keeps other plots', () => {
		const roc: PlotDefinition = { id: 'plots/roc.json', template: 'simple', y: { 'plots/roc.json': ['tpr'] } };
		const images: PlotDefinition = {
			id: 'dvclive/plots/images',
			template: 'linear',
			y: { 'dvclive/plots/images': [] },
		};
		const { experiment: out } = resolveRunPlots(experiment([images, roc], [series('tpr', 'plots/roc.json')]));
		assert.deepEqual(
			out.plots.map((p) => p.id),
			['plots/roc.json'],
		);
	});

	it('gives a single-file DVCLive plot title to its metric chart', () => {
		const file = 'dvclive/plots/metrics/train/loss.tsv';
		const { experiment: out, titles } = resolveRunPlots(
			experiment([{ id: file, template: 'linear', y: { [file]: [] }, title: 'Training loss' }]),
		);
		assert.deepEqual(out.plots, []);
		assert.deepEqual([...titles], [['metric:train/loss', 'Training loss']]);
	});

	it('keeps a missing path so its error stays visible', () => {
		const missing: PlotDefinition = { id: 'nowhere', template: 'linear', y: { nowhere: [] } };
		assert.deepEqual(resolveRunPlots(experiment([missing])).experiment.plots, [missing]);
	});
});

describe('chart snapshot of a real DVCLive project (directory plot ids, workspace and git revision)', () => {
	let project: DvcLiveProject | undefined;
	after(() => {
		project?.model.dispose();
		if (project) {
			cleanup(project.dir);
		}
	});

	it('draws each DVCLive metric once, keeps other dvc.yaml plots and reports no missing files', async () => {
		project = await openDvcLiveProject();
		const experiments = project.model.getExperiments();
		assert.deepEqual(experiments.map((e) => e.kind).sort(), ['commit', 'workspace']);
		const { snapshot } = await snapshotOfAll(project.model);
		const dvclive = snapshot.charts.filter((c) => /^metric:(train|eval)\//.test(c.id));
		assert.deepEqual(
			dvclive.map((c) => [c.id, c.series.length]),
			[
				['metric:train/loss', 2],
				['metric:eval/acc', 2],
			],
		);
		assert.deepEqual(
			snapshot.plots.map((p) => [p.id, p.series.length, p.errors]),
			[['plot:plots/roc.csv', 2, []]],
		);
		const lengths = dvclive[0].series.map((s) => s.x.length).sort();
		assert.deepEqual(lengths, [4, 6], 'the baseline reads the committed rows, the workspace the live ones');
	});
});
