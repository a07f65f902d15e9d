import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('activation', () => {
	it('activates on the fixture workspace and returns API version 1', async () => {
		const ext = vscode.extensions.getExtension('runlens.runlens');
		assert.ok(ext, 'extension runlens.runlens is installed');
		const api = await ext.activate();
		assert.equal(api.version, 1);
		assert.equal(vscode.version, '1.99.3');
	});
	it('loads charts, per-example metrics and Studio on first use, not at activation', async () => {
		const ext = vscode.extensions.getExtension('runlens.runlens');
		assert.ok(ext);
		const api = await ext.activate();
		await api.ready;
		const testing = api.testing as { loadedFeatures(): string[] };
		assert.deepEqual(testing.loadedFeatures(), [], 'no lazy feature is loaded by activation and the first scan');
		// The thin handler registered at activation loads the feature, then runs its real handler. An
		// experiment's inline button passes its id: with none, Show Charts would ask which to plot.
		const [first] = (api as { listExperiments(): { id: string }[] }).listExperiments();
		assert.ok(first, 'the fixture has an experiment');
		await vscode.commands.executeCommand('runlens.showCharts', first.id);
		assert.deepEqual(testing.loadedFeatures(), ['charts']);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
