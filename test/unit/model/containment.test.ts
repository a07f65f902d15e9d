import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { WorkspaceSource } from '../../../src/model/fileSource';
import { LiveTable } from '../../../src/model/liveTables';
import { createExperimentsModel } from '../../../src/model/model';
import type { Experiment } from '../../../src/model/types';
import { OUTSIDE_REPO } from '../../../src/model/containment';
import { collectData, emptyCursor } from '../../../src/studio/events';
import { cleanup, commitAll, initRepo, tempDir, write } from '../git/repoHelpers';

/** Values that exist only outside the repository: none of them may ever show up. */
const SECRET = 'SECRET-7f3a';
const SECRET_NUM = 4242.125;

/** `<tmp>/outside/*` holds the secrets; `<tmp>/repo` is the hostile project pointing at them. */
function hostileRepo(base: string): { repo: string; outside: string } {
	const outside = path.join(base, 'outside');
	const repo = path.join(base, 'repo');
	write(outside, 'params.yaml', `lr: ${SECRET_NUM}\ntoken: ${SECRET}\n`);
	write(outside, 'metrics.json', JSON.stringify({ acc: SECRET_NUM, note: SECRET }));
	write(outside, 'loss.tsv', `step\tloss\n0\t${SECRET_NUM}\n1\t${SECRET_NUM}\n`);
	write(outside, 'model.bin', SECRET);
	write(outside, 'dir/m.json', JSON.stringify({ acc: SECRET_NUM }));
	write(repo, '.dvc/config', '');
	write(repo, 'params.yaml', 'lr: 0.1\n');
	write(repo, 'real/inner.json', '{"acc": 0.75}');
	write(repo, 'real/loss.tsv', 'step\tloss\n0\t1\n1\t0.5\n');
	const links: [string, string][] = [
		['linked_metrics.json', '../outside/metrics.json'],
		['linked_params.yaml', '../outside/params.yaml'],
		['linked_loss.tsv', '../outside/loss.tsv'],
		['linked_model.bin', '../outside/model.bin'],
		['linkdir', '../outside/dir'],
		['hop.json', '../outside/metrics.json'],
		['chain.json', 'hop.json'],
		['inner_link.json', 'real/inner.json'],
		['inner_loss.tsv', 'real/loss.tsv'],
	];
	for (const [link, target] of links) {
		symlinkSync(target, path.join(repo, link));
	}
	const abs = path.join(outside, 'metrics.json');
	const yaml = [
		'params:',
		'- ../outside/params.yaml',
		'- linked_params.yaml',
		'metrics:',
		'- ../outside/metrics.json',
		'- linked_metrics.json',
		'- linkdir/m.json',
		'- linkdir',
		'- chain.json',
		`- ${abs}`,
		'- inner_link.json',
		'plots:',
		'- ../outside/loss.tsv',
		'- linked_loss.tsv',
		'- inner_loss.tsv',
		'artifacts:',
		'  climbing:',
		'    path: ../outside/model.bin',
		'  linked:',
		'    path: linked_model.bin',
		'stages:',
		'  train:',
		'    cmd: python train.py',
		'    params:',
		'    - ../outside/params.yaml:',
		'      - lr',
		'    metrics:',
		'    - ../outside/stage.json',
		'    plots:',
		'    - ../outside/stage.tsv',
		'    outs:',
		'    - ../outside/out.bin',
		'',
	].join('\n');
	write(repo, 'dvc.yaml', yaml);
	write(outside, 'stage.json', JSON.stringify({ f1: SECRET_NUM }));
	write(outside, 'stage.tsv', `step\tf1\n0\t${SECRET_NUM}\n`);
	write(outside, 'out.bin', SECRET);
	return { repo, outside };
}

function assertNoSecret(value: unknown, what: string): void {
	const text = JSON.stringify(value);
	assert.ok(!text.includes(SECRET), `${what} carries outside text: ${text.slice(0, 400)}`);
	assert.ok(!text.includes(String(SECRET_NUM)), `${what} carries an outside value: ${text.slice(0, 400)}`);
}

function outsideErrors(exp: Experiment): string[] {
	return [...new Set(exp.errors.filter((e) => e.message === OUTSIDE_REPO).map((e) => e.file))].sort();
}

