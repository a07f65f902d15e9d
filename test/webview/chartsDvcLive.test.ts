import assert from 'node:assert/strict';
import { cleanup } from '../unit/git/repoHelpers';
import type { DvcLiveProject } from '../unit/charts/dvcliveProject';
import { openDvcLiveProject, snapshotOfAll } from '../unit/charts/dvcliveProject';
import { send, waitForPosted, WebviewHarness } from './harness';

describe('chart webview with a real DVCLive project (dvc.yaml `dvclive/plots/metrics` directory plot)', function () {
	let harness: WebviewHarness;
	let project: DvcLiveProject | undefined;

	before(async () => {
		harness = await WebviewHarness.launch();
		project = await openDvcLiveProject();
	});

	after(async () => {
		await harness?.close();
		project?.model.dispose();
		if (project) {
			cleanup(project.dir);
		}
	});

	it('draws every DVCLive metric once, with no "file not found" plot for the directory', async () => {
		assert.ok(project);
		const { snapshot } = await snapshotOfAll(project.model);
		const p = await harness.open({ theme: 'light' });
		await send(p, { type: 'charts/snapshot', snapshot });
		await waitForPosted(p, 'charts/rendered');
		const titles = await p.locator('.chart-card .chart-title').allInnerTexts();
		assert.equal(new Set(titles).size, titles.length, `no chart is drawn twice: ${titles.join(', ')}`);
		assert.ok(titles.includes('train/loss') && titles.includes('eval/acc'));
		assert.ok(!titles.some((t) => t.startsWith('dvclive/plots/')), 'the DVCLive directories are not extra plots');
		assert.deepEqual(await p.locator('.plot-error').allInnerTexts(), []);
		await p.close();
	});
});
