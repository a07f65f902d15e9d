import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExamplesTesting } from '../../src/examples/panel';
import type { SelectionModel } from '../../src/experiments/selection';
import type { VscodeExperimentPicker } from '../../src/vscode/experimentPicker';
import { fromPalette } from './paletteHelpers';

/**
 * The examples panel in the real extension host, on a 100 k-row metrics table written into the
 * fixture workspace: open, handshake, the page asks for rows, sort by loss puts the worst example
 * first, clicking it reveals the dataset line. Needs RUNLENS_TEST=1 (`api.testing.examples`).
 */
async function examplesTesting(): Promise<ExamplesTesting> {
	const extension = vscode.extensions.getExtension('runlens.runlens');
	assert.ok(extension, 'runlens.runlens is installed');
	const api = (await extension.activate()) as { testing?: { examples?: () => Promise<ExamplesTesting> } };
	assert.ok(api.testing?.examples, 'api.testing.examples is exposed when RUNLENS_TEST=1');
	return api.testing.examples();
}

async function until<T>(probe: () => T | undefined, what: string, ms = 30_000): Promise<T> {
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

const ROWS = 100_000;
const WORST = 73_421;

describe('examples panel (real VS Code)', function () {
	this.timeout(120_000);
	let examples: ExamplesTesting;
	let experimentId: string;

	before(async () => {
		examples = await examplesTesting();
		await examples.model.ready;
		const workspace = examples.model.getExperiments().find((e) => e.kind === 'workspace');
		assert.ok(workspace, 'the fixture has a workspace experiment');
		experimentId = workspace.id;
		const root = examples.model.getProjects().find((p) => p.id === workspace.projectId)!.root;
		const metrics = ['example_id,epoch,loss'];
		const dataset = ['text,label'];
		for (let i = 0; i < ROWS; i++) {
			metrics.push(`${i},3,${i === WORST ? 9.5 : ((i * 7919) % 1000) / 1000}`);
			dataset.push(`sample ${i},${i % 3}`);
		}
		await mkdir(join(root, 'dvclive', 'examples'), { recursive: true });
		await mkdir(join(root, 'data'), { recursive: true });
		await writeFile(join(root, 'dvclive/examples/val.csv'), metrics.join('\n') + '\n');
		await writeFile(
			join(root, 'dvclive/examples/val.csv.table.json'),
			JSON.stringify({ foreign_table: 'data/val.csv', foreign_table_display_name: 'Validation set' }),
		);
		await writeFile(join(root, 'data/val.csv'), dataset.join('\n') + '\n');
	});

	after(async () => {
		examples?.close();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('opens on a 100 k-row table, the page requests a window, sort by loss shows the worst example first', async () => {
		assert.equal(await examples.open([experimentId], 'dvclive/examples/val.csv'), true);
		assert.equal(await examples.waitForReady(), true);
		const snapshot = examples.snapshot()!;
		assert.equal(snapshot.total, ROWS);
		assert.equal(snapshot.title, 'Validation set');
		assert.deepEqual(snapshot.errors, []);
		assert.deepEqual(
			snapshot.columns.map((c) => c.name),
			['example_id', 'text', 'label', 'loss'],
		);
		const reply = await until(
			() => examples.posted().find((m) => m.type === 'examples/rows'),
			'a row window requested by the page',
		);
		assert.ok(reply.type === 'examples/rows' && reply.rows.length > 0 && reply.rows.length < 1000);

		await examples.receive({ type: 'examples/setSort', column: 'a:loss', descending: true });
		assert.deepEqual(examples.snapshot()!.sort, { column: 'a:loss', descending: true });
		const [top] = examples.rows(0, 1);
		assert.equal(top.exampleId, WORST);
		assert.deepEqual(top.cells, [WORST, `sample ${WORST}`, WORST % 3, 9.5]);
	});

	it('clicking the row reveals the example in the dataset file', async () => {
		await examples.receive({ type: 'examples/reveal', index: 0, column: 'foreign:text' });
		const editor = await until(() => {
			const e = vscode.window.activeTextEditor;
			return e && e.document.uri.path.endsWith('/data/val.csv') ? e : undefined;
		}, 'the dataset editor');
		assert.equal(editor.selection.active.line, WORST + 1);
		assert.equal(editor.document.lineAt(editor.selection.active.line).text, `sample ${WORST},${WORST % 3}`);
	});

	it('from the palette with nothing selected: a pick of the tables found, then the panel on the one picked', async () => {
		examples.close();
		const api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as {
			testing: { picker: VscodeExperimentPicker; selection: SelectionModel };
		};
		for (const id of [...api.testing.selection.selected]) {
			api.testing.selection.set(id, false);
		}
		await until(() => !examples.isOpen(), 'the panel closed');
		await examples.model.refresh();
		await until(
			() => examples.model.getExperiment(experimentId)?.tables.some((tb) => tb.file === 'dvclive/examples/val.csv'),
			'the model lists the workspace table',
		);
		const workspace = examples.model.getExperiment(experimentId)!;
		const listed = workspace.tables.find((tb) => tb.file === 'dvclive/examples/val.csv')!;
		// The pick names each table as the model lists it (its display name once read, else its file).
		const label = listed.displayName ?? listed.file;
		await fromPalette(api.testing, 'runlens.showExamples', [[workspace.name, label]]);
		assert.equal(await examples.waitForReady(), true, 'the panel opened on the picked table');
		assert.equal(examples.snapshot()?.title, 'Validation set');
		assert.equal(examples.snapshot()?.total, ROWS);
	});
});
