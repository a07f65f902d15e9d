import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { GitAdapter } from '../../../src/git/gitAdapter';
import { GitObjects } from '../../../src/git/gitObjects';
import { WorkspaceSource } from '../../../src/model/fileSource';
import type { RevisionInput, RevisionRow } from '../../../src/model/revisions';
import { listRevisions } from '../../../src/model/revisions';
import { cleanup, commitAll, git, initRepo, tempDir, write } from '../git/repoHelpers';
import { queueInBroker } from './brokerHelpers';

async function lister(dir: string, projectDir = dir): Promise<{ input: RevisionInput; dispose: () => void }> {
	const opened = await GitAdapter.open(projectDir);
	assert.ok(opened.ok);
	const objects = GitObjects.forRepo(opened.value.topLevel);
	const subdir = path.relative(opened.value.topLevel, projectDir).split(path.sep).join('/');
	const input: RevisionInput = {
		projectId: 'P',
		workspace: new WorkspaceSource(projectDir),
		git: { adapter: opened.value, objects },
		subdir,
		commitsPerBranch: 5,
		showAllBranches: true,
		withCommits: true,
	};
	return { input, dispose: () => objects.dispose() };
}

const commits = (rows: RevisionRow[]) => rows.filter((r) => r.kind === 'commit');
const summary = (r: RevisionRow) => ({
	name: r.name,
	tags: r.tags,
	branches: r.branches,
	remoteBranches: r.remoteBranches,
	remoteOnly: r.remoteOnly,
});

describe('revisions: remote-tracking branches, tags, projects added later', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	/** upstream: main c1 (tag v1); tune-hyperparams t1, t2 (annotated v2-tune, light light-tune); a clone of it. */
	function upstreamAndClone() {
		const root = tempDir();
		dirs.push(root);
		const up = path.join(root, 'up');
		git(root, 'init', '-q', '-b', 'main', 'up');
		const c1 = commitAll(up, 'c1');
		git(up, 'tag', 'v1');
		git(up, 'checkout', '-q', '-b', 'tune-hyperparams');
		const t1 = commitAll(up, 't1');
		const t2 = commitAll(up, 't2');
		git(up, 'tag', '-a', 'v2-tune', '-m', 'annotated');
		git(up, 'tag', 'light-tune');
		git(up, 'checkout', '-q', 'main');
		git(root, 'clone', '-q', 'up', 'clone');
		return { clone: path.join(root, 'clone'), c1, t1, t2 };
	}

	it('lists commits of remote-tracking branches apart, named by tag as DVC does, the limit per branch', async () => {
		const { clone, c1, t1, t2 } = upstreamAndClone();
		const { input, dispose } = await lister(clone);
		try {
			const rows = commits(await listRevisions(input));
			assert.deepEqual(
				rows.map((r) => [r.rev, summary(r)]),
				[
					[
						c1,
						{
							name: 'main',
							tags: ['v1'],
							branches: ['main'],
							remoteBranches: ['origin/main'],
							remoteOnly: undefined,
						},
					],
					[
						t2,
						{
							name: 'light-tune',
							tags: ['light-tune', 'v2-tune'],
							branches: undefined,
							remoteBranches: ['origin/tune-hyperparams'],
							remoteOnly: true,
						},
					],
					[
						t1,
						{
							name: t1.slice(0, 7),
							tags: undefined,
							branches: undefined,
							remoteBranches: undefined,
							remoteOnly: true,
						},
					],
				],
			);
			// One commit per branch: t1 is two back on its remote branch and goes.
			const one = commits(await listRevisions({ ...input, commitsPerBranch: 1 }));
			assert.deepEqual(
				one.map((r) => r.rev),
				[c1, t2],
			);
			// Remote branches hidden: the tagged t2 stays as a tag row of its own (`-T`), not remote-only.
			const hidden = commits(await listRevisions({ ...input, showRemoteBranches: false }));
			assert.deepEqual(
				hidden.map((r) => [r.rev, r.name, r.remoteOnly]),
				[
					[c1, 'main', undefined],
					[t2, 'light-tune', undefined],
				],
			);
		} finally {
			dispose();
		}
	});

	it('lists a tag as a row of its own when no branch chain reaches it', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const c1 = commitAll(dir, 'c1');
		git(dir, 'tag', 'release-1');
		commitAll(dir, 'c2');
		const c3 = commitAll(dir, 'c3');
		const { input, dispose } = await lister(dir);
		try {
			const rows = commits(await listRevisions({ ...input, commitsPerBranch: 1 }));
			assert.deepEqual(
				rows.map((r) => [r.rev, r.name]),
				[
					[c3, 'main'],
					[c1, 'release-1'],
				],
			);
			const headOnly = commits(await listRevisions({ ...input, commitsPerBranch: 1, showAllBranches: false }));
			assert.deepEqual(
				headOnly.map((r) => r.rev),
				[c3],
			);
		} finally {
			dispose();
		}
	});

	it('marks commits from before a subdirectory project existed, and keeps queued entries with their own project', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, '.dvc/config', '');
		write(dir, 'dvc.yaml', 'stages: {}\n');
		const before = commitAll(dir, 'root project only');
		write(dir, 'sub/.dvc/config', '');
		write(dir, 'sub/dvc.yaml', 'stages: {}\n');
		const after = commitAll(dir, 'dvc init --subdir sub');
		const tree = git(dir, 'write-tree');
		const stash = (name: string) => {
			const sha = git(dir, 'commit-tree', tree, '-p', after, '-m', `stash ${name}`);
			const message = `commit: dvc-exp:${after}:${after}:${name}`;
			git(dir, 'update-ref', '--create-reflog', '-m', message, 'refs/exps/celery/stash', sha);
			return sha;
		};
		const rootQueued = stash('root-queued');
		const subQueued = stash('sub-queued');
		queueInBroker(dir, 'in', rootQueued);
		queueInBroker(path.join(dir, 'sub'), 'in', subQueued);
		const sub = await lister(dir, path.join(dir, 'sub'));
		const root = await lister(dir);
		try {
			const subRows = await listRevisions(sub.input);
			const absent = subRows.find((r) => r.rev === before);
			assert.equal(absent?.projectAbsent, true);
			assert.equal(
				absent?.error,
				`Commit '${before.slice(0, 7)}' does not contain a DVC repo: the project sub did not exist at this revision`,
			);
			assert.equal(subRows.find((r) => r.rev === after)?.projectAbsent, undefined);
			const queued = (rows: RevisionRow[]) => rows.filter((r) => r.status === 'queued').map((r) => r.name);
			assert.deepEqual(queued(subRows), ['sub-queued']);
			const rootRows = await listRevisions(root.input);
			assert.deepEqual(queued(rootRows), ['root-queued']);
			assert.ok(rootRows.every((r) => !r.projectAbsent));
		} finally {
			sub.dispose();
			root.dispose();
		}
	});
});
