import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIds } from '../../../src/commands/ids';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));

describe('package.json manifest', () => {
	it('contributes exactly the commands of the command table', () => {
		const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
		assert.deepEqual(contributed, Object.values(CommandIds).sort());
	});

	it('every menu entry names a contributed command', () => {
		const ids = new Set(Object.values(CommandIds) as string[]);
		for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
			for (const e of entries) {
				assert.ok(ids.has(e.command), `${menu} names unknown command ${e.command}`);
			}
		}
	});

	it('shows the DVC run actions only with a DVC CLI, and the set-up hint only without one', () => {
		const runActions: string[] = Object.values(CommandIds).filter(
			(id) => id.startsWith('runlens.dvc.') && id !== CommandIds.dvcSetup,
		);
		assert.ok(runActions.length >= 9, runActions.join(', '));
		const gate = '(runlens.dvcAvailable || !isWorkspaceTrusted)';
		let placed = 0;
		for (const [menu, entries] of Object.entries(
			pkg.contributes.menus as Record<string, { command: string; when?: string }[]>,
		)) {
			for (const e of entries.filter((x) => runActions.includes(x.command))) {
				placed++;
				// Untrusted, they stay visible so that running one says why it is disabled.
				assert.ok(e.when?.includes(gate), `${menu} ${e.command} is gated on ${gate} (when: ${e.when})`);
			}
			for (const e of entries.filter((x) => x.command === CommandIds.dvcSetup)) {
				assert.match(e.when ?? '', /isWorkspaceTrusted && !runlens\.dvcAvailable/, `${menu} set-up hint`);
			}
		}
		assert.ok(placed > runActions.length, 'the run actions are in the palette and in menus');
		const tableRun = pkg.contributes.menus['webview/context'].filter((e: { command: string }) =>
			runActions.includes(e.command),
		);
		assert.ok(tableRun.length > 0, "the table's rows offer run actions");
		const welcome = pkg.contributes.viewsWelcome.find((v: { contents: string }) =>
			v.contents.includes('command:runlens.dvc.setup'),
		);
		assert.match(welcome?.contents ?? '', /pip install dvc/);
		assert.match(welcome?.when ?? '', /!runlens\.dvcAvailable/);
	});

	it('has the identity, engine and views the marketplace and VS Code 1.99 expect', () => {
		assert.equal(`${pkg.publisher}.${pkg.name}`, 'runlens.runlens');
		assert.equal(pkg.main, './dist/extension.js');
		assert.match(pkg.engines.vscode, /^\^1\.(\d+)\./);
		assert.ok(Number(/^\^1\.(\d+)/.exec(pkg.engines.vscode)![1]) <= 99, 'engines.vscode must not be newer than 1.99');
		const views = pkg.contributes.views.runlens.map((v: { id: string }) => v.id);
		assert.deepEqual(views, ['runlens.experiments', 'runlens.artifacts', 'runlens.team']);
		// A view may have several welcomes (each with its own `when`), but every view has one.
		const welcomed = [...new Set(pkg.contributes.viewsWelcome.map((v: { view: string }) => v.view))].sort();
		assert.deepEqual(welcomed, ['runlens.artifacts', 'runlens.experiments', 'runlens.team']);
	});

	it('activates on exact-name workspace files, the views and the webview panels', () => {
		const events: string[] = pkg.activationEvents;
		assert.ok(events.includes('workspaceContains:dvc.yaml'));
		assert.ok(events.includes('workspaceContains:dvclive/metrics.json'));
		assert.ok(events.includes('onView:runlens.experiments'));
		assert.ok(events.includes('onView:runlens.artifacts'));
		assert.ok(
			!events.some((e) => e.includes('**')),
			'no recursive globs: they make VS Code search the whole tree at startup',
		);
	});

	it('ships an allow-list .vscodeignore', () => {
		const lines = readFileSync(join(__dirname, '../../../.vscodeignore'), 'utf8').split('\n');
		assert.equal(
			lines.find((l) => l && !l.startsWith('#')),
			'**',
		);
		for (const keep of [
			'!dist/extension.js',
			'!package.json',
			'!README.md',
			'!LICENSE',
			'!CHANGELOG.md',
			'!media/**',
		]) {
			assert.ok(lines.includes(keep), `${keep} missing`);
		}
	});
});
