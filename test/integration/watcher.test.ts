import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import type { RenderedItem } from '../../src/experiments/sidebarTesting';
import { findItem } from '../../src/experiments/sidebarTesting';

async function sidebar(): Promise<SidebarTesting> {
	const ext = vscode.extensions.getExtension('runlens.runlens');
	assert.ok(ext, 'extension runlens.runlens is installed');
	const api = await ext.activate();
	await api.ready;
	const s = api.testing?.sidebar as SidebarTesting | undefined;
	assert.ok(s, 'api.testing.sidebar is exposed when RUNLENS_TEST=1');
	return s;
}

/** Polls `check` until it holds or the deadline passes (no fixed sleeps). */
async function eventually(check: () => boolean | undefined, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}

const workspaceItem = (t: RenderedItem[]): RenderedItem | undefined => t.find((i) => i.id.endsWith('|workspace'));

/**
 * Live updates while a DVCLive-only run writes into the workspace. The run is announced the way
 * DVCLive does it (`.dvc/tmp/exps/run/DVCLIVE_ONLY` with a live pid: this extension host's).
 */
describe('live updates from the file system (real VS Code)', () => {
	let s: SidebarTesting;
	let root: string;
	const restore: [string, string | undefined][] = [];
	const rel = (p: string): string => path.join(root, ...p.split('/'));
	const save = (p: string): void => {
		restore.push([rel(p), fs.existsSync(rel(p)) ? fs.readFileSync(rel(p), 'utf8') : undefined]);
	};
	const writeMetrics = (step: number): void => {
		fs.writeFileSync(
			rel('dvclive/metrics.json'),
			JSON.stringify({ train: { loss: 1 / (step + 1) }, eval: { acc: 0.5 }, step }, null, 4) + '\n',
		);
	};

	before(async () => {
		s = await sidebar();
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder);
		root = folder.uri.fsPath;
		await s.waitFor((t) => !!workspaceItem(t));
		for (const p of ['dvclive/metrics.json', 'dvclive/plots/metrics/train/loss.tsv']) {
			save(p);
		}
	});

	after(async () => {
		fs.rmSync(rel('.dvc/tmp/exps/run/DVCLIVE_ONLY'), { force: true });
		fs.rmSync(rel('dvclive/plots/metrics/burst'), { recursive: true, force: true });
		for (const [file, text] of restore) {
			if (text !== undefined) {
				fs.writeFileSync(file, text);
			}
		}
		await s.waitFor((t) => workspaceItem(t)?.contextValue === 'experiment');
	});

	it('marks the workspace as running when DVCLive announces a run, with a status bar item', async () => {
		fs.mkdirSync(rel('.dvc/tmp/exps/run'), { recursive: true });
		fs.writeFileSync(rel('.dvc/tmp/exps/run/DVCLIVE_ONLY'), JSON.stringify({ pid: process.pid, exp_name: 'live-run' }));
		const items = await s.waitFor((t) => workspaceItem(t)?.contextValue === 'experiment.running');
		assert.equal(workspaceItem(items)?.icon, 'sync~spin');
		// One run, shown once: the workspace row names the experiment; no second row, one status bar entry.
		assert.match(workspaceItem(items)?.description ?? '', /^live-run\b/);
		assert.equal(
			findItem(items, (i) => i.label === 'live-run'),
			undefined,
		);
		assert.match(s.statusBarText() ?? '', /^\$\(sync~spin\) live-run \(workspace\)/);
		assert.equal((s.statusBarText()?.match(/live-run/g) ?? []).length, 1);
	});

	it('updates the step when a run appends rows and rewrites metrics.json', async () => {
		fs.appendFileSync(rel('dvclive/plots/metrics/train/loss.tsv'), '8\t0.2\n');
		writeMetrics(8);
		// DVCLive counts steps from 0: step 8 is the 9th, past the total from params (epochs: 8).
		let items = await s.waitFor((t) => /\b9 steps \(planned 8\)/.test(workspaceItem(t)?.description ?? ''));
		fs.appendFileSync(rel('dvclive/plots/metrics/train/loss.tsv'), '9\t0.19\n');
		writeMetrics(9);
		// A full bar and the steps against the plan, never 10/8.
		items = await s.waitFor((t) => /\b10 steps \(planned 8\)/.test(workspaceItem(t)?.description ?? ''));
		assert.match(workspaceItem(items)?.description ?? '', /▰▰▰▰▰ 100%/);
		const metrics = workspaceItem(items)?.children?.find((c) => c.label === 'Metrics');
		const file = metrics?.children?.find((c) => c.label === 'dvclive/metrics.json');
		assert.ok(file?.children?.some((c) => c.label === 'step' && c.description?.startsWith('9')));
	});

	it('picks up a directory tree created in a burst and later appends below it', async () => {
		// What DVCLive does the first time it logs `burst/deep/loss`: the watcher reports only
		// `burst`, and nothing at all for later writes inside `burst/deep`.
		const dir = rel('dvclive/plots/metrics/burst/deep');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'loss.tsv'), 'step\tloss\n0\t1.0\n');
		const file = 'dvclive/plots/metrics/burst/deep/loss.tsv';
		const items = await s.waitFor((t) => {
			const plots = workspaceItem(t)?.children?.find((c) => c.label === 'Plots');
			return plots?.children?.some((c) => c.label === 'burst/deep/loss') === true;
		});
		const wsId = workspaceItem(items)?.id ?? '';
		assert.equal(await s.readSeriesLength(wsId, file), 1);
		for (let row = 1; row <= 3; row++) {
			fs.appendFileSync(path.join(dir, 'loss.tsv'), `${row}\t${1 / (row + 1)}\n`);
			await eventually(() => s.lastAppendLength(wsId, file) === row + 1, `row ${row} of ${file} to be reported`);
		}
	});
	it('takes files.watcherExclude from the workspace folder the path is in', async () => {
		const folder = vscode.workspace.workspaceFolders![0];
		const plots = rel('dvclive/plots');
		const watchesPlots = () => s.watchedPaths().some((p) => p.startsWith(plots));
		await eventually(watchesPlots, 'dvclive/plots to be watched');
		const files = vscode.workspace.getConfiguration('files', folder.uri);
		const before = files.inspect<Record<string, boolean>>('watcherExclude')?.workspaceFolderValue;
		const target = vscode.ConfigurationTarget.WorkspaceFolder;
		await files.update('watcherExclude', { ...before, 'dvclive/plots': true }, target);
		try {
			await eventually(() => !watchesPlots(), "dvclive/plots to be unwatched by the folder's setting");
		} finally {
			await files.update('watcherExclude', before, target);
		}
		await eventually(watchesPlots, 'dvclive/plots to be watched again once the setting is gone');
	});
});
