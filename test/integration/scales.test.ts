import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';
import { CommandIds } from '../../src/commands/ids';
import type { RunlensApi } from '../../src/publicApi';

/**
 * Metric scales in the real extension host: a series file with a label column (`env`) draws one line
 * per label; its other numeric column (`episode`) is in the API; `runlens.charts.groups` changes the
 * chart's x unit and y bounds live, without reopening the panel.
 */
const FILE = 'dvclive/plots/metrics/scales_reward.tsv';
const CHART = 'metric:scales_reward';

async function until<T>(probe: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = probe();
		if (v !== undefined && v !== false) {
			return v;
		}
		assert.ok(Date.now() < end, `timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

function tsv(): string {
	const rows = ['step\tepisode\tenv\tscales_reward'];
	for (let step = 0; step < 6; step++) {
		rows.push(`${step}\t${10 + Math.floor(step / 2)}\tcartpole\t${step}`, `${step}\t${20 + step}\tpong\t${50 + step}`);
	}
	return rows.join('\n') + '\n';
}

describe('metric scales: label columns, x units and groups settings (real VS Code)', function () {
	this.timeout(90_000);
	let api: RunlensApi;
	let charts: ChartsTesting;
	let root: string;
	let workspaceId: string;

	before(async () => {
		const ext = vscode.extensions.getExtension<RunlensApi>('runlens.runlens');
		assert.ok(ext, 'extension runlens.runlens is installed');
		api = await ext.activate();
		await api.ready;
		const testing = api.testing as { charts?: () => Promise<ChartsTesting> } | undefined;
		assert.ok(testing?.charts, 'api.testing.charts is exposed when RUNLENS_TEST=1');
		charts = await testing.charts();
		root = vscode.workspace.workspaceFolders![0].uri.fsPath;
		fs.mkdirSync(path.dirname(path.join(root, FILE)), { recursive: true });
		fs.writeFileSync(path.join(root, FILE), tsv());
		// A refresh stands in for the user's: the watcher is not what this test is about.
		await vscode.commands.executeCommand(CommandIds.refresh);
		const ws = await until(
			() =>
				charts.model
					.getExperiments()
					.find((e) => e.kind === 'workspace' && e.series.some((s) => s.file.endsWith('scales_reward.tsv'))),
			'the workspace experiment to list scales_reward',
		);
		workspaceId = ws.id;
	});

	after(async () => {
		await vscode.workspace
			.getConfiguration('runlens.charts')
			.update('groups', undefined, vscode.ConfigurationTarget.Global);
		fs.rmSync(path.join(root, FILE), { force: true });
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.commands.executeCommand(CommandIds.refresh);
		await until(
			() => !charts.model.getExperiment(workspaceId)?.series.some((s) => s.file.endsWith('scales_reward.tsv')),
			'scales_reward to be gone',
		);
	});

	it('draws one line per label value of a label column, named after the label', async () => {
		await vscode.commands.executeCommand(CommandIds.selectExperiments, [workspaceId]);
		await vscode.commands.executeCommand(CommandIds.showCharts);
		await charts.whenReady();
		const report = await charts.whenRendered((r) => r.charts.some((c) => c.id === CHART && c.lines === 2));
		assert.equal(report.charts.find((c) => c.id === CHART)?.points, 12);
		const chart = charts.lastSnapshot()?.charts.find((c) => c.id === CHART);
		const name = charts.model.getExperiment(workspaceId)?.name;
		assert.deepEqual(
			chart?.series.map((s) => [s.label, s.y]),
			[
				[`${name} · env=cartpole`, [0, 1, 2, 3, 4, 5]],
				[`${name} · env=pong`, [50, 51, 52, 53, 54, 55]],
			],
		);
		assert.ok(charts.lastSnapshot()?.xAxes.includes('episode'), 'episode is offered as an x axis');
		assert.ok(!charts.lastSnapshot()?.xAxes.includes('env'), 'a label column is no x axis');
	});

	it('exposes the other numeric columns through the API', async () => {
		const data = await api.readSeries(workspaceId, 'scales_reward');
		assert.ok(data);
		assert.deepEqual([...data.columns.episode], [10, 20, 10, 21, 11, 22, 11, 23, 12, 24, 12, 25]);
		assert.deepEqual([...data.y.slice(0, 2)], [0, 50]);
	});

	it('applies runlens.charts.groups live: x unit, y unit and bounds', async () => {
		const groups = { scales_reward: { xUnit: 'episode', yUnit: '%', yMin: 0, yMax: 100 } };
		await vscode.workspace
			.getConfiguration('runlens.charts')
			.update('groups', groups, vscode.ConfigurationTarget.Global);
		const chart = await until(() => {
			const c = charts.lastSnapshot()?.charts.find((x) => x.id === CHART);
			return c?.xLabel === 'episode' ? c : undefined;
		}, 'a snapshot with the episode x unit');
		assert.deepEqual(chart.axes, { yLabel: '%', yMin: 0, yMax: 100 });
		assert.deepEqual(chart.series[0].x, [10, 10, 11, 11, 12, 12]);
		await charts.whenRendered((r) => r.charts.some((c) => c.id === CHART && c.lines === 2));
	});
});
