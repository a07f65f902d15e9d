import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';
import { CommandIds } from '../../src/commands/ids';
import type { ExamplesTesting } from '../../src/examples/panel';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import type { RenderedItem } from '../../src/experiments/sidebarTesting';
import type { RunlensApi } from '../../src/publicApi';
import { StudioStandIn } from '../support/studioServer';

interface Testing {
	sidebar: SidebarTesting;
	charts: ChartsTesting;
	examples: ExamplesTesting;
}

async function testing(): Promise<{ api: RunlensApi; t: Testing }> {
	const ext = vscode.extensions.getExtension<RunlensApi>('runlens.runlens');
	assert.ok(ext, 'extension runlens.runlens is installed');
	const api = await ext.activate();
	await api.ready;
	const t = api.testing as
		| { sidebar?: SidebarTesting; charts?: () => Promise<ChartsTesting>; examples?: () => Promise<ExamplesTesting> }
		| undefined;
	assert.ok(t?.sidebar && t.charts && t.examples, 'api.testing is exposed when RUNLENS_TEST=1');
	return { api, t: { sidebar: t.sidebar, charts: await t.charts(), examples: await t.examples() } };
}

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

/** A rendered tooltip (escaped markdown: `&nbsp;`, `\\.`, blank lines between lines) as its plain text. */
function plain(tooltip: string | undefined): string {
	return (tooltip ?? '')
		.replace(/\*\*/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1')
		.replace(/\n\n/g, '\n');
}

const workspaceItem = (t: RenderedItem[]): RenderedItem | undefined => t.find((i) => i.id.endsWith('|workspace'));
const group = (item: RenderedItem | undefined, label: string) => item?.children?.find((c) => c.label === label);
const labels = (item: RenderedItem | undefined): string[] => (item?.children ?? []).map((c) => c.label);

const EVENTS = [
	{
		name: 'checkpoint saved',
		source: 'trainer',
		step: 2,
		wallclock: 1_700_000_002_000,
		metadata: { path: 'ckpt/2.pt' },
	},
	'{"name": "broken',
	{ name: 'lr drop', source: 'scheduler', step: 4, wallclock: 1_700_000_004_000, metadata: { lr: 0.01 } },
];
const TABLE = 'dvclive/tables/val.csv';

/**
 * Run events and per-example tables in the real sidebar, charts and examples panel: events.jsonl
 * (one malformed line) and a recorded lifecycle under the workspace's Events node and as chart
 * annotations; a table with its row count and a validation error; a Studio push outcome recorded.
 */
describe('events and tables in the tree, charts and Studio (real VS Code)', function () {
	this.timeout(90_000);
	let t: Testing;
	let api: RunlensApi;
	let root: string;
	let workspaceId: string;
	const created: string[] = [];
	const rel = (p: string): string => path.join(root, ...p.split('/'));
	const write = (p: string, text: string): void => {
		fs.mkdirSync(path.dirname(rel(p)), { recursive: true });
		fs.writeFileSync(rel(p), text);
		created.push(p);
	};

	before(async () => {
		({ api, t } = await testing());
		root = vscode.workspace.workspaceFolders![0].uri.fsPath;
		const items = await t.sidebar.waitFor((tree) => !!workspaceItem(tree));
		workspaceId = workspaceItem(items)!.id;
	});

	after(async () => {
		t.sidebar.setEventSource(undefined);
		fs.rmSync(rel('.dvc/tmp/exps/run/DVCLIVE_ONLY'), { force: true });
		for (const p of created.reverse()) {
			fs.rmSync(rel(p), { force: true });
		}
		t.examples.close();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		// As in the tests above: in this suite the watcher has missed files of the DVCLive folder
		// (a gap not reproduced by the model alone nor by watcherIdle.test.ts; see the issue note).
		await vscode.commands.executeCommand(CommandIds.refresh);
		await t.sidebar.waitFor(
			(tree) =>
				!group(workspaceItem(tree), 'Tables') && !labels(group(workspaceItem(tree), 'Events')).includes('lr drop'),
		);
	});

	it('shows events.jsonl newest first, a malformed line as an error with its line number, the rest kept', async () => {
		write('dvclive/events.jsonl', EVENTS.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n');
		// The model does not watch a DVCLive dir for new files outside a run (it polls during one): a
		// refresh stands in for the user's, as it must until the watcher covers events.jsonl.
		await vscode.commands.executeCommand(CommandIds.refresh);
		const items = await t.sidebar.waitFor((tree) => labels(group(workspaceItem(tree), 'Events')).includes('lr drop'));
		const events = group(workspaceItem(items), 'Events');
		const names = labels(events);
		// Lifecycle events recorded earlier in this window are newer than these 2023 file events.
		assert.equal(names[0], 'dvclive/events.jsonl:2');
		assert.ok(names.indexOf('lr drop') < names.indexOf('checkpoint saved'), names.join(', '));
		assert.equal(events?.contextValue, 'group.events');
		assert.match(events?.description ?? '', / · 1 error$/);
		const error = events?.children?.[0];
		const lr = events?.children?.find((c) => c.label === 'lr drop');
		const ckpt = events?.children?.find((c) => c.label === 'checkpoint saved');
		assert.equal(error?.contextValue, 'error');
		assert.match(error?.description ?? '', /JSON/);
		assert.equal(lr?.description, `step 4 · ${new Date(1_700_000_004_000).toISOString()}`);
		assert.match(plain(lr?.tooltip), /lr: 0\.01/);
		assert.match(plain(ckpt?.tooltip), /source: trainer/);
		// The experiment lists the file error too, as every file error.
		assert.ok(workspaceItem(items)?.children?.some((c) => c.label === 'dvclive/events.jsonl:2'));
	});

	it('adds a recorded "run started" when a run begins, and filters by source', async () => {
		// Earlier suites (dvcRun) ran the workspace too: only what this run records counts.
		const since = new Date(Date.now() - 1000).toISOString();
		fs.mkdirSync(rel('.dvc/tmp/exps/run'), { recursive: true });
		fs.writeFileSync(rel('.dvc/tmp/exps/run/DVCLIVE_ONLY'), JSON.stringify({ pid: process.pid, exp_name: 'ev-run' }));
		const seenSince = (tree: RenderedItem[]) =>
			(group(workspaceItem(tree), 'Events')?.children ?? [])
				.filter((c) => String(c.label).startsWith('first seen at step '))
				.filter((c) => (/\d{4}-\d\d-\d\dT[\d:.]+Z/.exec(c.description ?? '')?.[0] ?? '') >= since)
				.map((c) => String(c.label));
		// Wait for this run's own record: 'run started' may be left from an earlier suite's run.
		const items = await t.sidebar.waitFor(
			(tree) => seenSince(tree).length > 0 && labels(group(workspaceItem(tree), 'Events')).includes('run started'),
		);
		const started = group(workspaceItem(items), 'Events')?.children?.find((c) => c.label === 'run started');
		assert.match(plain(started?.tooltip), /recorded by Runlens/);
		// The run was at its last step when Runlens saw it start: that is recorded as seen, and the
		// start comes from the series' first row (step 0), not "run started · step 7" (the fixture's last).
		assert.match(started?.description ?? '', /^step 0\b/);
		const seen = seenSince(items);
		const all = (group(workspaceItem(items), 'Events')?.children ?? []).map(
			(c) => `${String(c.label)} [${c.description ?? ''}]`,
		);
		assert.equal(seen.length, 1, `first seen since ${since}: ${all.join(', ')}`);
		assert.ok(Number(seen[0].split(' ').pop()) > 0, seen[0]);

		t.sidebar.setEventSource('scheduler');
		const filtered = await t.sidebar.waitFor((tree) =>
			/source: scheduler/.test(group(workspaceItem(tree), 'Events')?.description ?? ''),
		);
		assert.deepEqual(
			labels(group(workspaceItem(filtered), 'Events')).filter((l) => !l.includes(':')),
			['lr drop'],
		);
		t.sidebar.setEventSource(undefined);
		await t.sidebar.waitFor((tree) => labels(group(workspaceItem(tree), 'Events')).includes('run started'));
	});

	it('draws file and recorded events as chart annotations with their metadata', async () => {
		t.charts.selection.set(workspaceId, true);
		await vscode.commands.executeCommand(CommandIds.showCharts);
		const markers = await until(
			() => {
				const all = t.charts.lastSnapshot()?.charts.flatMap((c) => c.events) ?? [];
				const mine = all.filter((m) => m.experimentId === workspaceId);
				return mine.some((m) => m.name === 'lr drop') && mine.some((m) => m.name === 'run started') ? mine : undefined;
			},
			'chart markers for lr drop and run started',
			60_000,
		);
		const lr = markers.find((m) => m.name === 'lr drop');
		assert.equal(lr?.x, 4);
		assert.ok(lr?.detail.includes('lr: 0.01'), lr?.detail.join('\n'));
		assert.ok(!markers.some((m) => m.name === 'step completed'), 'progress is the lines, not markers');
		fs.rmSync(rel('.dvc/tmp/exps/run/DVCLIVE_ONLY'), { force: true });
		t.charts.selection.set(workspaceId, false);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('lists a table with its row count and validation error; runlens.showExamples opens it', async () => {
		write('data/ev-val.csv', 'text,label\nfirst,0\nsecond,1\nthird,0\n');
		write(`${TABLE}.table.json`, JSON.stringify({ foreign_table: 'data/ev-val.csv' }));
		write(TABLE, 'example_id,loss\n0,0.5\n2,0.25\n9,0.75\n');
		await vscode.commands.executeCommand(CommandIds.refresh); // see the first test
		const items = await t.sidebar.waitFor((tree) =>
			/error/.test(group(group(workspaceItem(tree), 'Tables'), TABLE)?.description ?? ''),
		);
		const table = group(group(workspaceItem(items), 'Tables'), TABLE);
		assert.equal(table?.description, '3 rows · 1 error');
		assert.equal(table?.icon, 'table');
		const [error] = table?.children ?? [];
		assert.equal(error.label, `${TABLE}:4`);
		assert.match(
			error.description ?? '',
			/row 3 .*example_id 9 is past the end of the foreign table data\/ev-val\.csv \(3 rows\)/,
		);

		const ok = await vscode.commands.executeCommand<unknown>(CommandIds.showExamples, {
			experimentId: workspaceId,
			file: TABLE,
		});
		void ok;
		assert.equal(await t.examples.waitForReady(), true);
		const snapshot = t.examples.snapshot();
		assert.equal(snapshot?.total, 3);
		assert.ok(
			snapshot?.errors.some((e) => /past the end/.test(e)),
			JSON.stringify(snapshot?.errors),
		);
		t.examples.close();
	});

	it('records each Studio push outcome as a "studio push" event of source studio', async () => {
		const token = 'isat_integrationToken000000000002';
		const server = await StudioStandIn.start({ token });
		const keys = ['DVC_STUDIO_TOKEN', 'DVC_STUDIO_URL', 'DVC_STUDIO_REPO_URL', 'DVC_STUDIO_OFFLINE'] as const;
		const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
		Object.assign(process.env, { DVC_STUDIO_TOKEN: token, DVC_STUDIO_URL: server.url });
		process.env.DVC_STUDIO_REPO_URL = 'git@example.com:acme/fixture.git';
		delete process.env.DVC_STUDIO_OFFLINE;
		try {
			const exp = api.listExperiments().find((e) => e.name === 'lilac-moss' && e.status === 'success');
			assert.ok(exp, 'the fixture has a finished experiment lilac-moss');
			const result = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.pushToStudio, exp.id);
			assert.equal(result.ok, true);
			t.sidebar.setEventSource('studio');
			const items = await t.sidebar.waitFor((tree) => {
				const node = findById(tree, exp.id);
				return (group(node, 'Events')?.children ?? []).filter((c) => c.label === 'studio push').length >= 3;
			}, 30_000);
			const pushes = group(findById(items, exp.id), 'Events')?.children ?? [];
			assert.ok(pushes.every((p) => p.label === 'studio push'));
			const tooltips = pushes.map((p) => plain(p.tooltip)).join('\n---\n');
			assert.match(tooltips, /outcome: accepted\nevent: done/);
			assert.match(tooltips, /outcome: accepted\nevent: start/);
			assert.match(tooltips, /source: studio/);
		} finally {
			t.sidebar.setEventSource(undefined);
			for (const k of keys) {
				if (saved[k] === undefined) {
					delete process.env[k];
				} else {
					process.env[k] = saved[k];
				}
			}
			await server.close();
		}
	});
});

function findById(items: RenderedItem[] | undefined, id: string): RenderedItem | undefined {
	for (const item of items ?? []) {
		if (item.id === id) {
			return item;
		}
		const found = findById(item.children, id);
		if (found) {
			return found;
		}
	}
	return undefined;
}
