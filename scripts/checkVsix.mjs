// Installs a packaged VSIX into a throw-away extensions dir of the test code-server and checks
// that code-server lists it: the same path a user takes with `code-server --install-extension`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer } from './codeServer.mjs';

const vsix = resolve(process.argv[2] ?? 'runlens.vsix');
const bin = ensureCodeServer();
const dir = mkdtempSync(join(tmpdir(), 'runlens-vsix-'));
const run = (...args) => spawnSync(process.execPath, [bin, '--extensions-dir', dir, ...args], { encoding: 'utf8' });
const install = run('--install-extension', vsix);
const list = run('--list-extensions', '--show-versions');
rmSync(dir, { recursive: true, force: true });
process.stdout.write(install.stdout + install.stderr);
if (install.status !== 0 || !/runlens\.runlens@/.test(list.stdout)) {
	console.error(`VSIX was not accepted by code-server:\n${list.stdout}${list.stderr}`);
	process.exit(1);
}
console.log(`VSIX accepted by code-server: ${list.stdout.trim()}`);
