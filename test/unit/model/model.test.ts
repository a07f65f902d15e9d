import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SeriesAppend } from '../../../src/model/api';
import { createExperimentsModel } from '../../../src/model/model';
import { cleanup, commitAll, git, initRepo, write } from '../git/repoHelpers';

const DVC_YAML =
	'params:\n- dvclive/params.yaml\nmetrics:\n- dvclive/metrics.json\nplots:\n- dvclive/plots/metrics:\n    x: step\n';

function project(dir: string, lr: number): void {
	write(dir, '.dvc/config', '');
	write(dir, 'dvc.yaml', DVC_YAML);
	write(dir, 'params.yaml', `lr: ${lr}\nepochs: 10\n`);
	write(dir, 'dvclive/params.yaml', 'batch: 8\n');
	write(dir, 'dvclive/metrics.json', '{"train": {"loss": 0.5}, "step": 1}');
	write(dir, 'dvclive/plots/metrics/train/loss.tsv', 'step\tloss\n0\t1\n1\t0.5\n');
}

describe('ExperimentsModelImpl', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('reads workspace, commits and experiments like dvc exp show', async () => {
		const dir = initRepo();
		dirs.push(dir);
		project(dir, 0.1);
		const base = commitAll(dir, 'base');
		project(dir, 0.2);
		git(dir, 'add', '-A');
		const exp = git(dir, 'commit-tree', git(dir, 'write-tree'), '-p', base, '-m', 'exp');
		git(dir, 'update-ref', `refs/exps/${base.slice(0, 2)}/${base.slice(2)}/my-exp`, exp);
		write(dir, 'dvclive/metrics.json', '{"train": {"loss": 0.25}, "step": 2}');
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: true,
			commitsPerBranch: 5,
			showAllBranches: true,
		});
		await model.ready;
		const exps = model.getExperiments();
		assert.deepEqual(
			exps.map((e) => e.kind),
			['workspace', 'commit', 'experiment'],
		);
		const [ws, commit, e] = exps;
		assert.deepEqual(ws.metrics['dvclive/metrics.json'], { 'train.loss': 0.25, step: 2 });
		assert.deepEqual(commit.params['params.yaml'], { lr: 0.1, epochs: 10 });
		assert.deepEqual(e.params['params.yaml'], { lr: 0.2, epochs: 10 });
		assert.deepEqual(e.params['dvclive/params.yaml'], { batch: 8 });
		assert.deepEqual(
			ws.series.map((s) => [s.name, s.column]),
			[['train/loss', 'loss']],
		);
		assert.deepEqual(ws.progress, { step: 2, total: 10 });
		const table = await model.readSeriesTable(e.id, 'dvclive/plots/metrics/train/loss.tsv');
		assert.deepEqual([...table!.data.loss.subarray(0, table!.length)], [1, 0.5]);
		model.dispose();
	});

	it('reports appends from the last offset and truncation as reset', async () => {
		const dir = initRepo();
		dirs.push(dir);
		project(dir, 0.1);
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: false,
			commitsPerBranch: 1,
			showAllBranches: false,
			debounceMs: 5,
		});
		await model.ready;
		const file = 'dvclive/plots/metrics/train/loss.tsv';
		const abs = path.join(dir, file);
		const id = model.getExperiments()[0].id;
		assert.equal((await model.readSeriesTable(id, file))!.length, 2);
		const seen: SeriesAppend[] = [];
		model.onDidAppendSeries((a) => seen.push(a));
		appendFileSync(abs, '2\t0.25\n');
		await model.pollRunning();
		writeFileSync(abs, 'step\tloss\n0\t9\n');
		await model.pollRunning();
		assert.deepEqual(
			seen.map((s) => [s.from, s.reset, s.table.length]),
			[
				[2, false, 3],
				[0, true, 1],
			],
		);
		model.dispose();
	});

	it('attaches malformed files as errors, picks up burst-created dirs and nested roots', async () => {
		const dir = initRepo();
		dirs.push(dir);
		project(dir, 0.1);
		write(dir, 'params.yaml', 'lr: [1, 2\n');
		project(path.join(dir, 'sub'), 0.3);
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: true,
			commitsPerBranch: 1,
			showAllBranches: false,
			debounceMs: 5,
		});
		await model.ready;
		assert.equal(model.getProjects().length, 2);
		const ws = model.getExperiments().find((e) => e.id === `${model.getProjects()[0].id}|workspace`)!;
		assert.ok(ws.errors.some((e) => e.file === 'params.yaml'));
		assert.deepEqual(ws.metrics['dvclive/metrics.json'], { 'train.loss': 0.5, step: 1 });
		mkdirSync(path.join(dir, 'runs', 'a', 'dvclive', 'plots', 'metrics'), { recursive: true });
		write(dir, 'runs/a/dvclive/metrics.json', '{"acc": 1}');
		model.notifyDirectoryCreated(path.join(dir, 'runs'));
		await model.refresh();
		assert.ok(model.getExperiments().some((e) => e.metrics['dvclive/metrics.json']?.acc === 1));
		model.dispose();
	});

	it('works with no git at all', async () => {
		const dir = initRepo();
		dirs.push(dir);
		project(dir, 0.1);
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: false,
			commitsPerBranch: 5,
			showAllBranches: true,
		});
		await model.ready;
		assert.deepEqual(
			model.getExperiments().map((e) => e.kind),
			['workspace'],
		);
		assert.ok(model.getWatchedPaths().some((p) => p.endsWith('dvc.yaml')));
		model.dispose();
	});
});

