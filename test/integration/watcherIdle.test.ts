import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import type { RenderedItem } from '../../src/experiments/sidebarTesting';

const workspaceItem = (t: RenderedItem[]): RenderedItem | undefined => t.find((i) => i.id.endsWith('|workspace'));
const eventLabels = (t: RenderedItem[]): string[] =>
	(workspaceItem(t)?.children?.find((c) => c.contextValue === 'group.events')?.children ?? []).map((c) => c.label);

/**
 * No run is active here, so the model's poll does not run: only the file watcher can tell the model
 * that a file appeared in, or vanished from, the DVCLive folder.
 */
describe('file watching outside a run (real VS Code)', () => {
	it('sees a file added to and removed from the DVCLive folder, without a refresh', async () => {
		const api = await vscode.extensions.getExtension('runlens.runlens')!.activate();
		await api.ready;
		const s = api.testing.sidebar as SidebarTesting;
		const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'dvclive', 'events.jsonl');
		assert.ok(!fs.existsSync(file), 'the fixture starts without events.jsonl');
		fs.writeFileSync(file, JSON.stringify({ name: 'idle-probe', source: 'test', step: 1 }) + '\n');
		try {
			await s.waitFor((t) => eventLabels(t).includes('idle-probe'));
		} finally {
			fs.rmSync(file, { force: true });
		}
		await s.waitFor((t) => !eventLabels(t).includes('idle-probe'));
	});
});
