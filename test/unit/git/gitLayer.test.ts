import * as assert from 'node:assert/strict';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CatFileProcess } from '../../../src/git/catFile';
import { GitAdapter } from '../../../src/git/gitAdapter';
import { GitObjects } from '../../../src/git/gitObjects';
import { RevisionSource, WorkspaceSource } from '../../../src/model/fileSource';
import { cleanup, commitAll, git, initRepo, tempDir, write } from './repoHelpers';

async function open(dir: string): Promise<GitAdapter> {
	const r = await GitAdapter.open(dir);
	assert.ok(r.ok, r.ok ? '' : r.error);
	return r.value;
}

describe('GitAdapter', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('reports a folder that is not a repo cleanly', async () => {
		const dir = tempDir();
		dirs.push(dir);
		const r = await GitAdapter.open(dir);
		assert.equal(r.ok, false);
		assert.equal(r.reason, 'not-a-repo');
	});

	it('reports a missing git binary cleanly', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const r = await GitAdapter.open(dir, '/nonexistent/git-binary');
		assert.equal(r.ok, false);
		assert.equal(r.reason, 'git-missing');
	});

	it('works where the editor host sets EDITOR and PAGER (code-server does), without passing them to git', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, 'a.txt', '1');
		const sha = commitAll(dir, 'first');
		const saved = { EDITOR: process.env.EDITOR, PAGER: process.env.PAGER };
		process.env.EDITOR = 'touch /tmp/runlens-editor-ran';
		process.env.PAGER = 'touch /tmp/runlens-pager-ran';
		try {
			const a = await open(dir);
			assert.equal((await a.head()).sha, sha);
		} finally {
			for (const [k, v] of Object.entries(saved)) {
				if (v === undefined) {
					delete process.env[k];
				} else {
					process.env[k] = v;
				}
			}
		}
	});

	it('handles a repo with no commits', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const a = await open(dir);
		assert.deepEqual(await a.head(), { sha: undefined, branch: 'main', detached: false });
		assert.deepEqual(await a.refs(), []);
		assert.deepEqual(await a.log('HEAD', 5), []);
		assert.deepEqual(await a.reflog('refs/exps/celery/stash'), []);
	});

	it('reads HEAD, branches, tags, log, remote url and detached HEAD', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, 'a.txt', '1');
		const c1 = commitAll(dir, 'first');
		write(dir, 'a.txt', '2');
		const c2 = commitAll(dir, 'second\n\nbody');
		git(dir, 'branch', 'other', c1);
		git(dir, 'tag', '-a', 'v1', '-m', 'tag', c1);
		git(dir, 'remote', 'add', 'origin', 'git@example.invalid:me/repo.git');
		const a = await open(dir);
		assert.equal(a.topLevel, await import('node:fs').then((fs) => fs.realpathSync(dir)));
		assert.deepEqual(await a.head(), { sha: c2, branch: 'main', detached: false });
		const refs = await a.refs();
		assert.deepEqual(
			refs.map((r) => [r.name, r.commit]),
			[
				['refs/heads/main', c2],
				['refs/heads/other', c1],
				['refs/tags/v1', c1],
			],
		);
		const log = await a.log('main', 5);
		assert.deepEqual(
			log.map((c) => [c.sha, c.subject, c.parents]),
			[
				[c2, 'second', [c1]],
				[c1, 'first', []],
			],
		);
		assert.equal(await a.remoteUrl('main'), 'git@example.invalid:me/repo.git');
		git(dir, 'checkout', '-q', '--detach', c1);
		assert.deepEqual(await a.head(), { sha: c1, branch: undefined, detached: true });
	});

	it('lists packed exp refs and reflog entries of the celery stash', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const base = commitAll(dir, 'base');
		write(dir, 'p.yaml', 'lr: 1');
		git(dir, 'add', '-A');
		const tree = git(dir, 'write-tree');
		const exp = git(dir, 'commit-tree', tree, '-p', base, '-m', 'exp');
		git(dir, 'update-ref', `refs/exps/${base.slice(0, 2)}/${base.slice(2)}/cool-exp`, exp);
		git(
			dir,
			'update-ref',
			'--create-reflog',
			'-m',
			`commit: dvc-exp:${base}:${base}:queued-one`,
			'refs/exps/celery/stash',
			exp,
		);
		git(dir, 'pack-refs', '--all');
		const a = await open(dir);
		const names = (await a.refs(['refs/exps'])).map((r) => r.name);
		assert.ok(names.includes(`refs/exps/${base.slice(0, 2)}/${base.slice(2)}/cool-exp`));
		assert.deepEqual(await a.reflog('refs/exps/celery/stash'), [
			{ sha: exp, message: `commit: dvc-exp:${base}:${base}:queued-one` },
		]);
	});

	it('reads a shallow clone', async () => {
		const src = initRepo();
		const dst = tempDir();
		dirs.push(src, dst);
		commitAll(src, 'one');
		const two = commitAll(src, 'two');
		git(dst, 'clone', '-q', '--depth', '1', `file://${src}`, 'c');
		const a = await open(path.join(dst, 'c'));
		assert.equal(await a.isShallow(), true);
		assert.deepEqual(
			(await a.log('HEAD', 5)).map((c) => c.sha),
			[two],
		);
		const objects = GitObjects.forRepo(a.topLevel);
		const chain = await objects.firstParents(two, 5);
		objects.dispose();
		assert.deepEqual(
			chain.map((c) => c.sha),
			[two],
		);
	});

	it('lists 10,000 refs in one call', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const base = commitAll(dir, 'base');
		const lines = Array.from(
			{ length: 10_000 },
			(_, i) => `${base} refs/exps/${base.slice(0, 2)}/${base.slice(2)}/e${i}`,
		);
		// Written as packed-refs directly: creating 10,000 loose ref files is the slow part, not reading.
		writeFileSync(
			path.join(dir, '.git', 'packed-refs'),
			`# pack-refs with: peeled fully-peeled sorted\n${lines.sort().join('\n')}\n`,
		);
		const a = await open(dir);
		assert.equal((await a.refs(['refs/exps'])).length, 10_000);
	});
});

