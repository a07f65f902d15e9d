#!/usr/bin/env node
// The interop tier: ensures the pinned DVC/DVCLive venv (scripts/venv.mjs), then runs mocha on
// test/interop/**/*.test.ts with RUNLENS_PYTHON and RUNLENS_DVC pointing into it. Extra arguments
// go to mocha (e.g. a single file). Exit code = mocha's.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureVenv, ROOT, venvPath } from './venv.mjs';

let venv;
try {
	venv = await ensureVenv();
} catch (err) {
	console.error(err instanceof Error ? err.message : String(err));
	process.exit(1);
}
console.error(`runlens interop: python ${venv.python}`);

const extra = process.argv.slice(2);
const specs = extra.some((a) => !a.startsWith('-')) ? [] : ['test/interop/**/*.test.ts'];
const args = [
	'--import',
	'tsx',
	join(ROOT, 'node_modules/mocha/bin/mocha.js'),
	'--reporter',
	join(ROOT, 'test/support/countReporter.cjs'),
	// Repos are built with real `dvc exp run`: minutes, not seconds, on a busy 2-core machine.
	'--timeout',
	String(20 * 60_000),
	...specs,
	...extra,
];
const res = spawnSync(process.execPath, args, {
	cwd: ROOT,
	stdio: 'inherit',
	env: {
		...process.env,
		RUNLENS_PYTHON: venv.python,
		RUNLENS_DVC: venv.dvc,
		PATH: venvPath(venv.python),
		// Not DVC_STUDIO_OFFLINE: the Studio interop tests post to a local stand-in server.
		DVC_NO_ANALYTICS: '1',
	},
});
process.exit(res.status ?? 1);
