import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ENV = {
	...process.env,
	GIT_AUTHOR_NAME: 't',
	GIT_AUTHOR_EMAIL: 't@example.invalid',
	GIT_COMMITTER_NAME: 't',
	GIT_COMMITTER_EMAIL: 't@example.invalid',
	GIT_CONFIG_NOSYSTEM: '1',
	HOME: tmpdir(),
};

export function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

export function tempDir(prefix = 'runlens-'): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

export function write(root: string, rel: string, content: string | Buffer): void {
	const abs = path.join(root, rel);
	mkdirSync(path.dirname(abs), { recursive: true });
	writeFileSync(abs, content);
}

export function initRepo(dir = tempDir()): string {
	git(dir, 'init', '-q', '-b', 'main');
	return dir;
}

export function commitAll(dir: string, message: string): string {
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '--allow-empty', '-m', message);
	return git(dir, 'rev-parse', 'HEAD');
}

export function cleanup(...dirs: string[]): void {
	for (const d of dirs) {
		rmSync(d, { recursive: true, force: true });
	}
}
