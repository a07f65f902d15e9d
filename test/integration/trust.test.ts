/**
 * Restricted Mode in real VS Code: this file runs in its own code-server run (see
 * scripts/runIntegration.mjs) with workspace trust on, so the fixture folder is untrusted, and a
 * logging `git` wrapper first on PATH (RUNLENS_GIT_LOG). Runlens must read and show the workspace
 * from files, list no git revisions, run no git command at all, refuse to push and say why.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/commands/ids';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import type { RunlensApi } from '../../src/publicApi';

function fixtureRoot(): string {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'a fixture workspace is open');
	return folder.uri.fsPath;
}

function gitCalls(): string {
	const log = process.env.RUNLENS_GIT_LOG;
	assert.ok(log && fs.existsSync(log), 'the harness put a logging git wrapper on PATH');
	return fs.readFileSync(log, 'utf8');
}

describe('untrusted workspace (real VS Code, Restricted Mode)', () => {
	let api: RunlensApi;

	before(async () => {
		const ext = vscode.extensions.getExtension<RunlensApi>('runlens.runlens');
		assert.ok(ext, 'extension runlens.runlens is installed');
		api = await ext.activate();
		await api.ready;
	});

	it('really is untrusted, and the git wrapper is the git on PATH', () => {
		assert.equal(vscode.workspace.isTrusted, false);
		const dirs = (process.env.PATH ?? '').split(path.delimiter);
		const first = dirs.find((d) => fs.existsSync(path.join(d, 'git')));
		assert.equal(first, path.dirname(process.env.RUNLENS_GIT_LOG ?? ''), 'the spy is the first git on PATH');
		assert.ok(fs.existsSync(path.join(fixtureRoot(), '.git')), 'the fixture is a git repo with history to hide');
	});

	it('reads and shows the workspace experiment from files', async () => {
		const rows = api.listExperiments();
		assert.deepEqual(
			rows.map((r) => r.revision),
			['workspace'],
		);
		const metrics = JSON.parse(fs.readFileSync(path.join(fixtureRoot(), 'dvclive/metrics.json'), 'utf8'));
		assert.equal(rows[0].metrics['dvclive/metrics.json:train.loss'], metrics.train.loss);
		assert.equal(rows[0].metrics['dvclive/metrics.json:step'], metrics.step);
		const series = await api.readSeries(rows[0].id, 'train/loss');
		assert.equal(series?.y.length, metrics.step + 1);
		const sidebar = api.testing?.sidebar as SidebarTesting;
		const items = await sidebar.render();
		const labels = JSON.stringify(items);
		assert.ok(items.length > 0, 'the tree shows the workspace');
		for (const hidden of ['azure-bump', 'lilac-moss', 'wider-model', 'Lower the learning rate']) {
			assert.ok(!labels.includes(hidden), `${hidden} (from git) is not in the tree`);
		}
	});

	it('says in the tree why git data is missing', () => {
		const sidebar = api.testing?.sidebar as SidebarTesting;
		assert.match(sidebar.message() ?? '', /Restricted Mode.*git/i);
	});

	it('refuses to push to DVC Studio and says why', async () => {
		const [ws] = api.listExperiments();
		const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
			CommandIds.pushToStudio,
			ws.id,
		);
		assert.equal(result.ok, false);
		assert.match(result.message ?? '', /untrusted/i);
	});

	it('ran no git command at all, even after a refresh and a file change', async () => {
		await vscode.commands.executeCommand(CommandIds.refresh);
		fs.appendFileSync(path.join(fixtureRoot(), 'dvclive/plots/metrics/train/loss.tsv'), '99\t0.001\n');
		const [ws] = api.listExperiments();
		const grown = await api.readSeries(ws.id, 'train/loss');
		assert.ok(grown && grown.y[grown.y.length - 1] === 0.001, 'the appended row is read');
		assert.equal(gitCalls(), '', 'no git invocation was logged');
		// The probe proves the spy sees a git spawned from this extension host the way Runlens spawns it.
		execFileSync('git', ['--version'], { cwd: fixtureRoot() });
		assert.match(gitCalls(), /^[^\n]*: --version\n$/);
	});
});
