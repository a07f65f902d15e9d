/**
 * Runlens' git-only experiment actions against the real DVC, on clones of one bare remote: what
 * Runlens pushes DVC sees and pulls, what DVC pushes Runlens lists and fetches, and apply /
 * branch / rename / remove leave the same files and refs as `dvc exp apply/branch/rename/remove`.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dvcOutputs } from '../../src/actions/applyPlan';
import * as ops from '../../src/actions/operations';
import { expRefName } from '../../src/actions/refs';
import { TeamModel } from '../../src/actions/team';
import { ExpRefGit } from '../../src/git/expRefGit';
import type { Experiment } from '../../src/model/types';
import { runDvc } from './support/dvc';
import { openModel } from './support/repos';
import type { TeamRepos } from './support/teamRepos';
import { git, makeTeamRepos, runExperiment, userRefs } from './support/teamRepos';

async function experimentsOf(dir: string): Promise<Experiment[]> {
	const model = await openModel(dir);
	try {
		return model.getExperiments().filter((e) => e.kind === 'experiment');
	} finally {
		model.dispose();
	}
}

async function target(dir: string, name: string): Promise<ops.ExpTarget> {
	const exp = (await experimentsOf(dir)).find((e) => e.name === name);
	assert.ok(exp, `Runlens' model of ${dir} has ${name}`);
	return { exp, git: new ExpRefGit(dir), subdir: '' };
}

/** Git-tracked state of a work tree: status plus the content of every file it names. */
function workTree(dir: string): { status: string; files: Record<string, string> } {
	// Not the trimming git() helper: the first entry's leading status column is a space.
	const status = execFileSync('git', ['status', '-z', '--porcelain=v1', '--untracked-files=all'], {
		cwd: dir,
		encoding: 'utf8',
	});
	const files: Record<string, string> = {};
	for (const entry of status.split('\0').filter(Boolean)) {
		const file = entry.slice(3);
		files[file] = readFileSync(join(dir, file), 'utf8');
	}
	return { status, files };
}

