import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { createExperimentsModel } from '../../../src/model/model';
import type { Experiment } from '../../../src/model/types';
import { cleanup, commitAll, initRepo, write } from '../git/repoHelpers';

const DVC_YAML = `stages:
  train:
    cmd: python train.py
    deps:
    - train.py
    - data/raw/
    - ds://mydataset
    - s3://bucket/key.csv
    params:
    - lr
  shard:
    foreach: [a, b]
    do:
      cmd: cat \${item}.txt
      wdir: shards
      deps:
      - \${item}.txt
      - ../train.py
  never:
    cmd: echo
    deps:
    - notes.txt
`;

// DVC 3 entries for the root stages; the nested dvc.yaml's lock is DVC 2 (md5 only).
const DVC_LOCK = `schema: '2.0'
stages:
  train:
    cmd: python train.py
    deps:
    - path: train.py
      hash: md5
      md5: abcdef0123456789abcdef0123456789
      size: 10
    - path: data/raw/
      hash: md5
      md5: 2222222222222222222222222222222d.dir
      size: 30
      nfiles: 3
    - path: s3://bucket/key.csv
      etag: abc
  shard@a:
    cmd: cat a.txt
    deps:
    - path: a.txt
      hash: md5
      md5: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      size: 2
    - path: ../train.py
      hash: md5
      md5: abcdef0123456789abcdef0123456789
      size: 10
`;

const SUB_YAML = 'stages:\n  eval:\n    cmd: x\n    deps:\n    - ../shared.csv\n    - input.csv\n';
const SUB_LOCK = `schema: '2.0'
stages:
  eval:
    cmd: x
    deps:
    - path: ../shared.csv
      md5: 5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a
      size: 7
    - path: input.csv
      md5: cccccccccccccccccccccccccccccccc
      size: 4
`;

const NULL = { hash: null, size: null, nfiles: null };
const DATA_HASH = '2222222222222222222222222222222d.dir';

function project(dir: string): void {
	write(dir, '.dvc/config', '');
	write(dir, 'dvc.yaml', DVC_YAML);
	write(dir, 'dvc.lock', DVC_LOCK);
	write(dir, 'params.yaml', 'lr: 0.1\n');
	write(dir, 'sub/dvc.yaml', SUB_YAML);
	write(dir, 'sub/dvc.lock', SUB_LOCK);
}

async function experiments(dir: string): Promise<readonly Experiment[]> {
	const model = createExperimentsModel({ folders: [dir], allowGit: true, commitsPerBranch: 5, showAllBranches: false });
	await model.ready;
	const out = model.getExperiments();
	model.dispose();
	return out;
}

describe('model: stage deps from dvc.lock, as dvc exp show reports them', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('keys deps by project path (wdir, foreach, nested dvc.yaml) with the lock record, null when unrecorded', async () => {
		const dir = initRepo();
		dirs.push(dir);
		project(dir);
		commitAll(dir, 'base');
		const all = await experiments(dir);
		assert.deepEqual(
			all.map((e) => e.kind),
			['workspace', 'commit'],
		);
		for (const exp of all) {
			assert.deepEqual(exp.deps, {
				// shard@b also depends on train.py and has no lock entry: the last stage's record wins, as in DVC.
				'train.py': NULL,
				'data/raw': { hash: DATA_HASH, size: 30, nfiles: 3 },
				'shards/a.txt': { hash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', size: 2, nfiles: null },
				'shards/b.txt': NULL,
				'notes.txt': NULL,
				'shared.csv': { hash: '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a', size: 7, nfiles: null },
				'sub/input.csv': { hash: 'cccccccccccccccccccccccccccccccc', size: 4, nfiles: null },
			});
			assert.deepEqual(exp.errors, [], `${exp.name}: ${JSON.stringify(exp.errors)}`);
		}
	});

	it('reads each revision’s own lock: none (deps null, no error), an empty one (its error), a good one', async () => {
		const dir = initRepo();
		dirs.push(dir);
		project(dir);
		rmSync(path.join(dir, 'dvc.lock'));
		commitAll(dir, 'never run');
		write(dir, 'dvc.lock', '');
		commitAll(dir, 'empty lock');
		write(dir, 'dvc.lock', DVC_LOCK);
		commitAll(dir, 'locked');
		write(dir, 'dvc.lock', DVC_LOCK.replaceAll(DATA_HASH, 'f'.repeat(32)));
		const [ws, head, empty, never] = await experiments(dir);
		assert.equal(ws.deps['data/raw'].hash, 'f'.repeat(32));
		assert.equal(head.deps['data/raw'].hash, DATA_HASH);
		assert.deepEqual(never.deps['data/raw'], NULL);
		assert.deepEqual(never.errors, []);
		// An empty lock has no schema: DVC rejects it, so its deps stay null and the file gets the error.
		assert.deepEqual(empty.deps['data/raw'], NULL);
		assert.deepEqual(
			empty.errors.map((e) => `${e.file}:${e.line}: ${e.message}`),
			["dvc.lock:1: 'dvc.lock': required key not provided: schema"],
		);
		assert.equal(empty.deps['sub/input.csv'].hash, 'cccccccccccccccccccccccccccccccc');
	});

	it('turns a malformed dvc.lock into one error with its line; params, metrics and other locks still read', async () => {
		const dir = initRepo();
		dirs.push(dir);
		project(dir);
		write(dir, 'metrics.json', '{"acc": 0.5}');
		write(dir, 'dvc.yaml', `metrics:\n- metrics.json\n${DVC_YAML}`);
		write(dir, 'dvc.lock', "schema: '2.0'\nstages:\n  train:\n    deps: [\n    - path: x\n");
		const [ws] = await experiments(dir);
		assert.equal(ws.errors.length, 1, JSON.stringify(ws.errors));
		const [err] = ws.errors;
		assert.equal(err.file, 'dvc.lock');
		assert.match(err.message, /YAML/);
		assert.ok(err.line !== undefined && err.line >= 4, `line ${err.line}`);
		assert.deepEqual(ws.deps['data/raw'], NULL);
		assert.equal(ws.deps['sub/input.csv'].hash, 'cccccccccccccccccccccccccccccccc');
		assert.deepEqual(ws.params, { 'params.yaml': { lr: 0.1 } });
		assert.deepEqual(ws.metrics, { 'metrics.json': { acc: 0.5 } });
	});

	it('has no deps for a project whose stages declare none (and reads no lock for it)', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, '.dvc/config', '');
		write(dir, 'dvc.yaml', 'stages:\n  s:\n    cmd: echo\n    params:\n    - lr\n');
		write(dir, 'params.yaml', 'lr: 1\n');
		write(dir, 'dvc.lock', 'not: [valid');
		const [ws] = await experiments(dir);
		assert.deepEqual(ws.deps, {});
		assert.deepEqual(ws.errors, []);
	});
});
