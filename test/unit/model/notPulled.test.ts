import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { collectRevision } from '../../../src/model/collect';
import { DvcCacheSource } from '../../../src/model/dvcCacheSource';
import { WorkspaceSource } from '../../../src/model/fileSource';
import { defaultRemote, NOT_PULLED_MESSAGE } from '../../../src/model/notPulled';
import { cleanup, tempDir, write } from '../git/repoHelpers';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

const DVC_YAML = `stages:
  train:
    cmd: python train.py
    outs:
      - model.pkl
      - eval
    metrics:
      - results/metrics.json
      - cached.json
artifacts:
  model:
    path: model.pkl
    type: model
`;

/** A project whose metrics are DVC outputs (dvc.lock records them), as a clone before `dvc pull`. */
function clonedWithoutPull(dir: string): void {
	write(dir, '.dvc/config', '[core]\n    remote = storage\n[\'remote "storage"\']\n    url = /tmp/remote\n');
	write(dir, 'dvc.yaml', DVC_YAML);
	write(
		dir,
		'dvc.lock',
		`schema: '2.0'
stages:
  train:
    cmd: python train.py
    outs:
    - path: model.pkl
      md5: ${md5('model')}
      size: 5
    - path: eval
      md5: ${md5('dir')}.dir
      size: 10
      nfiles: 1
    - path: results/metrics.json
      md5: ${md5('{"acc": 0.5}')}
      size: 12
    - path: cached.json
      md5: ${md5('{"loss": 0.25}')}
      size: 14
`,
	);
}

describe('outputs that are not pulled', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));
	const project = (): string => {
		const d = tempDir();
		dirs.push(d);
		clonedWithoutPull(d);
		return d;
	};
	const collect = (dir: string) => collectRevision(new DvcCacheSource(new WorkspaceSource(dir), dir), { kind: 'dvc' });

	it('marks a tracked output missing from workspace and cache as not pulled, with the remote', async () => {
		const dir = project();
		const data = await collect(dir);
		const notPulled = data.errors.filter((e) => e.notPulled);
		assert.deepEqual(
			notPulled.map((e) => e.file),
			['results/metrics.json', 'cached.json'],
		);
		for (const e of notPulled) {
			assert.equal(e.message, NOT_PULLED_MESSAGE);
			assert.deepEqual(e.notPulled, { remote: 'storage' });
		}
		assert.equal(data.errors.length, 2, 'nothing else is reported');
	});

	it('reads an output that is in the local cache (as DVC does), so it is neither missing nor not pulled', async () => {
		const dir = project();
		const text = '{"loss": 0.25}';
		const h = md5(text);
		write(dir, `.dvc/cache/files/md5/${h.slice(0, 2)}/${h.slice(2)}`, text);
		const data = await collect(dir);
		assert.deepEqual(data.metrics['cached.json'], { loss: 0.25 });
		assert.deepEqual(
			data.errors.map((e) => e.file),
			['results/metrics.json'],
		);
	});

	it('keeps real errors as errors: a malformed output with its line, an untracked missing file', async () => {
		const dir = project();
		write(dir, 'results/metrics.json', '{\n  "acc": 0.5,\n  oops\n}\n');
		write(
			dir,
			'dvc.yaml',
			`${DVC_YAML.replace('      - cached.json\n', '      - cached.json\n      - untracked.json\n')}`,
		);
		const data = await collect(dir);
		const byFile = new Map(data.errors.map((e) => [e.file, e]));
		assert.equal(byFile.get('results/metrics.json')?.notPulled, undefined);
		assert.ok(byFile.get('results/metrics.json')?.line, 'the malformed file keeps its line');
		assert.equal(byFile.get('untracked.json')?.message, "No such file or directory: 'untracked.json'");
		assert.equal(byFile.get('untracked.json')?.notPulled, undefined);
		assert.ok(byFile.get('cached.json')?.notPulled);
	});

	it('knows files inside a directory output and `.dvc`-tracked paths as tracked', async () => {
		const dir = project();
		write(dir, 'data.dvc', `outs:\n- md5: ${md5('d')}.dir\n  size: 3\n  nfiles: 1\n  path: data\n`);
		const src = new DvcCacheSource(new WorkspaceSource(dir), dir);
		assert.equal(await src.isTrackedOut('eval/metrics.json'), true);
		assert.equal(await src.isTrackedOut('eval'), true);
		assert.equal(await src.isTrackedOut('data/train/x.csv'), true);
		assert.equal(await src.isTrackedOut('evaluation.json'), false);
		assert.equal(await src.isTrackedOut('other/file.json'), false);
		const r = await src.readResult('eval/metrics.json');
		assert.ok(!r.ok && r.missing && r.notPulled);
	});

	it('shows artifacts that are outputs not pulled as not pulled, other missing ones as missing', async () => {
		const dir = project();
		write(dir, 'dvc.yaml', `${DVC_YAML}  other:\n    path: not-an-output.bin\n`);
		const data = await collect(dir);
		const byName = new Map(data.artifacts.map((a) => [a.name, a]));
		assert.deepEqual([byName.get('model')?.missing, byName.get('model')?.notPulled], [true, true]);
		assert.deepEqual([byName.get('other')?.missing, byName.get('other')?.notPulled], [true, undefined]);
	});

	it('reads the default remote from DVC config, config.local winning', () => {
		assert.equal(defaultRemote(['[core]\n  remote = storage\n']), 'storage');
		assert.equal(defaultRemote(['[core]\nremote = a\n', '[core]\n    remote = b\n']), 'b');
		assert.equal(defaultRemote(['[\'remote "x"\']\n  url = s3://b\n']), undefined);
		assert.equal(defaultRemote(['[core]\n  autostage = true\n[x]\n  remote = no\n']), undefined);
	});
});
