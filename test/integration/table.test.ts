import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';
import { formatNumber } from '../../src/experiments/format';
import type { SelectionModel } from '../../src/experiments/selection';
import type { RenderedItem, SidebarTesting } from '../../src/experiments/sidebarTesting';
import { findItem } from '../../src/experiments/sidebarTesting';
import type { ExperimentsModel } from '../../src/model/api';
import type { TableTesting } from '../../src/table/panel';

/**
 * The experiments table in the real extension host and the real page: opened by the command the
 * Experiments view's title button runs, its rows are the tree's, a tick is the one selection the
 * tree and charts show, a live write patches a cell, and its state outlives the panel.
 */
interface Api {
	ready: Promise<void>;
	testing: {
		model: ExperimentsModel;
		selection: SelectionModel;
		sidebar: SidebarTesting;
		charts: () => Promise<ChartsTesting>;
		table: TableTesting;
	};
}

const LOSS = 'metrics:dvclive/metrics.json:train.loss';

/** Experiment ids of the tree's rows (workspace, commits, experiments) in the order shown. */
function treeRowIds(items: RenderedItem[]): string[] {
	const out: string[] = [];
	for (const item of items) {
		if (/^experiment/.test(item.contextValue ?? '')) {
			out.push(item.id);
			out.push(...treeRowIds(item.children ?? []));
		}
	}
	return out;
}

