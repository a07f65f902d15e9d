import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, symlinkSync, truncateSync } from 'node:fs';
import * as path from 'node:path';
import { collectRevision } from '../../../src/model/collect';
import { WorkspaceSource } from '../../../src/model/fileSource';
import type { Experiment } from '../../../src/model/types';
import { createExperimentsModel } from '../../../src/model/model';
import { cleanup, commitAll, git, initRepo, tempDir, write } from '../git/repoHelpers';

const DVC_YAML = [
	'params:',
	'- conf.toml',
	'- extra.json',
	'metrics:',
	'- dvclive/metrics.json',
	'- scores.json',
	'- big.json',
	'plots:',
	'- dvclive/plots/metrics:',
	'    x: step',
	'',
].join('\n');

function goodProject(dir: string): void {
	write(dir, '.dvc/config', '');
	write(dir, 'dvc.yaml', DVC_YAML);
	write(dir, 'params.yaml', 'lr: 0.1\n');
	write(dir, 'conf.toml', '[opt]\nbeta = 0.9\n');
	write(dir, 'extra.json', '{"seed": 1}');
	write(dir, 'scores.json', '{"f1": 0.5}');
	write(dir, 'big.json', '{"size": 1}');
	write(dir, 'dvclive/metrics.json', '{"loss": 0.5, "step": 1}');
	write(dir, 'dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t1\n1\t0.5\n');
}

function open(dir: string, allowGit = false) {
	return createExperimentsModel({
		folders: [dir],
		allowGit,
		commitsPerBranch: 5,
		showAllBranches: true,
		debounceMs: 5,
	});
}

function errorFiles(exp: Experiment): string[] {
	return [...new Set(exp.errors.map((e) => e.file))].sort();
}

