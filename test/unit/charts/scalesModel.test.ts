import assert from 'node:assert/strict';
import { loadSnapshot } from '../../../src/charts/snapshot';
import { createExperimentsModel } from '../../../src/model/model';
import type { ExperimentsModelImpl } from '../../../src/model/model';
import { createPublicApi } from '../../../src/publicApi';
import { cleanup, commitAll, initRepo, write } from '../git/repoHelpers';

/** Step scales and labels through the real model on a real DVCLive folder (workspace and commit). */
describe('metric scales through the real model and public API', function () {
	let dir: string;
	let model: ExperimentsModelImpl;
	const rows = ['step\tepisode\tenv_step\tenv\treward', '0\t0\t100\tcartpole\t1', '0\t0\t90\tpong\t-1'];
	rows.push('1\t1\t250\tcartpole\t2', '1\t0\t180\tpong\t-2');

	before(async () => {
		dir = initRepo();
		write(dir, '.dvc/config', '');
		write(dir, 'dvc.yaml', 'metrics:\n- dvclive/metrics.json\nplots:\n- dvclive/plots/metrics:\n    x: step\n');
		write(dir, 'dvclive/metrics.json', JSON.stringify({ step: 1 }));
		write(dir, 'dvclive/plots/metrics/reward.tsv', rows.join('\n') + '\n');
		commitAll(dir, 'baseline');
		model = createExperimentsModel({
			folders: [dir],
			allowGit: true,
			commitsPerBranch: 5,
			showAllBranches: true,
			debounceMs: 5,
		});
		await model.ready;
	});

	after(() => {
		model?.dispose();
		if (dir) {
			cleanup(dir);
		}
	});

	it('exposes episode, env_step and the env labels beside x and y in readSeries, for the workspace and a commit', async () => {
		const api = createPublicApi(model);
		const ids = model.getExperiments().map((e) => e.id);
		assert.equal(ids.length, 2);
		for (const id of ids) {
			const data = await api.readSeries(id, 'reward');
			assert.ok(data, id);
			assert.deepEqual([...data.x], [0, 0, 1, 1]);
			assert.deepEqual([...data.y], [1, -1, 2, -2]);
			assert.deepEqual([...data.columns.episode], [0, 0, 1, 0]);
			assert.deepEqual([...data.columns.env_step], [100, 90, 250, 180]);
			assert.deepEqual(data.labels.env, ['cartpole', 'pong', 'cartpole', 'pong']);
		}
	});

	it('offers the step columns as x axes and splits the chart by label for every revision', async () => {
		const ids = model.getExperiments().map((e) => e.id);
		const { snapshot } = await loadSnapshot({
			model,
			selected: ids,
			colourOf: () => '#3794ff',
			options: { xAxis: 'step', smoothing: 0 },
			axes: {},
			groups: { reward: { xUnit: 'env_step' } },
			ignoreOutliers: false,
			budget: 100,
		});
		// the fixture's series have no `timestamp` column: no relative or wall time to offer
		assert.deepEqual(snapshot.xAxes, ['step', 'env_step', 'episode']);
		const chart = snapshot.charts.find((c) => c.id === 'metric:reward');
		assert.equal(chart?.xLabel, 'env_step');
		assert.deepEqual(
			chart?.series.map((s) => [s.label.split(' · ')[1], s.x]),
			[
				['env=cartpole', [100, 250]],
				['env=pong', [90, 180]],
				['env=cartpole', [100, 250]],
				['env=pong', [90, 180]],
			],
		);
	});
});
