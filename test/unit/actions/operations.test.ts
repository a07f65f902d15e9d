import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { applyDetail, dvcOutputs } from '../../../src/actions/applyPlan';
import * as ops from '../../../src/actions/operations';
import { expRefName } from '../../../src/actions/refs';
import { TeamModel, localExpRefs } from '../../../src/actions/team';
import { ExpRefGit, GitCommandError } from '../../../src/git/expRefGit';
import { blankExperiment } from '../../../src/model/blankExperiment';
import type { Experiment } from '../../../src/model/types';
import { cleanup, commitAll, git, initRepo, tempDir, write } from '../git/repoHelpers';

function experiment(baselineSha: string, name: string, rev: string, extra: Partial<Experiment> = {}): Experiment {
	return blankExperiment({
		id: `p|exp|${baselineSha}|${name}`,
		projectId: 'p',
		kind: 'experiment',
		rev,
		name,
		baselineSha,
		status: 'success',
		...extra,
	});
}

/** A repo with a baseline and one experiment commit (changes params, adds metrics, deletes notes). */
function repoWithExperiment(): { dir: string; base: string; exp: Experiment } {
	const dir = initRepo();
	write(dir, 'params.yaml', 'lr: 0.1\n');
	write(dir, 'notes.txt', 'baseline notes\n');
	write(dir, 'train.py', 'print(1)\n');
	const base = commitAll(dir, 'base');
	write(dir, 'params.yaml', 'lr: 0.2\n');
	write(dir, 'metrics.json', '{"acc": 0.4}\n');
	git(dir, 'rm', '-q', 'notes.txt');
	git(dir, 'add', '-A');
	const tree = git(dir, 'write-tree');
	const sha = git(dir, 'commit-tree', tree, '-p', base, '-m', 'dvc: commit experiment x');
	git(dir, 'update-ref', expRefName(base, 'exp-a'), sha);
	git(dir, 'reset', '-q', '--hard', base);
	return { dir, base, exp: experiment(base, 'exp-a', sha) };
}

