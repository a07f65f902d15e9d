/**
 * Benchmark helpers for `npm run bench`: the time DVC itself takes to list every experiment, and
 * the cached 200-experiment repo both sides read. No assertions here: ratios are reported.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..');

/** Times one `dvc exp show --json -A` run (the venv's dvc, next to `python`) in `repoPath`. */
export function benchDvcExpShow(repoPath: string, python: string): Promise<{ ms: number; experiments: number }> {
	const dvc = join(dirname(python), process.platform === 'win32' ? 'dvc.exe' : 'dvc');
	const env = { ...process.env, DVC_NO_ANALYTICS: '1', DVC_STUDIO_OFFLINE: '1' };
	const started = performance.now();
	return new Promise((resolvePromise, reject) => {
		execFile(dvc, ['exp', 'show', '--json', '-A'], { cwd: repoPath, env, maxBuffer: 1024 * 1024 * 1024 }, (err, stdout, stderr) => {
			const ms = performance.now() - started;
			if (err) {
				reject(new Error(`dvc exp show failed: ${err.message}\n${stderr}`));
				return;
			}
			const rows = JSON.parse(stdout) as Array<{ experiments?: unknown[] | null }>;
			resolvePromise({ ms, experiments: rows.reduce((n, r) => n + (r.experiments?.length ?? 0), 0) });
		});
	});
}

interface MakeRepoModule {
	ensureBenchRepo(experiments: number, opts?: { steps?: number; metrics?: number; python?: string }): Promise<string>;
}

/**
 * A DVCLive repo with `experiments` real experiments (20 steps, 4 extra metrics each), built once
 * by the generator and cached in `.venv/bench-repo-<hash>`; resolves to the repo path.
 */
export async function ensureBenchRepo(experiments: number): Promise<string> {
	// Dynamic import: scripts/makeRepo.mjs is ESM with top-level await (its CLI).
	const mod = (await import(pathToFileURL(join(ROOT, 'scripts', 'makeRepo.mjs')).href)) as MakeRepoModule;
	return mod.ensureBenchRepo(experiments);
}
