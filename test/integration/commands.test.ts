import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SelectionModel } from '../../src/experiments/selection';
import type { ExperimentsModel } from '../../src/model/api';

interface Api {
	ready: Promise<void>;
	testing: { model: ExperimentsModel; selection: SelectionModel };
}

describe('commands (real VS Code)', () => {
	let api: Api;
	before(async () => {
		api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as Api;
		await api.ready;
	});

	it('registers every command package.json contributes, including the ones the issues name', async () => {
		const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
		const registered = new Set(await vscode.commands.getCommands(true));
		for (const { command } of pkg.contributes.commands as { command: string }[]) {
			assert.ok(registered.has(command), `${command} is registered`);
		}
		for (const named of [
			'runlens.selectExperiments',
			'runlens.compareExperiments',
			'runlens.filterExperiments',
			'runlens.openFileAtRevision',
			'runlens.copyValue',
			'runlens.revealArtifact',
			'runlens.pushToStudio',
		]) {
			assert.ok(registered.has(named), `${named} is registered`);
		}
	});

	it('runlens.selectExperiments sets the plotted experiments', async () => {
		const ids = api.testing.model.getExperiments().map((e) => e.id);
		assert.ok(ids.length >= 3);
		await vscode.commands.executeCommand('runlens.selectExperiments', ids.slice(0, 2));
		assert.deepEqual([...api.testing.selection.selected].sort(), ids.slice(0, 2).sort());
		await vscode.commands.executeCommand('runlens.selectExperiments', []);
		assert.deepEqual([...api.testing.selection.selected], []);
	});
});