describe('ExperimentsModelImpl settings', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('rescans on setAllowGit, setOptions and setFolders', async () => {
		const dir = initRepo();
		const other = initRepo();
		dirs.push(dir, other);
		project(dir, 0.1);
		const c1 = commitAll(dir, 'one');
		project(dir, 0.2);
		const c2 = commitAll(dir, 'two');
		project(other, 0.5);
		const o1 = commitAll(other, 'other');
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: false,
			commitsPerBranch: 1,
			showAllBranches: false,
		});
		await model.ready;
		const revs = () => model.getExperiments().map((e) => e.rev);
		assert.deepEqual(revs(), ['workspace']);
		let changes = 0;
		model.onDidChangeExperiments(() => changes++);
		await model.setAllowGit(true);
		assert.deepEqual(revs(), ['workspace', c2]);
		await model.setOptions({ commitsPerBranch: 2 });
		assert.deepEqual(revs(), ['workspace', c2, c1]);
		assert.deepEqual(model.getExperiment(`${model.getProjects()[0].id}|${c1}`)?.params['params.yaml'], {
			lr: 0.1,
			epochs: 10,
		});
		await model.setFolders([dir, other]);
		assert.equal(model.getProjects().length, 2);
		await model.setFolders([other]);
		assert.deepEqual(
			model.getProjects().map((p) => p.root),
			[other],
		);
		assert.deepEqual(revs(), ['workspace', o1]);
		await model.setAllowGit(false);
		assert.deepEqual(revs(), ['workspace']);
		assert.equal(changes, 5);
		model.dispose();
	});
});

describe('ExperimentsModelImpl.refresh while a scan runs', () => {
	it('resolves only after a scan that started after the call (a ref made in between is listed)', async () => {
		const dir = initRepo();
		project(dir, 0.1);
		const base = commitAll(dir, 'base');
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: true,
			commitsPerBranch: 5,
			showAllBranches: true,
		});
		try {
			await model.ready;
			let second: Promise<void> | undefined;
			// Inside the first scan's change event the scan is still running and has listed its refs:
			// a ref made now is only seen by a later scan, which the second refresh must wait for.
			const sub = model.onDidChangeExperiments(() => {
				if (!second) {
					git(dir, 'update-ref', `refs/exps/${base.slice(0, 2)}/${base.slice(2)}/late-exp`, base);
					second = model.refresh();
				}
			});
			write(dir, 'params.yaml', 'lr: 0.3\nepochs: 10\n');
			await model.refresh();
			sub.dispose();
			assert.ok(second, 'the first refresh changed the model');
			await second;
			assert.ok(
				model.getExperiments().some((e) => e.name === 'late-exp'),
				'the ref made after the first scan listed refs is in the model once the second refresh resolves',
			);
		} finally {
			model.dispose();
			cleanup(dir);
		}
	});
});
