import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';

/**
 * Runs last (file name order): leaves the Runlens sidebar and a chart panel comparing every
 * experiment of the fixture open, so the harness's closing screenshot
 * (test-results/integration-workbench.png) shows the product as a user sees it.
 */
describe('showcase (final workbench state)', () => {
	it('shows the sidebar and charts for every experiment at once', async () => {
		const api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as {
			ready: Promise<void>;
			testing: { charts: ChartsTesting };
		};
		await api.ready;
		const { charts } = api.testing;
		const runs = charts.model.getExperiments().filter((e) => e.series.length > 0);
		assert.ok(runs.length >= 4, `the fixture has runs with series (found ${runs.length})`);
		for (const e of runs) {
			charts.selection.set(e.id, true);
		}
		await vscode.commands.executeCommand('workbench.view.extension.runlens');
		await vscode.commands.executeCommand('runlens.showCharts');
		const report = await charts.whenRendered(
			(r) => r.charts.length > 0 && r.charts.every((c) => c.lines >= runs.length),
		);
		assert.ok(report.charts.length >= 2, 'a chart per metric');
	});
});
