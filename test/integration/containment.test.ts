/**
 * No workspace read leaves the repository (real VS Code, trusted window): a project whose dvc.yaml
 * and symlinks point outside the workspace shows each such path as "outside the repository" and
 * none of the outside content. The untrusted window runs the same checks (trustContainment.test.ts).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/commands/ids';
import type { RunlensApi } from '../../src/publicApi';
import { assertContained, makeHostileProject } from './containmentFixture';
import type { Hostile } from './containmentFixture';

describe('containment in a trusted window (real VS Code)', () => {
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
		assert.equal(vscode.workspace.isTrusted, true);
		const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
		assert.ok(root);
		hostile = makeHostileProject(root);
		await assertContained(api, hostile);
	});
});
