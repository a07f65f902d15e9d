import * as assert from 'node:assert/strict';
import { GitAdapter } from '../../../src/git/gitAdapter';
import { GitObjects } from '../../../src/git/gitObjects';
import { WorkspaceSource } from '../../../src/model/fileSource';
import { listRevisions, parseBrokerMessage, parseExpRef, parseStashMessage } from '../../../src/model/revisions';
import { cleanup, commitAll, git, initRepo, write } from '../git/repoHelpers';
import { brokerMessage, queueInBroker } from './brokerHelpers';

describe('revisions', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('parses exp refs and skips special refs', () => {
		const sha = 'ab' + 'c'.repeat(38);
		assert.deepEqual(parseExpRef(`refs/exps/ab/${'c'.repeat(38)}/my-exp`), { baselineSha: sha, name: 'my-exp' });
		assert.equal(parseExpRef('refs/exps/celery/stash'), undefined);
		assert.equal(parseExpRef('refs/exps/exec/EXEC_BRANCH'), undefined);
		assert.deepEqual(parseStashMessage('s', `commit: dvc-exp:${sha}:${sha}:n1:br`), {
			stashSha: 's',
			rev: sha,
			baselineSha: sha,
			name: 'n1',
			branch: 'br',
		});
		assert.equal(parseStashMessage('s', 'WIP on main'), undefined);
		assert.equal(parseBrokerMessage(brokerMessage('abc')), 'abc');
		assert.equal(parseBrokerMessage(brokerMessage('abc', 'celery.other')), undefined);
		assert.equal(parseBrokerMessage('{not json'), undefined);
	});

	it('lists workspace, baselines, experiments, queued, failed and a live DVCLive run', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const c1 = commitAll(dir, 'one');
		const c2 = commitAll(dir, 'two');
		git(dir, 'branch', 'feature', c1);
		const tree = git(dir, 'write-tree');
		const exp = git(dir, 'commit-tree', tree, '-p', c2, '-m', 'exp msg');
		git(dir, 'update-ref', `refs/exps/${c2.slice(0, 2)}/${c2.slice(2)}/done-exp`, exp);
		const stash = git(dir, 'commit-tree', tree, '-p', c2, '-m', 'stash');
		git(
			dir,
			'update-ref',
			'--create-reflog',
			'-m',
			`commit: dvc-exp:${c2}:${c2}:waiting`,
			'refs/exps/celery/stash',
			stash,
		);
		git(
			dir,
			'update-ref',
			'--create-reflog',
			'-m',
			`commit: dvc-exp:${c2}:${c2}:broken`,
			'refs/exps/celery/failed',
			stash,
		);
		queueInBroker(dir, 'in', stash);
		queueInBroker(dir, 'processed', stash);
		write(dir, '.dvc/tmp/exps/run/DVCLIVE_ONLY', JSON.stringify({ exp_name: 'live-one', pid: process.pid }));
		write(dir, '.dvc/tmp/exps/run/DVCLIVE_STEP_COMPLETED', JSON.stringify({ pid: process.pid, step: 4 }));
		const opened = await GitAdapter.open(dir);
		assert.ok(opened.ok);
		const objects = GitObjects.forRepo(opened.value.topLevel);
		const input = {
			projectId: 'P',
			workspace: new WorkspaceSource(dir),
			git: { adapter: opened.value, objects },
			commitsPerBranch: 5,
			showAllBranches: true,
			withCommits: true,
		};
		const rows = await listRevisions(input);
		assert.deepEqual(
			rows.map((r) => [r.id, r.status, r.name]),
			[
				['P|workspace', 'running', 'workspace'],
				[`P|${c2}`, 'success', 'main'],
				[`P|exp|${c2}|live-one`, 'running', 'live-one'],
				[`P|exp|${c2}|done-exp`, 'success', 'done-exp'],
				[`P|exp|${c2}|waiting`, 'queued', 'waiting'],
				[`P|exp|${c2}|broken`, 'failed', 'broken'],
				[`P|${c1}`, 'success', 'feature'],
			],
		);
		assert.equal(rows[0].liveStep, 4);
		assert.equal(rows.find((r) => r.name === 'broken')?.error, 'Experiment run failed');
		const dead = await listRevisions({
			...input,
			isPidAlive: () => false,
			showAllBranches: false,
			commitsPerBranch: 1,
		});
		objects.dispose();
		assert.deepEqual(
			dead.map((r) => r.id),
			['P|workspace', `P|${c2}`, `P|exp|${c2}|done-exp`, `P|exp|${c2}|waiting`, `P|exp|${c2}|broken`],
		);
		assert.equal(dead[0].status, 'success');
	});

	it('gives a repo with no commits only the workspace row', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const opened = await GitAdapter.open(dir);
		assert.ok(opened.ok);
		const objects = GitObjects.forRepo(opened.value.topLevel);
		const rows = await listRevisions({
			projectId: 'P',
			workspace: new WorkspaceSource(dir),
			git: { adapter: opened.value, objects },
			commitsPerBranch: 5,
			showAllBranches: true,
			withCommits: true,
		});
		objects.dispose();
		assert.deepEqual(
			rows.map((r) => r.id),
			['P|workspace'],
		);
	});
});