describe('experiments table (real VS Code)', function () {
	this.timeout(120_000);
	let api: Api;
	let table: TableTesting;

	before(async () => {
		api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as Api;
		await api.ready;
		table = api.testing.table;
		for (const id of [...api.testing.selection.selected]) {
			api.testing.selection.set(id, false);
		}
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('opens from the view-title command with the tree rows and the model values', async () => {
		await vscode.commands.executeCommand('runlens.showTable');
		assert.ok(await table.waitForReady(), 'the page sent ready');
		const tree = await api.testing.sidebar.render(6);
		const treeIds = treeRowIds(tree);
		const keys = table.view()!.rows.map((r) => r.node.key);
		assert.deepEqual(keys, treeIds, 'same rows, same order as the tree');
		const report = await table.whenRendered((r) => r.rows.length >= Math.min(keys.length, 5));
		assert.deepEqual(
			report.rows.map((r) => r.key),
			keys.slice(0, report.rows.length),
		);
		for (const row of report.rows) {
			const exp = api.testing.model.getExperiment(row.key)!;
			const loss = exp.metrics['dvclive/metrics.json']?.['train.loss'];
			assert.equal(row.cells[LOSS], typeof loss === 'number' ? formatNumber(loss) : '—', `${exp.name} train.loss`);
			assert.equal(row.cells.experiment, exp.name);
		}
	});

	it('a tick in the table selects the run in the tree and draws it in the charts, and back', async () => {
		const target = table.view()!.rows.find((r) => r.node.kind === 'experiment' && r.node.experiment!.series.length > 0);
		assert.ok(target, 'the fixture has an experiment with series');
		const id = target.node.key;
		// The message the page posts when its tick is clicked (the webview tier clicks it).
		table.receive({ type: 'table/toggleSelect', experimentId: id });
		await api.testing.sidebar.waitFor((items) => findItem(items, (i) => i.id === id)?.checkbox === 'checked');
		const drawn = await table.whenRendered((r) => r.rows.some((x) => x.key === id && x.selected));
		assert.ok(drawn.rows.find((x) => x.key === id)?.colour, 'the row carries its chart colour');

		await vscode.commands.executeCommand('runlens.showCharts');
		const charts = await api.testing.charts();
		await charts.whenReady();
		await charts.whenRendered((r) => r.charts.some((c) => c.lines >= 1));
		const snap = charts.lastSnapshot();
		assert.deepEqual(
			snap?.experiments.map((e) => [e.id, e.colour]),
			[[id, api.testing.selection.colourOf(id)]],
		);

		await vscode.commands.executeCommand('runlens.showTable');
		api.testing.sidebar.setChecked(id, false);
		await table.whenRendered((r) => r.rows.some((x) => x.key === id && !x.selected));
	});

	it('updates a metric cell in place while a run writes its series and metrics', async () => {
		const ws = api.testing.model.getExperiments().find((e) => e.kind === 'workspace');
		assert.ok(ws);
		const root = api.testing.model.getProjects().find((p) => p.id === ws.projectId)!.root;
		await table.whenRendered((r) => r.rows.some((x) => x.key === ws.id));
		const snapshots = table.posted().filter((m) => m.type === 'table/snapshot').length;
		const tsv = join(root, 'dvclive/plots/metrics/train/loss.tsv');
		const lines = (await readFile(tsv, 'utf8')).trimEnd().split('\n');
		const step = Number(lines[lines.length - 1].split('\t')[0]) + 1;
		await appendFile(tsv, `${step}\t0.0123\n`);
		const metricsFile = join(root, 'dvclive/metrics.json');
		const metrics = JSON.parse(await readFile(metricsFile, 'utf8')) as { train: { loss: number }; step: number };
		metrics.train.loss = 0.0123;
		metrics.step = step;
		await writeFile(metricsFile, JSON.stringify(metrics, null, 4));
		await table.whenRendered((r) => r.rows.find((x) => x.key === ws.id)?.cells[LOSS] === '0.0123');
		assert.equal(table.posted().filter((m) => m.type === 'table/snapshot').length, snapshots, 'no full re-render');
		assert.ok(table.posted().some((m) => m.type === 'table/patch' && m.rows.some((r) => r.key === ws.id)));
	});

	it('keeps sort, hidden columns and filters when closed and opened again', async () => {
		table.receive({ type: 'table/sort', column: LOSS, add: false });
		table.receive({ type: 'table/hideColumn', column: 'created' });
		const order = table.view()!.rows.map((r) => r.node.key);
		table.close();
		assert.equal(table.isOpen(), false);
		await vscode.commands.executeCommand('runlens.showTable');
		assert.ok(await table.waitForReady());
		assert.deepEqual(table.state()?.sort, [{ column: LOSS, descending: false }]);
		assert.deepEqual(table.state()?.hidden, ['created']);
		const report = await table.whenRendered((r) => r.rows.length > 0);
		assert.deepEqual(
			report.rows.map((r) => r.key),
			order.slice(0, report.rows.length),
		);
		assert.equal(report.rows[0].cells.created, undefined, 'Created stays hidden');
		table.receive({ type: 'table/removeSort', column: LOSS });
		table.receive({ type: 'table/showColumn', column: 'created' });
	});

	it('runs its row context menu with the argument VS Code passes (the row data-vscode-context)', async () => {
		const row = table.view()!.rows.find((r) => r.node.kind === 'experiment')!;
		const exp = row.node.experiment!;
		// What VS Code hands a webview/context command: the merged data-vscode-context of the row and cell.
		const context = {
			webviewSection: 'experiment',
			experimentId: exp.id,
			experimentKind: 'experiment',
			preventDefaultContextMenuItems: true,
			cellValue: '0.123456789',
		};
		await vscode.commands.executeCommand('runlens.table.copySha', context);
		assert.equal(await vscode.env.clipboard.readText(), exp.rev);
		await vscode.commands.executeCommand('runlens.table.copyName', context);
		assert.equal(await vscode.env.clipboard.readText(), exp.name);
		await vscode.commands.executeCommand('runlens.table.copyCell', context);
		assert.equal(await vscode.env.clipboard.readText(), '0.123456789');

		await vscode.commands.executeCommand('runlens.experiments.toggleStar', context);
		const starred = () => table.snapshot()?.rows.find((r) => r.key === exp.id)?.starred;
		assert.equal(starred(), true, 'the shared star shows in the table');
		await vscode.commands.executeCommand('runlens.experiments.toggleStar', context);
		assert.equal(starred(), false);

		await vscode.commands.executeCommand('runlens.experiments.toggleSelection', context);
		assert.deepEqual([...api.testing.selection.selected], [exp.id]);
		await table.whenRendered((r) => r.rows.some((x) => x.key === exp.id && x.selected));
		await vscode.commands.executeCommand('runlens.experiments.toggleSelection', context);
		assert.deepEqual([...api.testing.selection.selected], []);
	});

	it('exports the visible table as CSV and Markdown documents', async () => {
		await vscode.commands.executeCommand('runlens.table.exportCsv');
		const csv = vscode.window.activeTextEditor?.document;
		// The language is `csv` where an extension defines it (plain text in a bare VS Code).
		assert.equal(csv?.isUntitled, true);
		const keys = table.view()!.rows.length;
		assert.equal(csv.getText().trimEnd().split('\r\n').length, keys + 1, 'a header and one line per visible row');
		assert.match(csv.getText(), /^Experiment,Created,Commit \/ branch,/);
		await vscode.commands.executeCommand('runlens.showTable');
		await vscode.commands.executeCommand('runlens.table.exportMarkdown');
		const md = vscode.window.activeTextEditor?.document;
		assert.equal(md?.languageId, 'markdown');
		assert.match(md.getText(), /^\| Experiment \| Created \|/);
	});
});
