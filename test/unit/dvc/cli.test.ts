import * as assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import * as path from 'node:path';
import { DvcCli, dvcCandidates, parseDvcVersion } from '../../../src/dvc/cli';
import type { DvcCliOptions } from '../../../src/dvc/cli';
import { cleanup, tempDir, write } from '../git/repoHelpers';

/** A fake `dvc`: a shell script that prints its version and echoes `run` calls. */
function shim(dir: string, rel: string, version: string): string {
	write(
		dir,
		rel,
		`#!/bin/sh\nif [ "$1" = "--version" ]; then echo ${version}; exit 0; fi\necho "args:$*"\necho "err:$PWD" >&2\nexit 3\n`,
	);
	const file = path.join(dir, rel);
	chmodSync(file, 0o755);
	return file;
}

describe('DvcCli', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));
	const fresh = (): string => {
		const d = tempDir();
		dirs.push(d);
		return d;
	};
	const logs: string[] = [];
	const cli = (o: Partial<DvcCliOptions> & { pathEnv?: string }): DvcCli =>
		new DvcCli({
			setting: () => '',
			pythonInterpreter: () => Promise.resolve(undefined),
			folders: () => [],
			isTrusted: () => true,
			log: (_l, m) => logs.push(m),
			env: { PATH: o.pathEnv ?? '' },
			platform: 'linux',
			...o,
		});

	it('lists candidates in the agreed order: setting, interpreter, workspace .venv, PATH', () => {
		const c = dvcCandidates({
			setting: ' /opt/dvc ',
			interpreter: '/envs/a/bin/python',
			folders: ['/w1', '/w2'],
			pathEnv: '/usr/bin:/bin',
			platform: 'linux',
		});
		assert.deepEqual(
			c.map((x) => x.path),
			[
				'/opt/dvc',
				'/envs/a/bin/dvc',
				'/envs/a/bin/python/bin/dvc',
				'/w1/.venv/bin/dvc',
				'/w2/.venv/bin/dvc',
				'/usr/bin/dvc',
				'/bin/dvc',
			],
		);
		const win = dvcCandidates({ setting: '', folders: ['C:\\w'], platform: 'win32' });
		assert.ok(win[0].path.endsWith(path.join('.venv', 'Scripts', 'dvc.exe')));
	});

	it('parses only a bare version line as dvc', () => {
		assert.equal(parseDvcVersion('3.67.1\n'), '3.67.1');
		assert.equal(parseDvcVersion('3.0.0a1'), '3.0.0a1');
		assert.equal(parseDvcVersion('usage: something\n'), undefined);
		assert.equal(parseDvcVersion(''), undefined);
	});

	it('takes the first working candidate from fake dirs, skipping broken and missing ones', async () => {
		const d = fresh();
		const setting = shim(d, 'set/dvc', '9.9.9');
		const interp = shim(d, 'env/bin/dvc', '3.1.0');
		write(d, 'env/bin/python', '');
		shim(d, 'ws/.venv/bin/dvc', '3.2.0');
		const onPath = shim(d, 'pathdir/dvc', '3.3.0');
		write(d, 'notdvc/dvc', '#!/bin/sh\necho hello\n');
		chmodSync(path.join(d, 'notdvc/dvc'), 0o755);
		const base = { folders: () => [path.join(d, 'ws')], pathEnv: path.join(d, 'pathdir') };

		assert.deepEqual(await cli({ ...base, setting: () => setting }).find(), { path: setting, version: '9.9.9' });
		const interpreter = () => Promise.resolve(path.join(d, 'env/bin/python'));
		assert.deepEqual(
			await cli({ ...base, setting: () => path.join(d, 'notdvc/dvc'), pythonInterpreter: interpreter }).find(),
			{
				path: interp,
				version: '3.1.0',
			},
		);
		assert.ok(logs.some((m) => m.includes('is not a working dvc')));
		assert.equal((await cli({ ...base, setting: () => path.join(d, 'missing') }).find())?.version, '3.2.0');
		assert.deepEqual(await cli({ pathEnv: base.pathEnv }).find(), { path: onPath, version: '3.3.0' });
		assert.equal(await cli({ pathEnv: path.join(d, 'notdvc') }).find(), undefined);
		assert.ok(logs.some((m) => m.includes('DVC CLI 3.3.0 at')));
	});

	it('finds once until invalidated', async () => {
		const d = fresh();
		let setting = shim(d, 'a/dvc', '1.0.0');
		const c = cli({ setting: () => setting });
		assert.equal((await c.find())?.version, '1.0.0');
		setting = shim(d, 'b/dvc', '2.0.0');
		assert.equal((await c.find())?.version, '1.0.0');
		c.invalidate();
		assert.equal((await c.find())?.version, '2.0.0');
	});

	it('runs with the exit code, output and cwd, and never prompts for git credentials', async () => {
		const d = fresh();
		const dvc = shim(d, 'dvc', '3.0.0');
		write(d, 'repo/x', '');
		const r = await cli({ setting: () => dvc }).run(['exp', 'run', '-S', 'lr=0.1'], path.join(d, 'repo'));
		assert.deepEqual(r, { code: 3, stdout: 'args:exp run -S lr=0.1\n', stderr: `err:${path.join(d, 'repo')}\n` });
		assert.equal(cli({}).env().GIT_TERMINAL_PROMPT, '0');
	});

	it('finds nothing and runs nothing in an untrusted workspace, and says why', async () => {
		const d = fresh();
		const dvc = shim(d, 'dvc', '3.0.0');
		const c = cli({ setting: () => dvc, isTrusted: () => false });
		assert.equal(await c.find(), undefined);
		await assert.rejects(c.run(['pull'], d), /untrusted/);
		await assert.rejects(cli({}).run(['pull'], d), /not found/);
	});
});
