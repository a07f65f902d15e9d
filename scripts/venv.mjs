#!/usr/bin/env node
// Creates (once, then reuses) the Python venv the interop tests, the benchmarks and the demo
// generator use as a test-time peer: real DVC, DVCLive and dvc-studio-client at pinned versions.
// The venv is keyed by a hash of the pin list (and the base interpreter), so changing a pin
// rebuilds it. `RUNLENS_PYTHON` points at an existing interpreter instead (it must have the pins).
//
//   node scripts/venv.mjs          # ensure the venv, print the python path
//   import { ensureVenv } from './venv.mjs';  const { python, dvc } = await ensureVenv();
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VENV_DIR = join(ROOT, '.venv', 'interop');

/** Exact versions: the interop tier asserts Runlens equals what these write and show. Pillow is for
 * DVCLive's log_image, which opens every image with PIL. */
export const PINS = ['dvc==3.67.1', 'dvclive==3.49.1', 'dvc-studio-client==0.23.0', 'pillow==11.3.0'];

const STAMP = '.runlens-pins';
const isWindows = process.platform === 'win32';

function binDir(venv) {
	return join(venv, isWindows ? 'Scripts' : 'bin');
}

function exe(venv, name) {
	return join(binDir(venv), isWindows ? `${name}.exe` : name);
}

function run(cmd, args, opts = {}) {
	return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

/** The base interpreter: RUNLENS_BASE_PYTHON, else python3, else python (3.9+). */
function findBasePython() {
	const candidates = [process.env.RUNLENS_BASE_PYTHON, 'python3', 'python'].filter(Boolean);
	for (const cand of candidates) {
		const res = run(cand, ['-c', 'import sys; print(sys.version_info >= (3, 9), sys.executable)']);
		if (res.status === 0 && res.stdout.startsWith('True')) {
			return { cmd: cand, executable: res.stdout.trim().split(' ').slice(1).join(' ') };
		}
	}
	throw new Error(
		'Python 3.9+ was not found (tried ' +
			candidates.join(', ') +
			'). The interop tests need it as a test-time peer: install python3 (on Debian/Ubuntu: ' +
			'`apt-get install python3 python3-venv`), or set RUNLENS_BASE_PYTHON to an interpreter.',
	);
}

function pinHash(baseExecutable) {
	return createHash('sha256')
		.update(JSON.stringify({ pins: PINS, base: baseExecutable }))
		.digest('hex')
		.slice(0, 16);
}

function checkPython(python) {
	const code = 'import dvc, dvclive, dvc_studio_client; print(dvc.__version__)';
	const res = run(python, ['-c', code]);
	return res.status === 0 ? undefined : (res.stderr || res.stdout || `exit ${res.status}`).trim();
}

function fail(message, res) {
	const detail = res ? `\n${(res.stderr || '').trim()}\n${(res.stdout || '').trim()}`.trimEnd() : '';
	throw new Error(message + detail);
}

function createVenv(base, log) {
	rmSync(VENV_DIR, { recursive: true, force: true });
	mkdirSync(dirname(VENV_DIR), { recursive: true });
	log(`runlens: creating Python venv ${VENV_DIR} (${PINS.join(' ')})`);
	const venv = run(base.cmd, ['-m', 'venv', VENV_DIR]);
	if (venv.status !== 0) {
		const hint = /ensurepip|venv/i.test(venv.stderr || '')
			? ' The venv module or ensurepip is missing: on Debian/Ubuntu run `apt-get install python3-venv`.'
			: '';
		fail(`runlens: \`${base.cmd} -m venv\` failed.${hint}`, venv);
	}
	const pip = run(exe(VENV_DIR, 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...PINS], {
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (pip.status !== 0) {
		fail('runlens: pip install of the pinned DVC packages failed (is PyPI reachable?).', pip);
	}
}

/**
 * Ensures the interop venv exists with the pinned packages and returns its interpreter and dvc CLI.
 * Honours RUNLENS_PYTHON (an interpreter that already has the pins; its dvc is next to it).
 */
export async function ensureVenv({ log = (m) => console.error(m) } = {}) {
	const override = process.env.RUNLENS_PYTHON;
	if (override) {
		const problem = checkPython(override);
		if (problem) {
			throw new Error(`runlens: RUNLENS_PYTHON=${override} cannot import dvc/dvclive/dvc_studio_client:\n${problem}`);
		}
		return { python: override, dvc: join(dirname(override), isWindows ? 'dvc.exe' : 'dvc'), venv: undefined };
	}
	const base = findBasePython();
	const hash = pinHash(base.executable);
	const stampFile = join(VENV_DIR, STAMP);
	const python = exe(VENV_DIR, 'python');
	const fresh = existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash && existsSync(python);
	if (!fresh || checkPython(python)) {
		createVenv(base, log);
		const problem = checkPython(python);
		if (problem) {
			fail(`runlens: the new venv cannot import the pinned packages:\n${problem}`);
		}
		writeFileSync(stampFile, hash + '\n');
	}
	return { python, dvc: exe(VENV_DIR, 'dvc'), venv: VENV_DIR };
}

/** PATH with the venv's bin dir first, so `python`/`dvc` in stage commands resolve to the venv. */
export function venvPath(python, basePath = process.env.PATH ?? '') {
	return [dirname(python), basePath].join(isWindows ? ';' : ':');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		const { python } = await ensureVenv();
		console.log(python);
	} catch (err) {
		console.error(err instanceof Error ? err.message : String(err));
		process.exit(1);
	}
}
