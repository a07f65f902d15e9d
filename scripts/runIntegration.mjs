#!/usr/bin/env node
// Integration tier: runs test/integration/*.test.ts (bundled to out/test/integration) inside the
// real VS Code extension host of code-server 4.99.4 (VS Code 1.99.3), driven by Debian Chromium
// through playwright-core. Mocha's output is written by the extension host to a log file that this
// script streams, and the pass/fail counts reach scripts/test.mjs through RUNLENS_COUNTS_FILE.
// A second, short run opens a fresh fixture with workspace trust on (Restricted Mode) for the
// test/integration/trust*.test.ts files, which the main run skips.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startCodeServer } from './codeServer.mjs';
import { ensureDebianPackages } from './debian.mjs';
import { makeFixtureWorkspace } from './fixtures.mjs';
import { serveScreenshots } from './screenshots.mjs';

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

// `--files=tree,charts` runs only the test files with those name prefixes (while working on them).
const picked = process.argv.find((a) => a.startsWith('--files='))?.slice('--files='.length);

const BROWSER_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

/**
 * One code-server run of the bundled tests whose names start with `only` (all the others when
 * undefined; see SEPARATE_RUNS in test/integration/index.ts). Each run reports its own counts;
 * `main` adds them up into RUNLENS_COUNTS_FILE.
 */
async function runSuite(
	browser,
	{ name, workspace, only, env = {}, settings = {}, workspaceTrust = false, userDataDir, killWhen, screenshot },
) {
	const dir = mkdtempSync(join(tmpdir(), `runlens-it-${name}-`));
	const logFile = join(dir, 'mocha.log');
	const countsFile = join(dir, 'counts.json');
	writeFileSync(logFile, '');
	console.log(
		`\n[runlens] integration run "${name}"${workspaceTrust ? ' (workspace trust on: the folder is untrusted)' : ''}`,
	);
	const server = await startCodeServer({
		env: {
			RUNLENS_TEST: '1',
			RUNLENS_TEST_LOG: logFile,
			RUNLENS_FIXTURE: workspace,
			RUNLENS_COUNTS_FILE: countsFile,
			...(screenshot ? { RUNLENS_SCREENSHOT_REQUEST: `${logFile}.screenshot` } : {}),
			...(only ? { RUNLENS_TEST_ONLY: only } : {}),
			...(picked ? { RUNLENS_TEST_FILES: picked } : {}),
			...env,
		},
		settings,
		workspaceTrust,
		userDataDir,
	});
	let exitCode = 1;
	let logPos = 0;
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	try {
		const done = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
		const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
		const payload = [
			['extensionDevelopmentPath', remote(root)],
			['extensionTestsPath', remote(join(root, 'out/test/integration/index.js'))],
			['skipWelcome', 'true'],
		];
		const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
		// Only the navigation itself is awaited: on a loaded machine the workbench's `load` can take
		// longer than playwright's 30 s default, and the run's end (or TIMEOUT_MS) is what counts.
		await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
		const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
		const shots = screenshot
			? serveScreenshots(page, `${logFile}.screenshot`, screenshot, join(root, 'test-results'))
			: undefined;
		const poll = setInterval(() => (logPos = tail(logFile, logPos)), 250);
		const killed = killWhen
			? waitForFile(killWhen).then(() => killCodeServer(server, killWhen))
			: new Promise(() => {});
		const result = await Promise.race([done, timer, killed]);
		clearInterval(poll);
		logPos = tail(logFile, logPos);
		await shots?.stop();
		if (result === 'timeout') {
			console.error(`[runlens] integration run "${name}" did not finish within ${TIMEOUT_MS / 60000} minutes`);
		} else {
			exitCode = Number(result);
		}
	} finally {
		await page.close().catch(() => undefined);
		server.stop();
	}
	if (killWhen && existsSync(killWhen)) {
		// A run ended by a kill reports through its marker file: its reporter never reached the end.
		const ok = JSON.parse(readFileSync(killWhen, 'utf8')).ok === true;
		return { exitCode: ok ? 0 : 1, counts: { passed: ok ? 1 : 0, failed: ok ? 0 : 1 } };
	}
	const counts = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : { passed: 0, failed: 0 };
	// A run that fails without a failed test (crash, timeout, no tests found) still counts as failed.
	if (exitCode !== 0 && !counts.failed) {
		counts.failed = 1;
	}
	return { exitCode, counts };
}