describe('CatFileProcess and RevisionSource', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('reads blobs, trees and missing objects through one process, and restarts after a crash', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, 'dvclive/metrics.json', '{"loss": 1}');
		write(dir, 'dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t1\n');
		write(dir, 'big.bin', Buffer.alloc(3 * 1024 * 1024, 7));
		const sha = commitAll(dir, 'c');
		const cat = new CatFileProcess(dir);
		const objects = new GitObjects(cat);
		const src = new RevisionSource(objects, sha);
		const [m, missing, big] = await Promise.all([
			src.read('dvclive/metrics.json'),
			src.read('nope.json'),
			src.read('big.bin'),
		]);
		assert.equal(Buffer.from(m!).toString(), '{"loss": 1}');
		assert.equal(missing, undefined);
		assert.equal(big!.length, 3 * 1024 * 1024);
		assert.deepEqual(await src.list('dvclive', true), ['dvclive/metrics.json', 'dvclive/plots/metrics/loss.tsv']);
		assert.equal(await cat.get('0'.repeat(40)), undefined);
		(cat as unknown as { proc: { kill(): void } }).proc.kill();
		await new Promise((r) => setTimeout(r, 50));
		assert.equal((await objects.commit(sha))?.sha, sha);
		objects.dispose();
		assert.equal(await cat.get(sha), undefined);
	});

	it('reports a corrupted object as an error, not a throw', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, 'metrics.json', '{"a": 1}');
		const sha = commitAll(dir, 'c');
		const blob = git(dir, 'rev-parse', `${sha}:metrics.json`);
		const objPath = path.join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
		chmodSync(objPath, 0o644);
		writeFileSync(objPath, 'garbage');
		const objects = GitObjects.forRepo(dir);
		const r = await new RevisionSource(objects, sha).readResult('metrics.json');
		objects.dispose();
		assert.equal(r.ok, false);
	});
});

describe('WorkspaceSource', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('survives symlink loops, vanished files and oversized files', async () => {
		const dir = tempDir();
		dirs.push(dir);
		write(dir, 'a/x.json', '{}');
		symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'loop'));
		const src = new WorkspaceSource(dir);
		assert.deepEqual(await src.list('', true), ['a/x.json']);
		const gone = await src.readResult('a/vanished.json');
		assert.deepEqual(gone.ok ? undefined : gone.missing, true);
		write(dir, 'big.json', Buffer.alloc(2048));
		const big = await src.readResult('big.json', 1024);
		assert.equal(big.ok, false);
		assert.match(big.ok ? '' : big.error, /too large/);
	});
});