describe('bad input', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('turns malformed JSON, YAML, TOML, binary junk and a 500 MB file into errors on those files', async () => {
		const dir = tempDir();
		dirs.push(dir);
		goodProject(dir);
		write(dir, 'params.yaml', 'lr: [0.1, 0.2\n');
		write(dir, 'conf.toml', '[opt\nbeta = \n');
		write(dir, 'extra.json', '{"seed": ');
		write(dir, 'scores.json', Buffer.from([0, 159, 146, 150, 255, 0, 10, 13, 1, 2, 3]));
		write(dir, 'big.json', '');
		truncateSync(path.join(dir, 'big.json'), 500 * 1024 * 1024);
		const model = open(dir);
		await model.ready;
		const [ws] = model.getExperiments();
		assert.deepEqual(errorFiles(ws), ['big.json', 'conf.toml', 'extra.json', 'params.yaml', 'scores.json']);
		assert.match(ws.errors.find((e) => e.file === 'big.json')!.message, /too large/);
		assert.equal(ws.errors.find((e) => e.file === 'params.yaml')!.line, 2);
		assert.deepEqual(ws.metrics, { 'dvclive/metrics.json': { loss: 0.5, step: 1 } });
		assert.deepEqual(ws.params, {});
		assert.deepEqual(
			ws.series.map((s) => s.id),
			['dvclive/plots/metrics/loss.tsv#loss'],
		);
		model.dispose();
	});

	it('keeps complete rows of a half-written TSV and reports wrong column counts with their line', async () => {
		const dir = tempDir();
		dirs.push(dir);
		goodProject(dir);
		const file = 'dvclive/plots/metrics/loss.tsv';
		write(dir, file, 'step\tloss\n0\t1\n1\t0.5\t7\n2\t0.2\n3\t0.');
		const model = open(dir);
		await model.ready;
		const id = model.getExperiments()[0].id;
		const table = (await model.readSeriesTable(id, file))!;
		assert.deepEqual([...table.data.loss.subarray(0, table.length)], [1, 0.2]);
		const errors = model.getExperiment(id)!.errors.filter((e) => e.file === file);
		assert.deepEqual(
			errors.map((e) => e.line),
			[3],
		);
		appendFileSync(path.join(dir, file), '125\n');
		await model.pollRunning();
		const grown = (await model.readSeriesTable(id, file))!;
		assert.deepEqual([...grown.data.loss.subarray(0, grown.length)], [1, 0.2, 0.125]);
		model.dispose();
	});

	it('stops reading a sparse 500 MB series file and a binary one without hanging', async () => {
		const dir = tempDir();
		dirs.push(dir);
		goodProject(dir);
		write(dir, 'dvclive/plots/metrics/huge.tsv', '');
		truncateSync(path.join(dir, 'dvclive/plots/metrics/huge.tsv'), 500 * 1024 * 1024);
		const junk = Buffer.alloc(64 * 1024);
		for (let i = 0; i < junk.length; i++) {
			junk[i] = (i * 7919) % 256;
		}
		write(dir, 'dvclive/plots/metrics/junk.tsv', junk);
		write(dir, 'dvclive/plots/metrics/oneline.tsv', `step\tloss\n${'9'.repeat(3 * 1024 * 1024)}`);
		const model = open(dir);
		await model.ready;
		const id = model.getExperiments()[0].id;
		const huge = await model.readSeriesTable(id, 'dvclive/plots/metrics/huge.tsv');
		assert.equal(huge?.length, 0);
		const junkTable = await model.readSeriesTable(id, 'dvclive/plots/metrics/junk.tsv');
		assert.ok(junkTable);
		const oneLine = await model.readSeriesTable(id, 'dvclive/plots/metrics/oneline.tsv');
		assert.equal(oneLine?.length, 0);
		const exp = model.getExperiment(id)!;
		assert.match(exp.errors.find((e) => e.file.endsWith('oneline.tsv'))?.message ?? '', /longer than/);
		const files = errorFiles(exp);
		assert.ok(files.includes('dvclive/plots/metrics/huge.tsv'));
		assert.ok(files.includes('dvclive/plots/metrics/junk.tsv'));
		const loss = (await model.readSeriesTable(id, 'dvclive/plots/metrics/loss.tsv'))!;
		assert.equal(loss.length, 2);
		model.dispose();
	});

	it('survives symlink loops and files that vanish between list and read', async () => {
		const dir = tempDir();
		dirs.push(dir);
		goodProject(dir);
		symlinkSync('.', path.join(dir, 'dvclive/plots/metrics/loop'));
		symlinkSync('self', path.join(dir, 'dvclive/plots/metrics/self'));
		const model = open(dir);
		await model.ready;
		const [ws] = model.getExperiments();
		assert.deepEqual(
			ws.series.map((s) => s.name),
			['loss'],
		);
		rmSync(path.join(dir, 'dvclive/plots/metrics/loss.tsv'));
		assert.equal(await model.readSeriesTable(ws.id, 'dvclive/plots/metrics/loss.tsv'), undefined);
		model.dispose();

		class Vanishing extends WorkspaceSource {
			override async list(rel: string, recursive: boolean): Promise<string[]> {
				const files = await super.list(rel, recursive);
				if (rel.endsWith('plots/metrics')) {
					rmSync(path.join(this.root, ...rel.split('/'), 'loss.tsv'), { force: true });
				}
				return files;
			}
		}
		write(dir, 'dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t1\n');
		mkdirSync(path.join(dir, 'scores'), { recursive: true });
		const data = await collectRevision(new Vanishing(dir), { kind: 'dvc' });
		assert.deepEqual(data.metrics['dvclive/metrics.json'], { loss: 0.5, step: 1 });
		assert.deepEqual(data.errors, []);
	});

	it('gives an unreadable experiment ref an error and keeps the other rows right', async () => {
		const dir = initRepo();
		dirs.push(dir);
		goodProject(dir);
		const base = commitAll(dir, 'base');
		write(dir, 'params.yaml', 'lr: 0.3\n');
		git(dir, 'add', '-A');
		const good = git(dir, 'commit-tree', git(dir, 'write-tree'), '-p', base, '-m', 'good');
		git(dir, 'update-ref', `refs/exps/${base.slice(0, 2)}/${base.slice(2)}/good-exp`, good);
		write(dir, 'params.yaml', 'lr: 0.4\n');
		git(dir, 'add', '-A');
		const bad = git(dir, 'commit-tree', git(dir, 'write-tree'), '-p', base, '-m', 'bad');
		git(dir, 'update-ref', `refs/exps/${base.slice(0, 2)}/${base.slice(2)}/bad-exp`, bad);
		rmSync(path.join(dir, '.git/objects', bad.slice(0, 2), bad.slice(2)));
		write(dir, `.git/refs/exps/${base.slice(0, 2)}/${base.slice(2)}/garbage`, 'not a sha\n');
		const model = open(dir, true);
		await model.ready;
		const exps = model.getExperiments();
		const byName = (n: string) => exps.find((e) => e.name === n);
		assert.deepEqual(byName('main')?.params['params.yaml'], { lr: 0.1 });
		assert.deepEqual(byName('good-exp')?.params['params.yaml'], { lr: 0.3 });
		assert.match(byName('bad-exp')?.error ?? '', /missing or corrupt/);
		assert.equal(byName('garbage'), undefined);
		model.dispose();
	});
});
