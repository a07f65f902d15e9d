// The workspace `npm run demo` serves, opened in the real VS Code while the demo's own live writer
// runs (test/demo/demo.test.ts starts the demo and opens this run; RUNLENS_TEST_ONLY=demo). What a
// new user meets first: the committed experiments, the live run listed once, per-example tables,
// and a second live run once the first has been saved.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';
import type { ExamplesTesting } from '../../src/examples/panel';
import type { RenderedItem, SidebarTesting } from '../../src/experiments/sidebarTesting';
import { findItem } from '../../src/experiments/sidebarTesting';
import type { ExperimentsModel } from '../../src/model/api';
import { chartsFor, requestScreenshot } from './screenshot';

interface Testing {
	model: ExperimentsModel;
	sidebar: SidebarTesting;
	examples: ExamplesTesting;
	charts: () => Promise<ChartsTesting>;
}

const FIRST = 'live-demo';
/** The live runs' names: live-demo, then live-demo-2, live-demo-3... */
const LIVE = /^live-demo(?:-\d+)?\b/;
const LATER = /^live-demo-\d+\b/;
const COMMITTED = ['azure-bump', 'lilac-moss', 'wider-model', 'main'];

async function testing(): Promise<Testing> {
	const api = await vscode.extensions.getExtension('runlens.runlens')!.activate();
	await api.ready;
	assert.ok(api.testing?.sidebar, 'api.testing is exposed when RUNLENS_TEST=1');
	// Per-example metrics load on first use: `testing.examples()` loads them.
	const raw = api.testing as Omit<Testing, 'examples'> & { examples: () => Promise<ExamplesTesting> };
	return { model: raw.model, sidebar: raw.sidebar, examples: await raw.examples(), charts: raw.charts };
}

/** Every rendered row, depth first. */
function rows(items: RenderedItem[] | undefined): RenderedItem[] {
	return (items ?? []).flatMap((i) => [i, ...rows(i.children)]);
}

/** Rows that stand for the experiment `name`: its own row, or the workspace row running it. */
function rowsOf(items: RenderedItem[], name: string): RenderedItem[] {
	const names = new RegExp(`^${name.replace(/[-]/g, '\\-')}(?:\\s|$)`);
	return rows(items).filter(
		(i) => /^experiment/.test(i.contextValue ?? '') && (i.label === name || names.test(i.description ?? '')),
	);
}

const workspaceRow = (items: RenderedItem[]): RenderedItem | undefined =>
	items.find((i) => i.id.endsWith('|workspace'));

