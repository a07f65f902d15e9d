#!/usr/bin/env node
// Node wrapper around test/fixtures/gen/make_repo.py: builds real DVC/DVCLive repos with the
// interop venv's python (see scripts/venv.mjs). Used by the interop tests, `npm run bench` and
// the demo.
//
//   node scripts/makeRepo.mjs DIR [--kind full|dvclive|bare|bench|remotes|subdir|startup] [--experiments N] [--steps N] [--metrics N] [--no-queue]
//   import { makeRepo, ensureBenchRepo, ensureRepo } from './makeRepo.mjs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVenv, PINS, ROOT } from './venv.mjs';

export const GEN_DIR = join(ROOT, 'test', 'fixtures', 'gen');
const GEN_FILES = ['make_repo.py', 'train.py'];

function toArgs(opts) {
	const args = ['--kind', opts.kind ?? 'full'];
	for (const key of ['experiments', 'steps', 'metrics']) {
		if (opts[key] !== undefined) {
			args.push(`--${key}`, String(opts[key]));
		}
	}
	if (opts.queue === false) {
		args.push('--no-queue');
	}
	return args;
}

function runPython(python, args) {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(python, [join(GEN_DIR, 'make_repo.py'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) {
				reject(new Error(`make_repo.py ${args.join(' ')} exited ${code}:\n${err.slice(-4000)}\n${out.slice(-2000)}`));
				return;
			}
			const last = out.trim().split('\n').pop() ?? '{}';
			resolvePromise(JSON.parse(last));
		});
	});
}

/**
 * Builds a repo in `dir` (must not exist or be empty). Options: kind ('full' | 'dvclive' | 'bare' |
 * 'bench'), experiments, steps, metrics, queue (false skips the queued/failed experiments),
 * python (default: the interop venv). Resolves to the generator's JSON summary.
 */
export async function makeRepo(dir, opts = {}) {
	const python = opts.python ?? (await ensureVenv()).python;
	return runPython(python, [resolve(dir), ...toArgs(opts)]);
}

/** Cache key: pins, generator sources and options, so any change rebuilds the cached repo. */
function cacheKey(opts) {
	const h = createHash('sha256').update(JSON.stringify({ PINS, opts }));
	for (const f of GEN_FILES) {
		h.update(readFileSync(join(GEN_DIR, f)));
	}
	return h.digest('hex').slice(0, 12);
}

/**
 * A DVCLive repo with `experiments` experiments (each with `steps` steps and `metrics` extra
 * metrics), built once and cached in the git-ignored `.venv/bench-repo-<hash>`.
 */
export async function ensureBenchRepo(experiments, { steps = 20, metrics = 4, python } = {}) {
	return ensureRepo({ kind: 'bench', experiments, steps, metrics }, python);
}

/**
 * A repo of any kind (makeRepo options), built once and cached in the git-ignored
 * `.venv/bench-repo-<hash>`; resolves to the repo path.
 */
export async function ensureRepo(opts, python) {
	const dir = join(ROOT, '.venv', `bench-repo-${cacheKey(opts)}`);
	const done = join(dir, '.runlens-bench-done');
	if (existsSync(done)) {
		return join(dir, 'repo');
	}
	const building = `${dir}.building-${process.pid}`;
	rmSync(building, { recursive: true, force: true });
	mkdirSync(building, { recursive: true });
	// Build under a temp name, then rename: a crash never leaves a half-built cached repo.
	await makeRepo(join(building, 'repo'), { ...opts, python });
	rmSync(dir, { recursive: true, force: true });
	renameSync(building, dir);
	writeFileSync(done, new Date().toISOString() + '\n');
	return join(dir, 'repo');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const [dir, ...rest] = process.argv.slice(2);
	if (!dir) {
		console.error(
			'usage: node scripts/makeRepo.mjs DIR [--kind full|dvclive|bare|bench|remotes|subdir|startup] [--experiments N] [--steps N] [--metrics N] [--no-queue]',
		);
		process.exit(2);
	}
	try {
		const { python } = await ensureVenv();
		console.log(JSON.stringify(await runPython(python, [resolve(dir), ...rest]), null, 2));
	} catch (err) {
		console.error(err instanceof Error ? err.message : String(err));
		process.exit(1);
	}
}