function waitForFile(file) {
	return new Promise((resolve) => {
		const timer = setInterval(() => {
			if (existsSync(file)) {
				clearInterval(timer);
				resolve();
			}
		}, 100);
	});
}

/** Descendant pids of `pid` (children first found by `ps`), deepest last. */
function descendants(pid) {
	const table = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
		.stdout.trim()
		.split('\n')
		.map((l) => l.trim().split(/\s+/).map(Number));
	const out = [];
	const walk = (p) => {
		for (const [child, parent] of table) {
			if (parent === p) {
				out.push(child);
				walk(child);
			}
		}
	};
	walk(pid);
	return out;
}

/** The window and its extension host go away at once, mid-push: SIGKILL to code-server and all its children. */
function killCodeServer(server, marker) {
	const { pid, delivered } = JSON.parse(readFileSync(marker, 'utf8'));
	console.log(
		`[runlens] killing code-server and its extension host (pid ${pid}) mid-push: ${delivered} steps delivered so far`,
	);
	for (const p of [pid, ...descendants(server.child.pid), server.child.pid]) {
		try {
			process.kill(p, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	return 0;
}

/**
 * Studio live push with VS Code restarted halfway: one stand-in Studio process on a fixed port
 * for both phases, one user-data dir (the outbox lives in globalStorage), one fixture folder.
 * Two endings, each its own pair of runs: `live` (the run is still going when VS Code is back, and
 * ends with an experiment ref) and `no-ref` (the run ended while VS Code was gone, with no ref, so
 * its row no longer exists). The repo URL comes from the fixture's git remote, as for a real repo.
 */
async function runStudioReload(browser) {
	const results = [];
	for (const ending of ['live', 'no-ref']) {
		const runs = await runStudioReloadCase(browser, ending);
		results.push(...runs);
		if (runs.some((r) => r.exitCode !== 0)) {
			break;
		}
	}
	return results;
}

async function runStudioReloadCase(browser, ending) {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-it-reload-'));
	const record = join(dir, 'studio-accepted.json');
	const port = await freePort();
	const token = 'isat_reloadSuiteToken00000000001';
	const standIn = spawn(
		process.execPath,
		['--import', 'tsx', 'test/support/studioStandInProcess.ts', String(port), record, token],
		{
			cwd: root,
			stdio: 'inherit',
		},
	);
	try {
		await waitForFile(record);
		const workspace = makeFixtureWorkspace(join(dir, 'workspace'));
		spawnSync('git', ['remote', 'add', 'origin', 'git@example.com:acme/fixture.git'], { cwd: workspace });
		const userDataDir = join(dir, 'user-data');
		const env = {
			DVC_STUDIO_TOKEN: token,
			DVC_STUDIO_URL: `http://127.0.0.1:${port}/`,
			RUNLENS_STUDIO_RECORD: record,
			RUNLENS_RELOAD_ENDING: ending,
			// The tests read this session's Runlens log (logs/<session>/exthost*/runlens.runlens/).
			RUNLENS_USER_DATA_DIR: userDataDir,
		};
		const marker = join(dir, 'phase-a-done.json');
		const common = { workspace, only: 'studioReload', userDataDir, settings: { 'runlens.studio.livePush': true } };
		const a = await runSuite(browser, {
			...common,
			name: `studio-reload-${ending}-A`,
			env: { ...env, RUNLENS_RELOAD_PHASE: 'A', RUNLENS_RELOAD_MARKER: marker },
			killWhen: marker,
		});
		if (a.exitCode !== 0) {
			return [a];
		}
		return [
			a,
			await runSuite(browser, {
				...common,
				name: `studio-reload-${ending}-B`,
				env: { ...env, RUNLENS_RELOAD_PHASE: 'B' },
			}),
		];
	} finally {
		standIn.kill('SIGTERM');
	}
}

/** A `git` first on PATH that logs every invocation (the untrusted run must leave the log empty). */
function gitSpy() {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-git-spy-'));
	const log = join(dir, 'git-calls.log');
	const real = spawnSync('which', ['git'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/git';
	writeFileSync(log, '');
	writeFileSync(
		join(dir, 'git'),
		`#!/bin/sh\nprintf '%s pid=%s ppid=%s cwd=%s: %s\\n' "$(date +%T)" "$$" "$PPID" "$PWD" "$*" >> '${log}'\nexec '${real}' "$@"\n`,
		{ mode: 0o755 },
	);
	return { dir, log };
}

async function main() {
	ensureDebianPackages(['chromium']);
	if (!existsSync(join(root, 'out/test/integration/index.js')) || process.argv.includes('--build')) {
		spawnSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
	}
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BROWSER_ARGS });
	const runs = [];
	// `--run=<name>` runs one of the code-server runs only (while working on its tests).
	const wanted = process.argv.find((a) => a.startsWith('--run='))?.slice('--run='.length);
	const want = (name) => !wanted || wanted === name;
	try {
		if (want('main')) {
			runs.push(
				await runSuite(browser, {
					name: 'main',
					workspace: makeFixtureWorkspace(mkdtempSync(join(tmpdir(), 'runlens-it-'))),
					// The last test leaves the sidebar and charts open: the final screenshot is the README's picture
					// (the showcase also asks for integration-table.png, the experiments table's).
					settings: { 'workbench.colorTheme': 'Default Dark Modern' },
					screenshot: 'integration-workbench.png',
				}),
			);
		}
		if (want('untrusted')) {
			const spy = gitSpy();
			runs.push(
				await runSuite(browser, {
					name: 'untrusted',
					only: 'trust',
					workspace: makeFixtureWorkspace(mkdtempSync(join(tmpdir(), 'runlens-it-untrusted-'))),
					workspaceTrust: true,
					// Trust on, no start-up prompt: the folder opens in Restricted Mode. The built-in git
					// extension is off so every logged git call would be Runlens's own.
					settings: {
						'security.workspace.trust.enabled': true,
						'security.workspace.trust.startupPrompt': 'never',
						'security.workspace.trust.emptyWindow': false,
						'git.enabled': false,
					},
					// VSCODE_CLI=1: VS Code then skips re-reading PATH from a login shell, keeping the spy first.
					env: { PATH: `${spy.dir}:${process.env.PATH}`, RUNLENS_GIT_LOG: spy.log, VSCODE_CLI: '1' },
				}),
			);
		}
		if (want('table-reload')) {
			// One page, reloaded by the test itself: the suite runs before and after the reload.
			const dir = mkdtempSync(join(tmpdir(), 'runlens-it-table-reload-'));
			runs.push(
				await runSuite(browser, {
					name: 'table-reload',
					only: 'tableReload',
					workspace: makeFixtureWorkspace(join(dir, 'workspace')),
					env: { RUNLENS_TABLE_RELOAD_MARKER: join(dir, 'before-reload.json') },
				}),
			);
		}
		if (want('studio-reload')) {
			runs.push(...(await runStudioReload(browser)));
		}
	} finally {
		await browser.close();
	}
	const total = runs.reduce((t, r) => ({ passed: t.passed + r.counts.passed, failed: t.failed + r.counts.failed }), {
		passed: 0,
		failed: 0,
	});
	if (process.env.RUNLENS_COUNTS_FILE) {
		writeFileSync(process.env.RUNLENS_COUNTS_FILE, JSON.stringify(total));
	}
	process.exit(runs.every((r) => r.exitCode === 0) ? 0 : 1);
}

main().catch((err) => {
	console.error('[runlens] integration harness failed:', err);
	process.exit(1);
});
