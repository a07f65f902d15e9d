import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CustomPlotsTesting } from '../../src/charts/custom/testing';
import type { ChartsTesting } from '../../src/charts/testing';
import type { Experiment } from '../../src/model/types';

/**
 * Custom plots in the real extension host and the real chart webview: the command adds a scatter
 * of lr against eval accuracy, the page draws one point per fixture experiment that has both, a
 * tick narrows it to the ticked runs in their colours, and a drag on a parallel-coordinates axis
 * (pointer events through the page's own handlers) reaches the TableFilterBridge.
 */
const LR = 'params:dvclive/params.yaml:lr';
const ACC = 'metrics:dvclive/metrics.json:eval.acc';

async function testing(): Promise<{ charts: ChartsTesting; custom: CustomPlotsTesting }> {
	const extension = vscode.extensions.getExtension('runlens.runlens');
	assert.ok(extension, 'runlens.runlens is installed');
	const api = (await extension.activate()) as { testing?: { charts?: () => Promise<ChartsTesting> } };
	const charts = await api.testing?.charts?.();
	assert.ok(charts?.customPlots, 'api.testing.charts.customPlots is exposed when RUNLENS_TEST=1');
	return { charts, custom: charts.customPlots };
}

/** The fixture's experiments with a number for both columns, read straight from the model. */
function withBoth(experiments: readonly Experiment[]): Experiment[] {
	return experiments.filter(
		(e) =>
			typeof e.params['dvclive/params.yaml']?.lr === 'number' &&
			typeof e.metrics['dvclive/metrics.json']?.['eval.acc'] === 'number',
	);
}

describe('custom plots (real VS Code)', function () {
	this.timeout(90_000);
	let charts: ChartsTesting;
	let custom: CustomPlotsTesting;

	before(async () => {
		({ charts, custom } = await testing());
		await charts.model.ready;
		for (const id of [...charts.selection.selected]) {
			charts.selection.set(id, false);
		}
	});

	after(async () => {
		custom.tableFilter?.setBrush([]);
		custom.reset();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('adds a scatter from the command and draws one point per experiment that has both values', async () => {
		const filtered = custom.tableFilter?.filteredIds;
		const pool = charts.model.getExperiments().filter((e) => !filtered || filtered.includes(e.id));
		const expected = withBoth(pool);
		assert.ok(expected.length >= 4, `the fixture has runs with lr and eval.acc (${expected.length})`);
		await vscode.commands.executeCommand('runlens.addCustomPlot', { kind: 'scatter', x: LR, y: ACC });
		await charts.whenReady();
		const drawn = await custom.whenRendered((plots) => plots.some((p) => p.kind === 'scatter' && p.points > 0));
		const snapshot = custom.lastSnapshot();
		assert.ok(snapshot);
		const plot = snapshot.plots.find((p) => p.config.kind === 'scatter')!;
		assert.equal(drawn.find((p) => p.id === plot.config.id)?.points, expected.length, 'points drawn by the page');
		assert.deepEqual(new Set(plot.points.map((p) => p.experimentId)), new Set(expected.map((e) => e.id)));
		for (const point of plot.points) {
			const e = expected.find((x) => x.id === point.experimentId)!;
			assert.deepEqual(point.values, [
				e.params['dvclive/params.yaml'].lr,
				e.metrics['dvclive/metrics.json']['eval.acc'],
			]);
		}
		assert.equal(plot.excluded, pool.length - expected.length);
	});

	it('follows the selection: ticked runs only, in their selection colours', async () => {
		// Two runs that differ in accuracy (the workspace repeats HEAD's values).
		const runs = withBoth(charts.model.getExperiments());
		const accOf = (e: Experiment) => e.metrics['dvclive/metrics.json']['eval.acc'];
		const a = runs[0];
		const b = runs.find((e) => accOf(e) !== accOf(a));
		assert.ok(b, 'the fixture has runs of different accuracy');
		charts.selection.set(a.id, true);
		charts.selection.set(b.id, true);
		await custom.whenRendered((plots) => plots.some((p) => p.kind === 'scatter' && p.points === 2));
		const plot = custom.lastSnapshot()!.plots.find((p) => p.config.kind === 'scatter')!;
		assert.equal(custom.lastSnapshot()!.source, 'selection');
		assert.deepEqual(
			plot.points.map((p) => [p.experimentId, p.colour]),
			[a, b].map((e) => [e.id, charts.selection.colourOf(e.id)]),
		);
	});

	it('brushing a parallel-coordinates axis in the page sets the range on the TableFilterBridge', async () => {
		await vscode.commands.executeCommand('runlens.addCustomPlot', { kind: 'parallel', columns: [LR, ACC] });
		await custom.whenRendered((plots) => plots.some((p) => p.kind === 'parallel' && p.points === 2));
		const plot = custom.lastSnapshot()!.plots.find((p) => p.config.kind === 'parallel')!;
		const acc = plot.axes[1];
		assert.ok(acc.max > acc.min, 'the two ticked runs differ in eval.acc');
		const bridge = custom.tableFilter;
		assert.ok(bridge, 'the panel is wired to the TableFilterBridge');
		const brushed = new Promise<readonly { column: string; min: number; max: number }[]>((resolve) => {
			const sub = bridge.onDidChangeBrush((ranges) => (sub.dispose(), resolve(ranges)));
		});
		assert.ok(custom.simulateBrush(plot.config.id, ACC, acc.min, (acc.min + acc.max) / 2), 'the page is there');
		const ranges = await brushed;
		assert.equal(ranges.length, 1);
		assert.equal(ranges[0].column, ACC);
		const span = acc.max - acc.min;
		assert.ok(Math.abs(ranges[0].min - acc.min) < span * 0.02, JSON.stringify(ranges));
		assert.ok(Math.abs(ranges[0].max - (acc.min + span / 2)) < span * 0.02, JSON.stringify(ranges));
		assert.deepEqual(bridge.brush, ranges);
		// The page hears the bridge's brush back and draws it.
		await custom.whenSnapshot((s) => s.brush.length === 1 && s.brush[0].column === ACC);
	});
});
