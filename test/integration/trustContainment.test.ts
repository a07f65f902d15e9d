/**
 * The containment checks of containment.test.ts in the Restricted Mode window (this file runs in the
 * "untrusted" run, after trust.test.ts): reads are contained whether or not the folder is trusted.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/commands/ids';
import type { RunlensApi } from '../../src/publicApi';
import { assertContained, makeHostileProject } from './containmentFixture';
import type { Hostile } from './containmentFixture';

describe('containment in an untrusted window (real VS Code, Restricted Mode)', () => {
	let api: RunlensApi;
	let hostile: Hostile | undefined;

	before(async () => {
		const ext = vscode.extensions.getExtension<RunlensApi>('runlens.runlens');
		assert.ok(ext, 'extension runlens.runlens is installed');
		api = await ext.activate();
		await api.ready;
	});

	after(async () => {
		const dir = hostile?.dir;
		hostile?.dispose();
		// The other test files expect the fixture as it was: wait until the hostile project is gone.
		await vscode.commands.executeCommand(CommandIds.refresh);
		const deadline = Date.now() + 30_000;
		while (api.listExperiments().some((e) => e.projectRoot === dir) && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 100));
		}
		assert.ok(!api.listExperiments().some((e) => e.projectRoot === dir), 'the hostile project was removed');
	});

	it('shows `..`, absolute and symlinked-out paths as errors with no outside content', async () => {
		assert.equal(vscode.workspace.isTrusted, false);
		const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
		assert.ok(root);
		hostile = makeHostileProject(root);
		await assertContained(api, hostile);
	});
});
