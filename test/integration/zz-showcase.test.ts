import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';

/**
 * Runs last (file name order): opens the Runlens sidebar and a chart panel comparing every
 * experiment of the fixture, then asks the harness for its screenshot
 * (test-results/integration-workbench.png, the README's picture) while the extension host runs.
 */
async function requestScreenshot(): Promise<void> {
	const request = process.env.RUNLENS_SCREENSHOT_REQUEST;
	if (!request) {
		return;
	}
	fs.writeFileSync(request, '');
	const deadline = Date.now() + 30_000;
	while (!fs.existsSync(`${request}.done`) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe('showcase (final workbench state)', () => {
	it('shows the sidebar and charts for every experiment at once', async () => {
		const api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as {
			ready: Promise<void>;
			testing: { charts: () => Promise<ChartsTesting> };
		};
		await api.ready;
		const charts = await api.testing.charts();
		// The fixture's runs all log train/loss and eval/acc; earlier suites may leave other series behind
		// on the workspace for a moment (e.g. a label-split file being removed), so only these count.
		const runs = charts.model.getExperiments().filter((e) => e.series.some((m) => m.name === 'train/loss'));
		assert.ok(runs.length >= 4, `the fixture has runs with series (found ${runs.length})`);
		for (const e of runs) {
			charts.selection.set(e.id, true);
		}
		await vscode.commands.executeCommand('workbench.view.extension.runlens');
		await vscode.commands.executeCommand('runlens.showCharts');
		let last: unknown;
		const report = await Promise.race([
			charts.whenRendered((r) => {
				last = r;
				return r.charts.filter((c) => c.lines >= runs.length).length >= 2;
			}),
			new Promise<never>((_, reject) =>
				setTimeout(
					() => reject(new Error(`charts not drawn for ${runs.length} runs; last report ${JSON.stringify(last)}`)),
					40_000,
				),
			),
		]);
		assert.ok(report.charts.length >= 2, 'a chart per metric');
		// Expand the baseline so the picture shows experiments under it, then let the views paint.
		await vscode.commands.executeCommand('runlens.experiments.focus');
		await new Promise((r) => setTimeout(r, 1500));
		await requestScreenshot();
	});
});
