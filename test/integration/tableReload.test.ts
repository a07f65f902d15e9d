/**
 * The experiments table across a real window reload (its own code-server run, see
 * scripts/runIntegration.mjs `table-reload`). The suite runs twice in one browser page: the first
 * time it opens the table, sorts it and hides a column, notes what it drew in a marker file and
 * reloads the window (`workbench.action.reloadWindow`: the extension host goes away, the page loads
 * again and VS Code runs the suite again). The second time, without any command, VS Code restores
 * the panel through the serializer, and the table must come back with the same state and rows.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TableTesting } from '../../src/table/panel';

const LOSS = 'metrics:dvclive/metrics.json:train.loss';

interface Before {
	keys: string[];
}

function marker(): string {
	const file = process.env.RUNLENS_TABLE_RELOAD_MARKER;
	assert.ok(file, 'the harness sets RUNLENS_TABLE_RELOAD_MARKER');
	return file;
}

async function tableApi(): Promise<TableTesting> {
	const api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as {
		ready: Promise<void>;
		testing: { table: TableTesting };
	};
	await api.ready;
	return api.testing.table;
}

describe('experiments table across a window reload (real VS Code)', function () {
	this.timeout(120_000);

	it('keeps the panel, its sort and hidden columns, and the rows it drew', async () => {
		const table = await tableApi();
		if (!fs.existsSync(marker())) {
			await vscode.commands.executeCommand('runlens.showTable');
			assert.ok(await table.waitForReady(), 'the page sent ready');
			table.receive({ type: 'table/sort', column: LOSS, add: false });
			table.receive({ type: 'table/sort', column: LOSS, add: false });
			table.receive({ type: 'table/hideColumn', column: 'created' });
			const version = table.snapshot()!.version;
			const report = await table.whenRendered((r) => r.version === version && r.rows.length > 0);
			assert.equal(report.rows[0].cells.created, undefined, 'Created is hidden before the reload');
			const before: Before = { keys: report.rows.map((r) => r.key) };
			fs.writeFileSync(marker(), JSON.stringify(before));
			// The extension host ends with the window, so this pass never returns (the harness waits for
			// the second one). Should the reload not happen, the test's timeout fails the run.
			// Not awaited: the command's promise is cancelled as the host goes away.
			void vscode.commands.executeCommand('workbench.action.reloadWindow').then(undefined, () => undefined);
			await new Promise(() => undefined);
		}
		const before = JSON.parse(fs.readFileSync(marker(), 'utf8')) as Before;
		// No command: VS Code restores the panel through the serializer and its page says ready.
		assert.ok(await table.waitForReady(60_000), 'the table panel came back after the reload');
		assert.deepEqual(table.state()?.sort, [{ column: LOSS, descending: true }]);
		assert.deepEqual(table.state()?.hidden, ['created']);
		const report = await table.whenRendered((r) => r.rows.length >= before.keys.length);
		assert.deepEqual(
			report.rows.map((r) => r.key).slice(0, before.keys.length),
			before.keys,
			'the same rows in the same order',
		);
		assert.equal(report.rows[0].cells.created, undefined, 'Created stays hidden');
		assert.ok(report.rows[0].cells[LOSS] !== undefined, 'the sorted column is drawn');
	});
});
