import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';
import type { TableTesting } from '../../src/table/panel';
import { chartsFor, requestScreenshot } from './screenshot';

/**
 * Runs last (file name order): opens the Runlens sidebar and a chart panel comparing every
 * experiment of the fixture, then the experiments table of them, and asks the harness for a
 * screenshot of each (test-results/integration-workbench.png and integration-table.png, the
 * README's pictures) while the extension host runs.
 */
const ACC = 'metrics:dvclive/metrics.json:eval.acc';

describe('showcase (final workbench state)', () => {
	it('shows the sidebar and charts for every experiment at once', async () => {
		const api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as {
			ready: Promise<void>;
			testing: { charts: () => Promise<ChartsTesting>; table: TableTesting };
		};
		await api.ready;
		const charts = await api.testing.charts();
		// The fixture's runs all log train/loss and eval/acc; earlier suites may leave other series behind
		// on the workspace for a moment (e.g. a label-split file being removed), so only these count.
		const runs = charts.model.getExperiments().filter((e) => e.series.some((m) => m.name === 'train/loss'));
		assert.ok(runs.length >= 4, `the fixture has runs with series (found ${runs.length})`);
		const report = await chartsFor(charts, runs);
		assert.ok(report.charts.length >= 2, 'a chart per metric');
		// Expand the baseline so the picture shows experiments under it, then let the views paint.
		await vscode.commands.executeCommand('runlens.experiments.focus');
		await new Promise((r) => setTimeout(r, 1500));
		await requestScreenshot();
	});

	it('shows the experiments table with the ticked runs, sorted by a metric', async () => {
		const api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as {
			testing: { table: TableTesting };
		};
		const { table } = api.testing;
		await vscode.commands.executeCommand('runlens.showTable');
		assert.ok(await table.waitForReady(), 'the table page sent ready');
		// The metric next to the fixed columns, so the picture shows it without scrolling, best first.
		const firstParam = table.view()!.columns.find((c) => c.group === 'params');
		table.receive({ type: 'table/moveColumn', column: ACC, before: firstParam?.id });
		table.receive({ type: 'table/sort', column: ACC, add: false });
		table.receive({ type: 'table/sort', column: ACC, add: false });
		assert.deepEqual(table.state()?.sort, [{ column: ACC, descending: true }]);
		const total = table.view()!.rows.length;
		const version = table.snapshot()!.version;
		const report = await table.whenRendered(
			(r) => r.version === version && r.rows.length >= Math.min(total, 5) && r.rows.some((x) => x.selected),
		);
		assert.ok(
			report.rows.some((r) => r.cells[ACC] !== undefined && r.cells[ACC] !== '—'),
			'eval.acc values are drawn',
		);
		await new Promise((r) => setTimeout(r, 1000));
		await requestScreenshot('integration-table.png');
		table.receive({ type: 'table/removeSort', column: ACC });
	});
});
