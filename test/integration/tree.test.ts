import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import type { RenderedItem } from '../../src/experiments/sidebarTesting';
import { findItem } from '../../src/experiments/sidebarTesting';

async function sidebar(): Promise<SidebarTesting> {
	const ext = vscode.extensions.getExtension('runlens.runlens');
	assert.ok(ext, 'extension runlens.runlens is installed');
	const api = await ext.activate();
	await api.ready;
	const s = api.testing?.sidebar as SidebarTesting | undefined;
	assert.ok(s, 'api.testing.sidebar is exposed when RUNLENS_TEST=1');
	return s;
}

function root(): string {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'a fixture workspace is open');
	return folder.uri.fsPath;
}

function git(...args: string[]): string {
	return execFileSync('git', args, { cwd: root(), encoding: 'utf8' }).trim();
}

const byLabel = (label: string) => (i: RenderedItem) => i.label === label;
const childLabels = (item: RenderedItem | undefined): string[] => (item?.children ?? []).map((c) => c.label);

describe('experiments tree (real VS Code)', () => {
	let s: SidebarTesting;

	before(async () => {
		s = await sidebar();
	});

	it('shows the workspace, baselines with sha and message, and experiments under their baseline', async () => {
		const items = await s.waitFor((t) => !!findItem(t, byLabel('azure-bump')) && !!findItem(t, byLabel('lilac-moss')));
		assert.equal(items[0].label, 'workspace');
		assert.match(items[0].id, /\|workspace$/);
		const main = items.find(byLabel('main'));
		assert.ok(main, `a main baseline among ${items.map((i) => i.label).join(', ')}`);
		const sha = git('rev-parse', '--short=7', 'main');
		assert.equal(main.description, `${sha} · Lower the learning rate`);
		assert.ok(items.some(byLabel('wider-model')), 'the other branch is a baseline too');
		assert.deepEqual(
			childLabels(main)
				.filter((l) => l === 'azure-bump' || l === 'lilac-moss')
				.sort(),
			['azure-bump', 'lilac-moss'],
		);
		const exp = main.children?.find(byLabel('azure-bump'));
		assert.equal(exp?.contextValue, 'experiment');
		assert.equal(exp?.icon, 'pass');
		assert.equal(exp?.checkbox, 'unchecked');
		assert.match(exp?.tooltip ?? '', /azure\\?-bump/);
	});

	it("shows an experiment's params changed against its baseline, metrics, plots and artifacts", async () => {
		const items = await s.render();
		const exp = findItem(items, byLabel('azure-bump'));
		assert.ok(exp?.children);
		const groups = childLabels(exp);
		for (const g of ['Params', 'Metrics', 'Plots', 'Artifacts']) {
			assert.ok(groups.includes(g), `group ${g} in ${groups.join(', ')}`);
		}
		const params = exp.children.find(byLabel('Params'));
		// One naming rule: the file is a group, its keys under it.
		assert.deepEqual(childLabels(params), ['dvclive/params.yaml', 'params.yaml']);
		const file = params?.children?.find(byLabel('dvclive/params.yaml'));
		assert.equal(file?.contextValue, 'file.group');
		assert.deepEqual(childLabels(file), ['lr', 'epochs']);
		const lr = file?.children?.find(byLabel('lr'));
		assert.ok(lr, `lr among ${childLabels(file).join(', ')}`);
		assert.equal(lr.description, '0.02 (baseline 0.05)');
		assert.equal(lr.contextValue, 'value');
		// Changed: the diff icon and the baseline value, not a label highlight (which reads as a search hit).
		assert.equal(lr.icon, 'diff-modified');
		assert.equal(lr.highlights, undefined);
		assert.equal(childLabels(params?.children?.find(byLabel('params.yaml'))).includes('model.layers'), true);
		const plots = exp.children.find(byLabel('Plots'));
		assert.ok(childLabels(plots).includes('train/loss'), childLabels(plots).join(', '));
		assert.equal(plots?.children?.find(byLabel('train/loss'))?.contextValue, 'series');
		const artifact = exp.children.find(byLabel('Artifacts'))?.children?.find(byLabel('classifier'));
		assert.ok(artifact);
	});

	it('selects an experiment for the charts with its checkbox, showing its colour', async () => {
		const items = await s.render();
		const exp = findItem(items, byLabel('azure-bump'));
		assert.ok(exp);
		s.setChecked(exp.id, true);
		assert.ok(s.selected().includes(exp.id));
		const checked = await s.waitFor((t) => findItem(t, (i) => i.id === exp.id)?.checkbox === 'checked');
		const icon = findItem(checked, (i) => i.id === exp.id)?.icon ?? '';
		assert.match(icon, /dot-.*\.svg$/);
		assert.match(fs.readFileSync(icon, 'utf8'), /<circle [^>]*fill="(#[0-9a-f]{6}|hsl\(\d+, \d+%, \d+%\))"/);
		s.setChecked(exp.id, false);
		assert.ok(!s.selected().includes(exp.id));
		await s.waitFor((t) => findItem(t, (i) => i.id === exp.id)?.checkbox === 'unchecked');
	});

	it('adds an experiment when a new exp ref appears, without a refresh command', async () => {
		const baseline = git('rev-parse', 'main');
		const items = await s.render();
		const source = findItem(items, byLabel('azure-bump'));
		assert.ok(source);
		const sha = git('rev-parse', `refs/exps/${baseline.slice(0, 2)}/${baseline.slice(2)}/azure-bump`);
		const ref = `refs/exps/${baseline.slice(0, 2)}/${baseline.slice(2)}/fresh-otter`;
		git('update-ref', ref, sha);
		try {
			const after = await s.waitFor((t) => !!findItem(t, byLabel('fresh-otter')));
			assert.ok(childLabels(after.find(byLabel('main'))).includes('fresh-otter'));
		} finally {
			git('update-ref', '-d', ref);
		}
		await s.waitFor((t) => !findItem(t, byLabel('fresh-otter')));
	});

	it('shows a malformed metrics file as an error node and keeps the rest', async () => {
		const file = path.join(root(), 'dvclive/metrics.json');
		const original = fs.readFileSync(file, 'utf8');
		fs.writeFileSync(file, '{"train": {"loss": 0.5,,}');
		// Other suites may leave errors of their own files; look for this file's error by name.
		const isMetricsError = (c: { contextValue?: string; label?: string }) =>
			c.contextValue === 'error' && /^dvclive\/metrics\.json/.test(c.label ?? '');
		try {
			const items = await s.waitFor((t) => t[0]?.children?.some(isMetricsError) === true);
			const err = items[0].children?.find(isMetricsError);
			assert.match(err?.label ?? '', /^dvclive\/metrics\.json/);
			assert.ok(childLabels(items[0]).includes('Params'), 'params still shown');
			assert.ok(findItem(items, byLabel('azure-bump')), 'other experiments still shown');
		} finally {
			fs.writeFileSync(file, original);
		}
		await s.waitFor((t) => !t[0]?.children?.some(isMetricsError));
	});

	it("opens a value's file at the experiment's revision as a read-only document", async () => {
		const items = await s.render();
		const lr = findItem(items, (i) => i.id.includes('|azure-bump/params/') && i.id.endsWith('dvclive/params.yaml:lr'));
		assert.ok(lr);
		await vscode.commands.executeCommand('runlens.openFileAtRevision', { id: lr.id });
		const editor = vscode.window.activeTextEditor;
		assert.equal(editor?.document.uri.scheme, 'runlens-rev');
		assert.match(editor?.document.getText() ?? '', /lr: 0\.02/);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	it('hides everything but running experiments on demand', async () => {
		await vscode.commands.executeCommand('runlens.experiments.toggleOnlyRunning');
		try {
			const items = await s.waitFor((t) => t.length === 1 && t[0].id === 'message:empty');
			assert.equal(items[0].label, 'No experiments are running');
		} finally {
			await vscode.commands.executeCommand('runlens.experiments.toggleOnlyRunning');
		}
		await s.waitFor((t) => !!findItem(t, byLabel('azure-bump')));
	});

	it("lists the shown experiment's artifacts with type, size and a tooltip", async () => {
		const items = await s.render();
		s.showArtifactsOf(items[0].id);
		const artifacts = await s.renderArtifacts();
		const classifier = artifacts.find(byLabel('classifier'));
		assert.ok(classifier, JSON.stringify(artifacts));
		assert.match(classifier.description ?? '', /^model · \d+ B · model\.pt$/);
		// MarkdownString.appendText keeps spaces as &nbsp;: compare the text the user reads.
		const tooltip = (classifier.tooltip ?? '').replace(/&nbsp;/g, ' ');
		assert.match(tooltip, /The trained classifier/);
		assert.match(tooltip, /md5: [0-9a-f]{32}/);
		assert.match(classifier.contextValue ?? '', /^artifact/);
	});
});
