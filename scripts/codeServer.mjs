// Installs code-server 4.99.4 (VS Code 1.99.3) from npm into the git-ignored cache folder
// .vscode-test/code-server on first use, the way @vscode/test-electron caches its download, and
// starts it on loopback. See /shared/reference/testing-in-real-vscode.md for why each step exists.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debian.mjs';

export const CODE_SERVER_VERSION = '4.99.4';
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_TAG = 'v13.0.0-10';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.vscode-test', 'code-server');
export const codeServerBin = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function seedRipgrepCache() {
	// @vscode/ripgrep's postinstall downloads rg from GitHub unless this cached archive exists.
	const rg = spawnSync('which', ['rg'], { encoding: 'utf8' }).stdout.trim();
	if (!rg) {
		throw new Error('ripgrep (Debian package "ripgrep") is required to install code-server offline');
	}
	const dir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
	const archive = join(dir, `ripgrep-${RIPGREP_TAG}-x86_64-unknown-linux-musl.tar.gz`);
	if (existsSync(archive)) {
		return;
	}
	mkdirSync(dir, { recursive: true });
	const stage = mkdtempSync(join(tmpdir(), 'rg-stage-'));
	copyFileSync(rg, join(stage, 'rg'));
	execFileSync('tar', ['-czf', archive, '-C', stage, 'rg']);
	rmSync(stage, { recursive: true, force: true });
}

export function ensureCodeServer() {
	if (existsSync(codeServerBin)) {
		return codeServerBin;
	}
	ensureDebianPackages(['libkrb5-dev', 'ripgrep', 'chromium']);
	seedRipgrepCache();
	mkdirSync(cacheDir, { recursive: true });
	writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'runlens-code-server-cache', private: true }));
	console.log(`[runlens] installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (about 3 minutes, once)`);
	const res = spawnSync(
		'npm',
		['install', '--unsafe-perm', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`],
		{
			cwd: cacheDir,
			stdio: 'inherit',
			env: { ...process.env, npm_config_yes: 'true', npm_config_nodedir: process.env.npm_config_nodedir || '/usr' },
		},
	);
	if (res.status !== 0 || !existsSync(codeServerBin)) {
		throw new Error(`code-server ${CODE_SERVER_VERSION} install failed (exit ${res.status})`);
	}
	return codeServerBin;
}

/**
 * Starts code-server on 127.0.0.1 with fresh user-data and extensions dirs; resolves when it listens.
 * `workspaceTrust: true` leaves VS Code's workspace trust on (folders start untrusted);
 * `userDataDir` reuses a dir that outlives `stop()` (globalStorage survives a restart).
 */
export async function startCodeServer({
	port = 0,
	env = {},
	extraArgs = [],
	log = () => {},
	extensionsDir,
	settings = {},
	workspaceTrust = false,
	userDataDir,
} = {}) {
	const bin = ensureCodeServer();
	const userData = userDataDir ?? mkdtempSync(join(tmpdir(), 'runlens-cs-user-'));
	// No welcome page over the workbench: the demo and the screenshots should show Runlens.
	mkdirSync(join(userData, 'User'), { recursive: true });
	writeFileSync(
		join(userData, 'User', 'settings.json'),
		JSON.stringify({ 'workbench.startupEditor': 'none', ...settings }),
	);
	const extensions = extensionsDir ?? mkdtempSync(join(tmpdir(), 'runlens-cs-ext-'));
	const chosenPort = port || (await freePort());
	const args = [
		bin,
		'--auth',
		'none',
		'--bind-addr',
		`127.0.0.1:${chosenPort}`,
		'--disable-telemetry',
		'--disable-update-check',
		...(workspaceTrust ? [] : ['--disable-workspace-trust']),
		'--user-data-dir',
		userData,
		'--extensions-dir',
		extensions,
		...extraArgs,
	];
	const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('code-server did not start within 120 s')), 120_000);
		const onData = (buf) => {
			const text = buf.toString();
			log(text);
			if (text.includes('HTTP server listening')) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', (code) => reject(new Error(`code-server exited early (${code})`)));
	});
	const stop = () => {
		if (child.exitCode === null) {
			child.kill('SIGTERM');
		}
		if (!userDataDir) {
			rmSync(userData, { recursive: true, force: true });
		}
		rmSync(extensions, { recursive: true, force: true });
	};
	return { port: chosenPort, url: `http://127.0.0.1:${chosenPort}`, child, stop, userData, extensions, bin };
}

export async function freePort() {
	const net = await import('node:net');
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(ensureCodeServer());
}