describe('containment: no workspace read leaves the repository', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('refuses `..`, absolute paths, file and directory symlinks and chains in the file source', async () => {
		const base = tempDir();
		dirs.push(base);
		const { repo, outside } = hostileRepo(base);
		const src = new WorkspaceSource(repo);
		const hostile = [
			'../outside/metrics.json',
			'real/../../outside/metrics.json',
			path.join(outside, 'metrics.json'),
			'linked_metrics.json',
			'linkdir/m.json',
			'chain.json',
		];
		for (const rel of hostile) {
			const r = await src.readResult(rel);
			assert.deepEqual(r, { ok: false, missing: false, error: OUTSIDE_REPO }, rel);
			assert.equal(await src.read(rel), undefined, rel);
			assert.equal(await src.stat(rel), undefined, rel);
			assert.equal(await src.md5(rel), undefined, rel);
			assert.equal(await src.refusal(rel), OUTSIDE_REPO, rel);
		}
		assert.deepEqual(await src.list('linkdir', true), ['linkdir'], 'a directory out is one refused entry');
		assert.deepEqual(await src.listDirs('linkdir'), []);
		assert.deepEqual(await src.list('../outside', true), ['../outside']);
		const all = await src.list('', true);
		assert.ok(all.includes('linkdir') && !all.includes('linkdir/m.json'), all.join(','));
		// Inside stays readable, through a symlink too, and missing stays missing (not an error).
		assert.equal(Buffer.from((await src.read('inner_link.json')) ?? []).toString(), '{"acc": 0.75}');
		assert.equal((await src.stat('inner_link.json'))?.size, 13);
		assert.equal(await src.refusal('inner_link.json'), undefined);
		assert.equal((await src.readResult('nope.json')).ok, false);
		assert.equal(await src.refusal('nope.json'), undefined);
		const insideAbs = path.join(repo, 'real', 'inner.json');
		assert.equal((await src.readResult(insideAbs)).ok, true, 'an absolute path inside the root is fine');
	});

	it('shows every hostile dvc.yaml path as an "outside the repository" error and no outside content', async () => {
		const base = tempDir();
		dirs.push(base);
		const { repo, outside } = hostileRepo(base);
		const model = createExperimentsModel({
			folders: [repo],
			allowGit: false,
			commitsPerBranch: 5,
			showAllBranches: true,
			debounceMs: 5,
		});
		await model.ready;
		const [ws] = model.getExperiments();
		assert.deepEqual(outsideErrors(ws), [
			'../outside/loss.tsv',
			'../outside/metrics.json',
			'../outside/model.bin',
			'../outside/out.bin',
			'../outside/params.yaml',
			'../outside/stage.json',
			'../outside/stage.tsv',
			path.join(outside, 'metrics.json'),
			'chain.json',
			'linkdir',
			'linkdir/m.json',
			'linked_loss.tsv',
			'linked_metrics.json',
			'linked_model.bin',
			'linked_params.yaml',
		]);
		assert.deepEqual(ws.metrics['inner_link.json'], { acc: 0.75 }, 'a symlink that stays inside still works');
		assert.deepEqual(ws.params['params.yaml'], { lr: 0.1 });
		for (const art of ws.artifacts.filter((a) => a.name !== 'inner')) {
			assert.equal(art.error, OUTSIDE_REPO, art.name);
			assert.equal(art.size ?? art.md5 ?? art.mime, undefined, art.name);
		}
		for (const file of ['linked_loss.tsv', '../outside/loss.tsv', '../outside/stage.tsv']) {
			const table = await model.readSeriesTable(ws.id, file);
			assert.ok(!table || table.length === 0, file);
			assertNoSecret(table ?? null, file);
		}
		assert.equal((await model.readSeriesTable(ws.id, 'inner_loss.tsv'))?.length, 2);
		assert.equal(await model.readFile(ws.id, '../outside/metrics.json'), undefined);
		assert.equal(await model.readFile(ws.id, 'linked_model.bin'), undefined);
		assertNoSecret(model.getExperiments(), 'the experiments');
		assert.ok(
			model.getWatchedPaths().every((p) => p.startsWith(repo + path.sep)),
			model.getWatchedPaths().join('\n'),
		);

		// The Studio payload is built from the model's reads: even an experiment naming outside files carries nothing.
		const forged: Experiment = {
			...ws,
			params: { ...ws.params, '../outside/params.yaml': {}, 'linked_params.yaml': {} },
			metrics: { ...ws.metrics, '../outside/metrics.json': {}, 'chain.json': {} },
			series: [
				...ws.series,
				{ id: 'a#loss', name: 'loss', file: 'linked_loss.tsv', column: 'loss', x: 'step' },
				{ id: 'b#loss', name: 'loss', file: '../outside/loss.tsv', column: 'loss', x: 'step' },
			],
			images: [{ file: 'linked_model.bin', name: 'm.png' }],
		};
		const data = await collectData(model, forged, emptyCursor(), true, 1);
		assertNoSecret(data.parts, 'the Studio payload');
		assert.deepEqual(data.parts.metrics?.['inner_link.json'], { data: { acc: 0.75 } });
		model.dispose();
	});

	it('catches a symlink re-pointed outside on the next open of a live table and drops what it showed', async () => {
		const base = tempDir();
		dirs.push(base);
		const { repo } = hostileRepo(base);
		const src = new WorkspaceSource(repo);
		symlinkSync('real/loss.tsv', path.join(repo, 'moving.tsv'));
		const table = new LiveTable(src.guard, 'moving.tsv');
		assert.equal((await table.update())?.table.length, 2);
		writeFileSync(path.join(repo, 'real/loss.tsv'), 'step\tloss\n0\t1\n1\t0.5\n2\t0.25\n');
		assert.deepEqual((await table.update())?.from, 2, 'appended rows are read on (the same) verified file');
		rmSync(path.join(repo, 'moving.tsv'));
		symlinkSync('../outside/loss.tsv', path.join(repo, 'moving.tsv'));
		const update = await table.update();
		assert.equal(update?.reset, true);
		assert.equal(table.table.length, 0);
		assert.deepEqual(table.errors, [{ file: 'moving.tsv', message: OUTSIDE_REPO }]);
		assertNoSecret(table.table, 'the re-pointed table');
		rmSync(path.join(repo, 'moving.tsv'));
		symlinkSync('real/loss.tsv', path.join(repo, 'moving.tsv'));
		assert.equal((await table.update())?.table.length, 3, 'pointed back inside, it reads again');
		assert.deepEqual(table.errors, []);
	});

	it('refuses a DVC cache object that is a symlink out of the repository', async () => {
		const base = tempDir();
		dirs.push(base);
		const { repo } = hostileRepo(base);
		const { DvcCacheSource } = await import('../../../src/model/dvcCacheSource');
		const md5 = 'ab' + '0'.repeat(30);
		mkdirSync(path.join(repo, '.dvc/cache/files/md5/ab'), { recursive: true });
		symlinkSync(path.join(base, 'outside/metrics.json'), path.join(repo, '.dvc/cache/files/md5/ab', md5.slice(2)));
		write(
			repo,
			'lockrepo/dvc.lock',
			`schema: '2.0'\nstages:\n  t:\n    outs:\n    - path: m.json\n      md5: ${md5}\n`,
		);
		const inner = new WorkspaceSource(path.join(repo, 'lockrepo'));
		const src = new DvcCacheSource(inner, repo);
		const r = await src.readResult('m.json');
		assert.deepEqual(r, { ok: false, missing: false, error: OUTSIDE_REPO });
		assert.equal(await src.stat('m.json'), undefined);
	});

	it('lists no running row whose executor checkout (named by its infofile) is outside the project', async () => {
		const base = tempDir();
		dirs.push(base);
		const { outside } = hostileRepo(base);
		const repo = path.join(base, 'gitrepo');
		mkdirSync(repo);
		initRepo(repo);
		write(repo, '.dvc/config', '');
		write(repo, 'dvc.yaml', 'metrics:\n- metrics.json\n');
		write(repo, 'metrics.json', '{"acc": 0.5}');
		const baseline = commitAll(repo, 'base');
		write(outside, 'metrics.json', JSON.stringify({ acc: SECRET_NUM, note: SECRET }));
		write(outside, 'dvc.yaml', 'metrics:\n- metrics.json\n');
		const inside = path.join(repo, '.dvc/tmp/exps/tmp/good');
		write(inside, 'dvc.yaml', 'metrics:\n- metrics.json\n');
		write(inside, 'metrics.json', '{"acc": 0.625}');
		for (const [name, rootDir] of [
			['evil', outside],
			['good', inside],
		]) {
			const info = { git_url: 'file:///r', baseline_rev: baseline, location: 'tempdir', root_dir: rootDir };
			const text = JSON.stringify({ ...info, dvc_dir: '.dvc', name, status: 2 });
			write(repo, `.dvc/tmp/exps/run/${name}/${name}.run`, text);
		}
		const model = createExperimentsModel({
			folders: [repo],
			allowGit: true,
			commitsPerBranch: 5,
			showAllBranches: true,
			debounceMs: 5,
		});
		await model.ready;
		const names = model.getExperiments().map((e) => e.name);
		assert.ok(names.includes('good') && !names.includes('evil'), names.join(','));
		assert.deepEqual(model.getExperiments().find((e) => e.name === 'good')?.metrics['metrics.json'], { acc: 0.625 });
		assertNoSecret(model.getExperiments(), 'the experiments');
		model.dispose();
	});
});
