/**
 * Runs in the Restricted Mode run (file prefix `trust`): every experiment action is refused with the
 * reason, the Team view says why it lists nothing, and no git command runs (the harness's logging
 * git wrapper on PATH stays as it was).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ActionsTesting } from '../../src/actions/register';
import { CommandIds } from '../../src/commands/ids';
import type { ExperimentsModel } from '../../src/model/api';

interface Api {
	ready: Promise<void>;
	testing: { model: ExperimentsModel; actions: ActionsTesting };
}

const gitLog = (): string => {
	const log = process.env.RUNLENS_GIT_LOG;
	return log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
};

describe('experiment actions in an untrusted workspace (real VS Code, Restricted Mode)', () => {
	it('refuses every action with the reason and runs no git', async () => {
		const api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as Api;
		await api.ready;
		assert.equal(vscode.workspace.isTrusted, false);
		const before = gitLog();
		const { prompts } = api.testing.actions;
		const arg = { experimentId: 'any|exp|0|x' };
		for (const command of [
			CommandIds.applyExperiment,
			CommandIds.branchFromExperiment,
			CommandIds.renameExperiment,
			CommandIds.removeExperiments,
			CommandIds.pushExperiments,
			CommandIds.pullExperiments,
			CommandIds.teamRefresh,
		]) {
			const shown = prompts.asked.length;
			await vscode.commands.executeCommand(command, arg, [arg]);
			const last = prompts.asked[prompts.asked.length - 1];
			assert.ok(prompts.asked.length > shown, `${command} said something`);
			assert.equal(last.kind, 'error');
			assert.match(last.message, /needs a trusted workspace: git could run programs/);
		}
		assert.equal(gitLog(), before, 'no git command ran');
	});
});
