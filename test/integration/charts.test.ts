import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChartsTesting, RenderedReport } from '../../src/charts/testing';
import type { Experiment } from '../../src/model/types';

/**
 * The chart panel in the real extension host: command -> webview handshake -> snapshot of the
 * selected experiments -> live append grows the drawn point count. Needs RUNLENS_TEST=1 so the
 * extension API exposes `testing.charts`, and a fixture workspace with DVCLive series.
 */
async function chartsTesting(): Promise<ChartsTesting> {
	const extension = vscode.extensions.getExtension('runlens.runlens');
	assert.ok(extension, 'runlens.runlens is installed');
	const api = (await extension.activate()) as { testing?: { charts?: () => Promise<ChartsTesting> } };
	assert.ok(api.testing?.charts, 'api.testing.charts is exposed when RUNLENS_TEST=1');
	return api.testing.charts();
}

function pointsOf(report: RenderedReport, chartId: string): number {
	return report.charts.find((c) => c.id === chartId)?.points ?? -1;
}

describe('chart panel (real VS Code)', function () {
	this.timeout(90_000);
	let charts: ChartsTesting;
	let plotted: Experiment[];

	before(async () => {
		charts = await chartsTesting();
		await charts.model.ready;
		plotted = charts.model
			.getExperiments()
			.filter((e) => e.series.length > 0)
			.slice(0, 2);
		assert.ok(plotted.length > 0, 'the fixture workspace has experiments with metric series');
		for (const e of plotted) {
			charts.selection.set(e.id, true);
		}
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('opens from runlens.showCharts, completes the handshake and sends the selected experiments', async () => {
		await vscode.commands.executeCommand('runlens.showCharts');
		await charts.whenReady();
		const report = await charts.whenRendered((r) => r.charts.length > 0);
		const snapshot = charts.lastSnapshot();
		assert.ok(snapshot);
		assert.deepEqual(
			snapshot.experiments.map((e) => e.id),
			charts.selection.selected.filter((id) => plotted.some((e) => e.id === id)),
		);
		assert.deepEqual(
			snapshot.experiments.map((e) => e.colour),
			snapshot.experiments.map((e) => charts.selection.colourOf(e.id)),
		);
		const names = new Set(plotted.flatMap((e) => e.series.map((s) => `metric:${s.name}`)));
		assert.deepEqual(new Set(report.charts.map((c) => c.id)), names, 'one drawn chart per metric');
		for (const chart of report.charts) {
			assert.ok(chart.lines >= 1 && chart.lines <= plotted.length, `${chart.id}: ${chart.lines} lines`);
		}
	});

	it('appends live rows without a new snapshot and the drawn point count grows', async () => {
		const live = plotted.find((e) => e.kind === 'workspace');
		if (!live) {
			// The fixture decides; without a workspace run there is nothing on disk to append to.
			assert.fail('the fixture workspace needs a workspace experiment with DVCLive series');
		}
		const project = charts.model.getProjects().find((p) => p.id === live.projectId);
		assert.ok(project);
		const series = live.series[0];
		const chartId = `metric:${series.name}`;
		const before = pointsOf(await charts.whenRendered((r) => pointsOf(r, chartId) > 0), chartId);
		const snapshotsBefore = charts.postedMessages.filter((m) => m.type === 'charts/snapshot').length;
		const path = join(project.root, series.file);
		const text = await readFile(path, 'utf8');
		const lines = text.trimEnd().split('\n');
		const header = lines[0].split('\t');
		const last = lines[lines.length - 1].split('\t').map(Number);
		const next = header.map((column, i) =>
			column === 'step' ? last[i] + 1 : column === 'timestamp' ? Date.now() : last[i] * 0.9,
		);
		await appendFile(path, `${next.join('\t')}\n`);
		const after = await charts.whenRendered((r) => pointsOf(r, chartId) > before);
		assert.equal(pointsOf(after, chartId), before + 1);
		assert.equal(
			charts.postedMessages.filter((m) => m.type === 'charts/snapshot').length,
			snapshotsBefore,
			'no rebuild',
		);
		assert.ok(charts.postedMessages.some((m) => m.type === 'charts/append'));
	});
});
