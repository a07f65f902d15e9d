import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createExperimentsModel } from '../../../src/model/model';
import { cleanup, commitAll, git, initRepo, write } from '../git/repoHelpers';

// Expected values below were checked by hand against `dvc exp show --json` (dvc 3.67.1) on repos of the same shape.
describe('model follows dvc exp show', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('orders params files as DVC does and reports declared files that are missing', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, '.dvc/config', '');
		write(
			dir,
			'dvc.yaml',
			'params:\n- extra.yaml\n- nope.yaml\nmetrics:\n- nom.json\nstages:\n  s:\n    cmd: echo\n    params:\n    - lr\n    - cfg.toml:\n      - opt.beta\n',
		);
		write(dir, 'params.yaml', 'lr: 0.1\nother: 2\n');
		write(dir, 'extra.yaml', 'on: yes\nx: 1.5e-3\n');
		write(dir, 'cfg.toml', '[opt]\nbeta = 0.9\ngamma = 1\n');
		commitAll(dir, 'base');
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: true,
			commitsPerBranch: 1,
			showAllBranches: false,
		});
		await model.ready;
		for (const exp of model.getExperiments()) {
			assert.deepEqual(Object.keys(exp.params), ['params.yaml', 'cfg.toml', 'extra.yaml']);
			assert.deepEqual(exp.params['cfg.toml'], { 'opt.beta': 0.9 });
			assert.deepEqual(exp.params['extra.yaml'], { on: 'yes', x: 0.0015 });
			assert.deepEqual(exp.params['params.yaml'], { lr: 0.1, other: 2 });
			assert.deepEqual(exp.errors.map((e) => e.file).sort(), ['nom.json', 'nope.yaml']);
		}
		model.dispose();
	});

	it('reads DVC-cached outputs of a commit from the workspace cache by their dvc.lock md5', async () => {
		const dir = initRepo();
		dirs.push(dir);
		write(dir, '.dvc/config', '');
		write(dir, '.gitignore', '/out/\n');
		write(dir, 'dvc.yaml', 'stages:\n  s:\n    cmd: echo\n    metrics:\n    - out/m.json\n');
		const cached = '{"score": 10}';
		const md5 = createHash('md5').update(cached).digest('hex');
		write(
			dir,
			'dvc.lock',
			`schema: '2.0'\nstages:\n  s:\n    cmd: echo\n    outs:\n    - path: out/m.json\n      hash: md5\n      md5: ${md5}\n      size: 13\n`,
		);
		write(dir, `.dvc/cache/files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`, cached);
		write(dir, 'out/m.json', '{"score": 99}');
		const base = commitAll(dir, 'base');
		assert.equal(git(dir, 'ls-tree', '-r', '--name-only', base).includes('out/m.json'), false);
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: true,
			commitsPerBranch: 1,
			showAllBranches: false,
		});
		await model.ready;
		const [ws, commit] = model.getExperiments();
		assert.deepEqual(ws.metrics['out/m.json'], { score: 99 });
		assert.deepEqual(commit.metrics['out/m.json'], { score: 10 });
		assert.deepEqual(commit.errors, []);
		model.dispose();
	});
});
