import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/commands/ids';
import type { RunlensApi } from '../../src/publicApi';
import { StudioStandIn } from '../support/studioServer';

const TOKEN = 'isat_integrationToken000000000001';
const ENV_KEYS = ['DVC_STUDIO_TOKEN', 'DVC_STUDIO_URL', 'DVC_STUDIO_REPO_URL', 'DVC_STUDIO_OFFLINE'] as const;

async function api(): Promise<RunlensApi> {
	const ext = vscode.extensions.getExtension<RunlensApi>('runlens.runlens');
	assert.ok(ext, 'extension runlens.runlens is installed');
	const exports = await ext.activate();
	await exports.ready;
	return exports;
}

/** Waits for the stand-in to have received an event (the outbox delivers asynchronously). */
async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 600 && !check(); i++) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	assert.ok(check(), what);
}

describe('push to DVC Studio (real VS Code)', () => {
	let server: StudioStandIn;
	const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

	before(async () => {
		server = await StudioStandIn.start({ token: TOKEN });
		for (const key of ENV_KEYS) {
			saved[key] = process.env[key];
		}
		// The extension host shares this process: DVC's env variables configure Studio as they would for DVC.
		process.env.DVC_STUDIO_TOKEN = TOKEN;
		process.env.DVC_STUDIO_URL = server.url;
		process.env.DVC_STUDIO_REPO_URL = 'git@example.com:acme/fixture.git';
		delete process.env.DVC_STUDIO_OFFLINE;
	});

	after(async () => {
		for (const key of ENV_KEYS) {
			if (saved[key] === undefined) {
				delete process.env[key];
			} else {
				process.env[key] = saved[key];
			}
		}
		await server.close();
	});

	it('pushes a finished experiment: start, data with its rows, done, all accepted by the stand-in', async () => {
		const runlens = await api();
		const exp = runlens.listExperiments().find((e) => e.name === 'azure-bump' && e.status === 'success');
		assert.ok(exp, 'the fixture has a finished experiment azure-bump');
		const result = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.pushToStudio, exp.id);
		assert.equal(result.ok, true);
		await until(
			() => server.events('done').some((b) => b.name === 'azure-bump'),
			'a done event for azure-bump arrived',
		);
		const bodies = server.events().filter((b) => b.name === 'azure-bump');
		assert.deepEqual(
			bodies.map((b) => b.type),
			['start', 'data', 'data', 'done'],
		);
		assert.ok(bodies.every((b) => b.client === 'runlens' && b.baseline_sha === exp.baseline));
		assert.equal(bodies[3].experiment_rev, exp.revision);
		const plots = bodies[2].plots as Record<string, { data?: unknown[] }>;
		assert.ok(
			Object.values(plots).some((p) => (p.data?.length ?? 0) > 0),
			'the plot rows were sent',
		);
		assert.deepEqual(server.rejected, []);
	});

	it('refuses to push something that is not an experiment id, with a message', async () => {
		await api();
		const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(
			CommandIds.pushToStudio,
			'no-such-id',
		);
		assert.equal(result.ok, false);
		assert.match(result.message, /no-such-id/);
	});
});
