/**
 * A hostile DVC project created inside the open fixture folder for the containment tests (main and
 * untrusted runs): its dvc.yaml climbs out with `..` and an absolute path, and symlinks (file,
 * directory, chain) point at secrets in a folder outside the workspace. Runlens must show each as
 * "outside the repository" and nothing of what they point at.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/commands/ids';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import { findItem } from '../../src/experiments/sidebarTesting';
import type { RenderedItem } from '../../src/experiments/sidebarTesting';
import type { RunlensApi } from '../../src/publicApi';

export const SECRET = 'SECRET-c0ffee';
export const SECRET_NUM = 9137.0625;
const OUTSIDE = 'outside the repository';

export interface Hostile {
	dir: string;
	outside: string;
	/** Paths the tree must show as outside the repository, as dvc.yaml (or the symlink) names them. */
	refused: string[];
	dispose(): void;
}

function write(root: string, rel: string, text: string): void {
	fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
	fs.writeFileSync(path.join(root, rel), text);
}

export function makeHostileProject(workspace: string): Hostile {
	const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-outside-'));
	write(outside, 'params.yaml', `lr: ${SECRET_NUM}\nnote: ${SECRET}\n`);
	write(outside, 'metrics.json', JSON.stringify({ acc: SECRET_NUM, note: SECRET }));
	write(outside, 'loss.tsv', `step\tloss\n0\t${SECRET_NUM}\n`);
	write(outside, 'model.bin', SECRET);
	write(outside, 'dir/m.json', JSON.stringify({ acc: SECRET_NUM }));
	const dir = path.join(workspace, 'hostile');
	const rel = path.relative(dir, outside).split(path.sep).join('/');
	write(dir, '.dvc/config', '');
	write(dir, 'inside.json', '{"acc": 0.625}');
	for (const [link, target] of [
		['linked.json', path.join(outside, 'metrics.json')],
		['linkdir', path.join(outside, 'dir')],
		['hop.json', path.join(outside, 'metrics.json')],
		['chain.json', 'hop.json'],
		['linked_loss.tsv', path.join(outside, 'loss.tsv')],
		['linked_model.bin', path.join(outside, 'model.bin')],
		['inner_link.json', 'inside.json'],
	]) {
		fs.symlinkSync(target, path.join(dir, link));
	}
	const refused = [
		`${rel}/params.yaml`,
		`${rel}/metrics.json`,
		path.join(outside, 'metrics.json'),
		'linked.json',
		'linkdir/m.json',
		'chain.json',
		`${rel}/loss.tsv`,
		'linked_loss.tsv',
		`${rel}/model.bin`,
		'linked_model.bin',
	];
	const yaml = [
		'params:',
		`- ${rel}/params.yaml`,
		'metrics:',
		`- ${rel}/metrics.json`,
		`- ${path.join(outside, 'metrics.json')}`,
		'- linked.json',
		'- linkdir/m.json',
		'- chain.json',
		'- inner_link.json',
		'plots:',
		`- ${rel}/loss.tsv`,
		'- linked_loss.tsv',
		'artifacts:',
		'  stolen:',
		`    path: ${rel}/model.bin`,
		'  linked:',
		'    path: linked_model.bin',
		'',
	].join('\n');
	// dvc.yaml last: its creation is what makes Runlens discover the project.
	write(dir, 'dvc.yaml', yaml);
	return {
		dir,
		outside,
		refused,
		dispose: () => {
			fs.rmSync(dir, { recursive: true, force: true });
			fs.rmSync(outside, { recursive: true, force: true });
		},
	};
}

function workspaceOf(api: RunlensApi, dir: string) {
	return api.listExperiments().find((e) => e.projectRoot === dir && e.revision === 'workspace');
}

const errorShown = (items: RenderedItem[], file: string): boolean =>
	!!findItem(items, (i) => i.label === file && i.description === OUTSIDE);

/** Waits for the hostile project in the tree, then checks every refusal and that no secret is shown anywhere. */
export async function assertContained(api: RunlensApi, h: Hostile): Promise<void> {
	const sidebar = api.testing?.sidebar as SidebarTesting;
	await vscode.commands.executeCommand(CommandIds.refresh);
	const items = await sidebar
		.waitFor((t) => h.refused.every((f) => errorShown(t, f)), 30_000)
		.catch(async (err: unknown) => {
			const t = await sidebar.render();
			const missing = h.refused.filter((f) => !errorShown(t, f));
			throw new Error(`${String(err)}; not shown as outside: ${missing.join(', ')}`);
		});
	const ws = workspaceOf(api, h.dir);
	assert.ok(ws, 'the hostile project has a workspace row');
	assert.equal(ws.metrics['inner_link.json:acc'], 0.625, 'a symlink that stays inside is read');
	const shown = JSON.stringify(items);
	assert.ok(!shown.includes(SECRET) && !shown.includes(String(SECRET_NUM)), 'the tree shows no outside content');
	const listed = JSON.stringify(api.listExperiments());
	assert.ok(!listed.includes(SECRET) && !listed.includes(String(SECRET_NUM)), 'the API lists no outside value');
	const series = await api.readSeries(ws.id, 'loss');
	assert.ok(!series || series.y.length === 0, 'no series from an outside plot file');
	sidebar.showArtifactsOf(ws.id);
	const arts = await sidebar.renderArtifacts();
	const linked = findItem(arts, (i) => i.label === 'linked');
	assert.ok(linked?.description?.includes(OUTSIDE), `artifact shows the refusal: ${JSON.stringify(arts)}`);
	for (const a of arts) {
		assert.doesNotMatch(a.tooltip ?? '', /md5:|size:/, `no size or hash for ${a.label}`);
	}
	assert.ok(
		sidebar.watchedPaths().every((p) => !p.startsWith(h.outside)),
		'nothing outside the workspace is watched',
	);
}

/** The containment suite, run by the trusted (containment.test.ts) and the untrusted window (trustContainment.test.ts). */
export function describeContainment(title: string, trusted: boolean): void {
	describe(title, () => {
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
			assert.equal(vscode.workspace.isTrusted, trusted);
			const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
			assert.ok(root);
			hostile = makeHostileProject(root);
			await assertContained(api, hostile);
		});
	});
}
