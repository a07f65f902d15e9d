#!/usr/bin/env node
// Integration tier: runs test/integration/*.test.ts (bundled to out/test/integration) inside the
// real VS Code extension host of code-server 4.99.4 (VS Code 1.99.3), driven by Debian Chromium
// through playwright-core. Mocha's output is written by the extension host to a log file that this
// script streams, and the pass/fail counts reach scripts/test.mjs through RUNLENS_COUNTS_FILE.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from './codeServer.mjs';
import { ensureDebianPackages } from './debian.mjs';
import { makeFixtureWorkspace } from './fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 25 * 60_000;

function tail(file, from) {
	if (!existsSync(file)) {
		return from;
	}
	const size = statSync(file).size;
	if (size <= from) {
		return from;
	}
	const fd = openSync(file, 'r');
	const buf = Buffer.alloc(size - from);
	readSync(fd, buf, 0, buf.length, from);
	closeSync(fd);
	process.stdout.write(buf);
	return size;
}

async function main() {
	ensureDebianPackages(['chromium']);
	if (!existsSync(join(root, 'out/test/integration/index.js')) || process.argv.includes('--build')) {
		spawnSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
	}
	const workspace = makeFixtureWorkspace(mkdtempSync(join(tmpdir(), 'runlens-it-')));
	const logFile = join(mkdtempSync(join(tmpdir(), 'runlens-it-log-')), 'mocha.log');
	writeFileSync(logFile, '');
	const server = await startCodeServer({
		env: { RUNLENS_TEST: '1', RUNLENS_TEST_LOG: logFile, RUNLENS_FIXTURE: workspace },
	});
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	let exitCode = 1;
	let logPos = 0;
	try {
		const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		const done = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
		const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
		const payload = [
			['extensionDevelopmentPath', remote(root)],
			['extensionTestsPath', remote(join(root, 'out/test/integration/index.js'))],
			['skipWelcome', 'true'],
		];
		const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
		await page.goto(url);
		const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
		const poll = setInterval(() => (logPos = tail(logFile, logPos)), 500);
		const result = await Promise.race([done, timer]);
		clearInterval(poll);
		logPos = tail(logFile, logPos);
		mkdirSync(join(root, 'test-results'), { recursive: true });
		await page.screenshot({ path: join(root, 'test-results/integration-workbench.png') }).catch(() => undefined);
		if (result === 'timeout') {
			console.error(`[runlens] integration suite did not finish within ${TIMEOUT_MS / 60000} minutes`);
		} else {
			exitCode = Number(result);
		}
	} finally {
		await browser.close();
		server.stop();
	}
	process.exit(exitCode);
}

main().catch((err) => {
	console.error('[runlens] integration harness failed:', err);
	process.exit(1);
});
