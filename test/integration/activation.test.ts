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
});