describe('interop: git-only experiment actions vs dvc exp, two clones of one bare remote', function () {
	this.timeout(20 * 60_000);
	let repos: TeamRepos;
	let teammate: string;

	before(async () => {
		repos = await makeTeamRepos();
		await runExperiment(repos.author, 'exp-a', 0.2);
		await runExperiment(repos.author, 'exp-b', 0.3);
		teammate = repos.clone('teammate');
	});

	after(() => repos?.cleanup());

	it('what Runlens pushes, dvc exp list origin and dvc exp pull see on the other clone', async () => {
		const t = await target(repos.author, 'exp-a');
		await ops.push(t.git, 'origin', [t.exp]);
		const listed = await runDvc(teammate, ['exp', 'list', '--all', 'origin']);
		assert.match(listed, /exp-a/);
		assert.doesNotMatch(listed, /exp-b/, 'only what was pushed');
		await runDvc(teammate, ['exp', 'pull', 'origin', 'exp-a']);
		assert.equal(git(teammate, 'rev-parse', expRefName(repos.baseline, 'exp-a')), t.exp.rev);
	});

	it('what dvc exp push pushes from the other clone, Runlens lists as remote only and fetches', async () => {
		const sha = await runExperiment(teammate, 'exp-mate', 0.7);
		await runDvc(teammate, ['exp', 'push', 'origin', 'exp-mate']);
		const g = new ExpRefGit(repos.author);
		const team = new TeamModel(
			() => [{ gitRoot: repos.author, git: g }],
			() => 'origin',
			() => undefined,
		);
		await team.refresh();
		const states = new Map(team.current[0].entries.map((e) => [e.name, e.state]));
		assert.deepEqual(Object.fromEntries(states), { 'exp-a': 'synced', 'exp-b': 'local', 'exp-mate': 'remote' });
		const mate = team.current[0].entries.find((e) => e.name === 'exp-mate')!;
		await team.fetch(repos.author, [mate]);
		assert.equal(git(repos.author, 'rev-parse', mate.ref), sha);
		const fetched = (await experimentsOf(repos.author)).find((e) => e.name === 'exp-mate');
		assert.ok(fetched, 'the model lists the fetched experiment');
		assert.deepEqual(fetched.params['params.yaml'], { lr: 0.7 });
		assert.equal(fetched.baselineSha, repos.baseline);
	});

	it("Runlens' apply leaves the same git-tracked files as dvc exp apply", async () => {
		const dvcSide = repos.clone('apply-dvc');
		const ours = repos.clone('apply-runlens');
		for (const dir of [dvcSide, ours]) {
			git(dir, 'fetch', '-q', repos.author, 'refs/exps/*:refs/exps/*');
			// A local edit apply overwrites, and an untracked file it must leave alone.
			// The author's DVC cache, so dvc exp apply can check model.bin out (config.local is not tracked).
			await runDvc(dir, ['config', '--local', 'cache.dir', join(repos.author, '.dvc', 'cache')]);
			writeFileSync(join(dir, 'params.yaml'), 'lr: 0.9\n');
			writeFileSync(join(dir, 'scratch.txt'), 'mine\n');
		}
		await runDvc(dvcSide, ['exp', 'apply', 'exp-b']);
		const t = await target(ours, 'exp-b');
		const plan = await ops.planApplyFor(t);
		assert.ok(plan.overwrites.some((o) => o.path === 'params.yaml' && o.why === 'has local changes'));
		await ops.apply(t, plan);
		assert.deepEqual(workTree(ours), workTree(dvcSide));
		assert.equal(git(ours, 'rev-parse', 'HEAD'), git(dvcSide, 'rev-parse', 'HEAD'));
		assert.equal(git(ours, 'rev-parse', 'HEAD'), repos.baseline, 'HEAD does not move');
		// The one output git does not hold is the one Runlens names as needing `dvc checkout`.
		assert.deepEqual(dvcOutputs(t.exp, await ops.trackedFiles(t), ''), ['model.bin']);
		assert.equal(readFileSync(join(dvcSide, 'model.bin'), 'utf8'), '0.3', 'dvc checked it out');
	});

	it('branch, rename and remove leave the same refs as dvc exp branch / rename / remove', async () => {
		const dvcSide = repos.clone('refs-dvc');
		const ours = repos.clone('refs-runlens');
		for (const dir of [dvcSide, ours]) {
			git(dir, 'fetch', '-q', repos.author, 'refs/exps/*:refs/exps/*');
		}
		assert.deepEqual(userRefs(ours), userRefs(dvcSide));

		await runDvc(dvcSide, ['exp', 'branch', 'exp-a', 'from-a']);
		await ops.createBranch(await target(ours, 'exp-a'), 'from-a');
		assert.deepEqual(userRefs(ours), userRefs(dvcSide), 'after branch');

		await runDvc(dvcSide, ['exp', 'rename', 'exp-b', 'exp-b2']);
		await ops.rename(await target(ours, 'exp-b'), 'exp-b2', new Set(['exp-a', 'exp-b', 'exp-mate']));
		assert.deepEqual(userRefs(ours), userRefs(dvcSide), 'after rename');

		await runDvc(dvcSide, ['exp', 'remove', 'exp-a', 'exp-b2']);
		const exps = (await experimentsOf(ours)).filter((e) => e.name === 'exp-a' || e.name === 'exp-b2');
		assert.equal(exps.length, 2);
		await ops.remove(new ExpRefGit(ours), exps);
		assert.deepEqual(userRefs(ours), userRefs(dvcSide), 'after remove');
		assert.deepEqual(
			userRefs(ours)
				.filter((r) => r.startsWith('refs/exps/'))
				.map((r) => r.split(' ')[0]),
			[expRefName(repos.baseline, 'exp-mate')],
		);
	});
});