describe('actions/operations (real git)', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('apply writes the experiment files into the work tree only, and lists what it overwrites', async () => {
		const { dir, base, exp } = repoWithExperiment();
		dirs.push(dir);
		write(dir, 'params.yaml', 'lr: 0.9\n');
		const t = { exp, git: new ExpRefGit(dir), subdir: '' };
		const plan = await ops.planApplyFor(t);
		assert.deepEqual(plan.paths.sort(), ['metrics.json', 'notes.txt', 'params.yaml']);
		assert.deepEqual(plan.overwrites, [
			{ path: 'notes.txt', why: 'deleted by the experiment' },
			{ path: 'params.yaml', why: 'has local changes' },
		]);
		assert.match(applyDetail(plan), /params\.yaml \(has local changes\)[\s\S]*metrics\.json \(new\)/);
		await ops.apply(t, plan);
		assert.equal(readFileSync(path.join(dir, 'params.yaml'), 'utf8'), 'lr: 0.2\n');
		assert.equal(readFileSync(path.join(dir, 'metrics.json'), 'utf8'), '{"acc": 0.4}\n');
		assert.equal(existsSync(path.join(dir, 'notes.txt')), false);
		assert.equal(git(dir, 'rev-parse', 'HEAD'), base, 'HEAD does not move');
		assert.equal(git(dir, 'diff', '--cached', '--name-only'), '', 'the index stays at HEAD');
	});

	it('names the stage outputs git does not hold as the ones that need DVC', async () => {
		const { dir, exp } = repoWithExperiment();
		dirs.push(dir);
		const outs = [
			{ name: 'model', path: 'model.bin', source: 'stage-out' as const, missing: true },
			{ name: 'metrics', path: 'metrics.json', source: 'stage-out' as const, missing: false },
		];
		const t = { exp: { ...exp, artifacts: outs }, git: new ExpRefGit(dir), subdir: '' };
		assert.deepEqual(dvcOutputs(t.exp, await ops.trackedFiles(t), ''), ['model.bin']);
		assert.deepEqual(dvcOutputs(t.exp, new Set(), 'sub'), ['sub/model.bin', 'sub/metrics.json']);
	});

	it('branch, rename and remove write the refs dvc exp branch/rename/remove write', async () => {
		const { dir, base, exp } = repoWithExperiment();
		dirs.push(dir);
		const t = { exp, git: new ExpRefGit(dir), subdir: '' };
		await ops.createBranch(t, 'from-exp');
		assert.equal(git(dir, 'rev-parse', 'refs/heads/from-exp'), exp.rev);
		await assert.rejects(ops.createBranch(t, 'bad..name'), /not a valid branch name/);
		await assert.rejects(ops.createBranch(t, 'from-exp'), /already exists/);

		const newRef = await ops.rename(t, 'exp-b', new Set(['exp-a']));
		assert.equal(newRef, expRefName(base, 'exp-b'));
		assert.deepEqual(
			(await localExpRefs(t.git)).map((r) => r.ref),
			[newRef],
		);
		await assert.rejects(ops.rename(t, 'x/y', new Set()), /cannot contain "\/"/);

		const renamed = experiment(base, 'exp-b', exp.rev);
		await ops.remove(t.git, [renamed]);
		assert.deepEqual(await localExpRefs(t.git), []);
		await assert.rejects(
			ops.remove(t.git, [renamed]),
			GitCommandError,
			"removing a ref that is gone fails with git's message",
		);
	});

	it('push, ls-remote status and fetch of single refs between two clones of one bare remote', async () => {
		const { dir, base, exp } = repoWithExperiment();
		const bare = tempDir('runlens-bare-');
		const other = tempDir('runlens-clone-');
		dirs.push(dir, bare, other);
		git(bare, 'init', '-q', '--bare');
		git(dir, 'remote', 'add', 'origin', bare);
		git(dir, 'push', '-q', 'origin', 'main');
		git(other, 'clone', '-q', bare, '.');
		const mine = new ExpRefGit(dir);
		assert.deepEqual(await ops.push(mine, 'origin', [exp]), [expRefName(base, 'exp-a')]);

		const theirs = new ExpRefGit(other);
		const team = new TeamModel(
			() => [{ gitRoot: other, git: theirs }],
			() => 'origin',
			() => undefined,
		);
		await team.refresh();
		const [entry] = team.current[0].entries;
		assert.deepEqual([entry.name, entry.state, entry.remoteSha], ['exp-a', 'remote', exp.rev]);
		await team.fetch(other, [entry]);
		assert.equal(git(other, 'rev-parse', expRefName(base, 'exp-a')), exp.rev);
		assert.deepEqual(
			team.current[0].entries.map((e) => e.state),
			['synced'],
		);
		assert.equal(
			git(other, 'for-each-ref', '--format=%(refname)', 'refs/exps').split('\n').length,
			1,
			'only the one ref',
		);
	});

	it("a remote that fails says why, with git's message, and keeps local experiments listed", async () => {
		const { dir, exp } = repoWithExperiment();
		dirs.push(dir);
		const g = new ExpRefGit(dir);
		const logs: string[] = [];
		// A path, not a remote name: git really tries it (a missing name is told apart, calmly).
		const nowhere = path.join(dir, 'nowhere.git');
		const team = new TeamModel(
			() => [{ gitRoot: dir, git: g }],
			() => nowhere,
			(_l, m) => logs.push(m),
		);
		await team.refresh();
		const [state] = team.current;
		assert.match(state.error!, /nowhere/);
		assert.deepEqual(
			state.entries.map((e) => [e.name, e.state]),
			[['exp-a', 'local']],
		);
		assert.ok(logs.some((l) => l.includes(`ls-remote ${nowhere} failed`)));
		await assert.rejects(ops.push(g, nowhere, [exp]), /nowhere/);
	});

	it("a remote asking for credentials fails at once with git's message instead of prompting", async () => {
		const { dir } = repoWithExperiment();
		dirs.push(dir);
		const server = createServer((_req, res) => {
			res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="team"' }).end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			await assert.rejects(
				new ExpRefGit(dir).lsRemoteExps(`http://127.0.0.1:${port}/team.git`),
				/could not read Username[\s\S]*terminal prompts disabled/,
			);
		} finally {
			server.close();
		}
	});
});
