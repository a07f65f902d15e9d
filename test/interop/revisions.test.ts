/**
 * Which revisions Runlens lists, against `dvc exp show --json -A` / `-T` on real-DVC repos of the
 * shapes real projects have: a clone with a remote-tracking branch (tip tagged, an experiment on
 * it) and a DVC project added to a subdirectory later in history (queued/failed in each project).
 */
import * as assert from 'node:assert/strict';
import type { ExperimentsModelImpl } from '../../src/model/model';
import type { Experiment } from '../../src/model/types';
import { compareExperiments } from './support/compare';
import type { DvcRow } from './support/dvc';
import { parseExpShow, runDvc } from './support/dvc';
import type { BuiltRepo } from './support/repos';
import { buildRepo, openModel } from './support/repos';

function inProject(model: ExperimentsModelImpl, root: string): Experiment[] {
	return model.getExperiments().filter((e) => e.projectId === root);
}

const nameOf = (rows: DvcRow[], rev: string) => rows.find((r) => r.rev === rev)?.name;

describe('interop: remote-tracking branch with tags, Runlens revisions vs dvc exp show -A / -T', function () {
	this.timeout(20 * 60_000);
	let repo: BuiltRepo;
	let model: ExperimentsModelImpl;
	let all: DvcRow[];
	let tags: DvcRow[];

	before(async () => {
		repo = await buildRepo('remotes');
		const dir = repo.summary.dir!;
		all = parseExpShow(await runDvc(dir, ['exp', 'show', '--json', '-A']));
		tags = parseExpShow(await runDvc(dir, ['exp', 'show', '--json', '-T']));
		model = await openModel(dir);
	});

	after(() => {
		model?.dispose();
		repo?.cleanup();
	});

	it('the repo has what the case needs (guards the generator)', () => {
		const c = repo.summary.commits!;
		assert.equal(nameOf(all, c.tune2), 'v2-tune', 'DVC names the tagged remote tip by its tag');
		assert.equal(nameOf(all, c.tune1), null, 'a commit only origin/tune-hyperparams reaches');
		assert.ok(all.some((r) => r.name === 'exp-on-remote' && r.baseline === c.tune2));
	});

	it('lists exactly the revisions of dvc exp show -A, with equal names, states and values', () => {
		assert.deepEqual(compareExperiments(model.getExperiments(), all), []);
	});

	it('agrees with dvc exp show -T on every tag row', () => {
		const mismatches = compareExperiments(model.getExperiments(), tags).filter((l) => !/in Runlens but not/.test(l));
		assert.deepEqual(mismatches, []);
	});

	it('marks the commits only the remote-tracking branch reaches, and names them as DVC does', () => {
		const c = repo.summary.commits!;
		const byRev = new Map(model.getExperiments().map((e) => [e.rev, e]));
		assert.equal(byRev.get(c.tune2)?.name, 'v2-tune');
		assert.deepEqual(byRev.get(c.tune2)?.remoteBranches, ['origin/tune-hyperparams']);
		assert.equal(byRev.get(c.tune2)?.remoteOnly, true);
		assert.equal(byRev.get(c.tune1)?.remoteOnly, true);
		assert.equal(byRev.get(c.main)?.remoteOnly, undefined);
		assert.equal(byRev.get(c.main)?.name, 'main');
	});
});

describe('interop: DVC project added in a subdirectory later, Runlens revisions vs dvc exp show -A', function () {
	this.timeout(20 * 60_000);
	let repo: BuiltRepo;
	let model: ExperimentsModelImpl;
	let rootRows: DvcRow[];
	let subRows: DvcRow[];

	before(async () => {
		repo = await buildRepo('subdir');
		const [rootJson, subJson] = await Promise.all([
			runDvc(repo.dir, ['exp', 'show', '--json', '-A']),
			runDvc(repo.summary.subdir!, ['exp', 'show', '--json', '-A']),
		]);
		rootRows = parseExpShow(rootJson);
		subRows = parseExpShow(subJson);
		model = await openModel(repo.dir);
	});

	after(() => {
		model?.dispose();
		repo?.cleanup();
	});

	it('the repo has what the case needs (guards the generator)', () => {
		const states = (rows: DvcRow[]) =>
			rows
				.filter((r) => r.status !== 'success')
				.map((r) => `${r.name}:${r.status}`)
				.sort();
		assert.deepEqual(states(rootRows), ['root-fails:failed', 'root-queued:queued']);
		assert.deepEqual(states(subRows), ['sub-queued:queued']);
		assert.equal(subRows.filter((r) => /does not contain a DVC repo/.test(r.error ?? '')).length, 2);
	});

	it('the root project lists exactly the revisions of dvc exp show -A in the root, values equal', () => {
		assert.deepEqual(compareExperiments(inProject(model, repo.dir), rootRows), []);
	});

	it('the subdirectory project lists exactly the revisions of dvc exp show -A in sub/, values equal', () => {
		assert.deepEqual(compareExperiments(inProject(model, repo.summary.subdir!), subRows), []);
	});

	it('says plainly where the subdirectory project did not exist, and reads nothing there', () => {
		const ours = new Map(inProject(model, repo.summary.subdir!).map((e) => [e.rev, e]));
		const absent = subRows.filter((r) => r.error);
		assert.equal(absent.length, 2);
		for (const row of absent) {
			const exp = ours.get(row.rev);
			assert.match(exp?.error ?? '', /does not contain a DVC repo: the project sub did not exist at this revision/);
			assert.deepEqual([exp?.params, exp?.metrics, exp?.errors], [{}, {}, []]);
		}
	});
});