describe('the demo workspace (real VS Code, npm run demo)', function () {
	this.timeout(120_000);
	let t: Testing;
	const epochs = Number(process.env.RUNLENS_DEMO_EPOCHS);

	before(async () => {
		assert.ok(epochs > 0, 'RUNLENS_DEMO_EPOCHS names the epochs the demo was started with');
		t = await testing();
	});

	after(async () => {
		t?.examples.close();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('lists the committed experiments and baselines, each with the live run’s step range', async () => {
		const items = await t.sidebar.waitFor((tree) => COMMITTED.every((n) => !!findItem(tree, (i) => i.label === n)));
		for (const name of COMMITTED) {
			const exp = t.model.getExperiments().find((e) => e.name === name);
			assert.ok(exp, `${name} is an experiment of the model`);
			const table = await t.model.readSeriesTable(exp.id, 'dvclive/plots/metrics/train/loss.tsv');
			assert.equal(table?.length, epochs, `${name} has ${epochs} steps, as many as the live run`);
			assert.ok(table?.columns.includes('timestamp'), `${name}'s series has DVCLive timestamps`);
		}
		assert.ok(workspaceRow(items), 'a workspace row');
	});

	it('shows the running live run once: the workspace row names it, with progress within 100 %', async () => {
		let statusBar: string | undefined;
		const items = await t.sidebar.waitFor((tree) => {
			statusBar = t.sidebar.statusBarText();
			return workspaceRow(tree)?.contextValue === 'experiment.running' && /live-demo/.test(statusBar ?? '');
		});
		const ws = workspaceRow(items)!;
		const name = LIVE.exec(ws.description ?? '')?.[0];
		assert.ok(name, `the workspace row names the live run: ${ws.description}`);
		assert.equal(rowsOf(items, name).length, 1, `${name} is listed once`);
		assert.equal(rows(items).filter((i) => i.contextValue === 'experiment.running').length, 1, 'one running row');
		const step = /(\d+)\/(\d+) steps/.exec(ws.description ?? '');
		if (step) {
			assert.equal(Number(step[2]), epochs, 'the total comes from the run’s epochs');
			assert.ok(Number(step[1]) <= epochs, ws.description);
		}
		assert.doesNotMatch(ws.description ?? '', /planned/, 'the writer never writes past its epochs');
		assert.equal((statusBar?.match(/live-demo/g) ?? []).length, 1, `one status bar entry: ${statusBar}`);
	});

	it('has per-example tables and events in the committed runs', async () => {
		const exp = t.model.getExperiments().find((e) => e.name === 'azure-bump')!;
		assert.ok(
			exp.tables.some((tb) => tb.file === 'dvclive/examples/val.csv'),
			JSON.stringify(exp.tables),
		);
		assert.equal(await t.examples.open([exp.id]), true, 'Show Per-Example Metrics finds a table');
		assert.equal(await t.examples.waitForReady(), true);
		const snapshot = t.examples.snapshot()!;
		assert.deepEqual(snapshot.errors, []);
		assert.equal(snapshot.title, 'Validation set');
		assert.ok(snapshot.total > 0, `rows: ${snapshot.total}`);
		assert.ok(
			['text', 'label', 'loss'].every((c) => snapshot.columns.some((col) => col.name === c)),
			snapshot.columns.map((c) => c.name).join(', '),
		);
		const items = await t.sidebar.render();
		const row = rowsOf(items, 'azure-bump')[0];
		const events = row?.children?.find((c) => /^Events/.test(c.label));
		assert.ok(
			events?.children?.some((c) => /lr drop/.test(`${c.label} ${c.description ?? ''}`)),
			JSON.stringify(row?.children?.map((c) => c.label)),
		);
	});

	it('saves the first live run as an experiment when its epochs are done, then runs the next', async () => {
		const later = (tree: RenderedItem[]): RenderedItem[] =>
			rows(tree).filter((i) => /^experiment/.test(i.contextValue ?? '') && LATER.test(i.label));
		const items = await t.sidebar.waitFor(
			(tree) =>
				rowsOf(tree, FIRST).some((i) => i.contextValue === 'experiment') &&
				(LATER.test(workspaceRow(tree)?.description ?? '') || later(tree).length > 0),
			90_000,
		);
		assert.equal(rowsOf(items, FIRST).length, 1, `${FIRST} is listed once, as a finished experiment`);
		const saved = t.model.getExperiments().find((e) => e.name === FIRST)!;
		assert.equal(saved.kind === 'workspace', false, `${FIRST} is an experiment of its own`);
		const table = await t.model.readSeriesTable(saved.id, 'dvclive/plots/metrics/train/loss.tsv');
		assert.equal(table?.length, epochs, `${FIRST} ended at its ${epochs} epochs`);
	});

	it("the README's picture: the tree and the charts comparing the committed runs with the live ones", async () => {
		const charts = await t.charts();
		// The committed runs, the first live run (saved), and the workspace row: the live run now writing.
		const runs = t.model
			.getExperiments()
			.filter((e) => [...COMMITTED, FIRST].includes(e.name) || e.kind === 'workspace')
			.filter((e) => e.series.some((m) => m.name === 'train/loss'));
		assert.ok(runs.length >= COMMITTED.length + 1, runs.map((e) => e.name).join(', '));
		const report = await chartsFor(charts, runs);
		assert.ok(report.charts.length >= 2, 'a chart per metric');
		await vscode.commands.executeCommand('runlens.experiments.focus');
		// Let the views paint before the picture (test-results/demo-workbench.png, media/screenshot.png).
		await new Promise((r) => setTimeout(r, 1500));
		await requestScreenshot('demo-workbench.png');
	});
});
