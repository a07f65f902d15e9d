// `npm run demo` as a user runs it: the real demo script builds and packages Runlens, makes its
// workspace, runs its live writer and serves code-server. Its workspace is opened in that
// code-server (Chromium through playwright-core) with test/integration/demo.test.ts as the
// extension tests; then `kill -INT` to the demo's own pid (not Ctrl-C to the whole process group)
// must end every process it started and remove the workspace.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { serveScreenshots } from '../../scripts/screenshots.mjs';

const root = path.resolve(__dirname, '../..');
const EPOCHS = 30;
// Enough short runs one after the other that a live run is there whenever VS Code looks.
const RUNS = 40;

/** Every live descendant of `pid`, from /proc (ppid links). */
function descendants(pid: number): number[] {
	const parentOf = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			// `pid (comm) state ppid ...`; comm may hold spaces, so split after the last ')'.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parentOf.set(Number(entry), ppid);
		} catch {
			/* exited while listing */
		}
	}
	const out: number[] = [];
	const walk = (p: number): void => {
		for (const [child, parent] of parentOf) {
			if (parent === p) {
				out.push(child);
				walk(child);
			}
		}
	};
	walk(pid);
	return out;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

interface Demo {
	child: ChildProcess;
	output: () => string;
	/** Resolves with the first match of `re` in the output. */
	waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
	exit: Promise<number | null>;
}

function startDemo(args: string[], env: Record<string, string> = {}): Demo {
	// Its own process group, as a terminal gives it, so a signal to one pid reaches only that process.
	const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		env: { ...process.env, ...env },
	});
	let text = '';
	const waiters = new Set<() => void>();
	const onData = (buf: Buffer): void => {
		text += buf.toString();
		waiters.forEach((w) => w());
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	return {
		child,
		output: () => text,
		exit,
		waitFor: (re, timeoutMs = 120_000) =>
			new Promise((resolve, reject) => {
				const check = (): void => {
					const m = text.match(re);
					if (m) {
						waiters.delete(check);
						clearTimeout(timer);
						resolve(m);
					}
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`the demo never printed ${re}; it printed:\n${text}`));
				}, timeoutMs);
				waiters.add(check);
				check();
			}),
	};
}

/** Waits (on the real condition, polled) until no process in `pids` is alive. */
async function allGone(pids: number[], timeoutMs = 30_000): Promise<number[]> {
	const until = Date.now() + timeoutMs;
	let left = pids.filter(alive);
	while (left.length > 0 && Date.now() < until) {
		await new Promise((r) => setTimeout(r, 100));
		left = left.filter(alive);
	}
	return left;
}

/**
 * Ends what is left of a demo whose test failed: SIGTERM to its process group first, so the demo
 * still removes its folders, then SIGKILL to whatever is left after 15 s.
 */
async function cleanUp(demo: Demo): Promise<void> {
	const group = (signal: NodeJS.Signals): void => {
		try {
			process.kill(-demo.child.pid!, signal);
		} catch {
			/* already gone */
		}
	};
	if (demo.child.exitCode === null && demo.child.signalCode === null) {
		group('SIGTERM');
		await Promise.race([demo.exit, new Promise((r) => setTimeout(r, 15_000).unref())]);
	}
	group('SIGKILL');
}

/**
 * Opens the demo's code-server on its workspace with the integration bundle as extension tests
 * (only test/integration/demo*.test.ts run: RUNLENS_TEST_ONLY=demo); resolves with their counts.
 */
async function runDemoSuite(
	browser: Browser,
	url: string,
	workspace: string,
	countsFile: string,
	logFile: string,
): Promise<{ code: number | 'timeout'; counts: { passed: number; failed: number }; log: string }> {
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	const done = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', resolve));
	const port = new URL(url).port;
	const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
	const payload = [
		// The demo's own build: `npm run demo` packaged dist/ (the VSIX's content) before serving.
		['extensionDevelopmentPath', remote(root)],
		['extensionTestsPath', remote(path.join(root, 'out/test/integration/index.js'))],
		['skipWelcome', 'true'],
	];
	await page.goto(
		`${url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
	);
	const shots = serveScreenshots(page, `${logFile}.screenshot`, 'demo-workbench.png', path.join(root, 'test-results'));
	let timer: NodeJS.Timeout | undefined;
	const code = await Promise.race([
		done,
		new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 150_000))),
	]);
	clearTimeout(timer);
	await shots.stop();
	const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
	const counts = existsSync(countsFile)
		? (JSON.parse(readFileSync(countsFile, 'utf8')) as { passed: number; failed: number })
		: { passed: 0, failed: 0 };
	return { code, counts, log };
}

describe('npm run demo (as shipped)', function () {
	this.timeout(240_000);

	before(function () {
		assert.ok(
			existsSync(path.join(root, 'out/test/integration/index.js')),
			'the integration bundle is built (node esbuild.mjs; npm test builds it)',
		);
	});

	it('serves its workspace to the real VS Code; kill -INT to its pid ends every process and removes the workspace', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'runlens-demo-test-'));
		const logFile = path.join(dir, 'mocha.log');
		const countsFile = path.join(dir, 'counts.json');
		writeFileSync(logFile, '');
		// Chromium starts while the demo builds (the demo does not wait for it).
		const { chromium } = await import('playwright-core');
		const browser = chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
		const demo = startDemo([`--epochs=${EPOCHS}`, '--interval=0.25', `--runs=${RUNS}`], {
			RUNLENS_TEST: '1',
			RUNLENS_TEST_LOG: logFile,
			RUNLENS_TEST_ONLY: 'demo',
			RUNLENS_DEMO_EPOCHS: String(EPOCHS),
			// The extension host's reporter writes here, not over this tier's own counts.
			RUNLENS_COUNTS_FILE: countsFile,
			// The suite's last test asks for the README's picture (test-results/demo-workbench.png).
			RUNLENS_SCREENSHOT_REQUEST: `${logFile}.screenshot`,
		});
		try {
			const url = (await demo.waitFor(/Runlens demo: (http:\/\/127\.0\.0\.1:\d+)\//))[1];
			const pid = Number((await demo.waitFor(/\[runlens demo\] pid (\d+)/))[1]);
			const workspace = (await demo.waitFor(/\[runlens demo\] workspace (\S+)/))[1];
			const writer = Number((await demo.waitFor(/writer pid (\d+)/))[1]);
			const server = Number((await demo.waitFor(/code-server pid (\d+)/))[1]);

			const suite = await runDemoSuite(await browser, url, workspace, countsFile, logFile);
			assert.ok(
				suite.code === 0 && suite.counts.passed >= 4 && suite.counts.failed === 0,
				`exit ${suite.code}:\n${suite.log}`,
			);

			const started = [pid, ...descendants(pid)];
			assert.ok(started.includes(server), `code-server runs under the demo (${started.join(' ')})`);
			assert.ok(!alive(writer), 'the first live writer ended at its epochs');
			const writers = [...demo.output().matchAll(/writer pid (\d+)/g)].map((m) => Number(m[1]));
			assert.ok(writers.length >= 2, 'a second live run started after the first ended');

			process.kill(pid, 'SIGINT');
			await demo.exit;
			assert.deepEqual(await allGone(started), [], 'no process the demo started is left');
			assert.equal(existsSync(workspace), false, `${workspace} was removed`);
			assert.match(demo.output(), /SIGINT: stopping/);
		} finally {
			await cleanUp(demo);
			await (await browser.catch(() => undefined))?.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('stopped while it still builds, with kill -INT to the npm pid: it stops there, starting nothing more', async () => {
		const demo = startDemo(['--epochs=600']);
		try {
			await demo.waitFor(/\[runlens demo\] pid \d+/);
			const started = descendants(demo.child.pid!);
			process.kill(demo.child.pid!, 'SIGINT');
			await demo.waitFor(/stopped; the demo workspace was removed/, 30_000);
			assert.deepEqual(await allGone(started), []);
			assert.doesNotMatch(demo.output(), /writer pid|code-server pid/);
		} finally {
			await cleanUp(demo);
		}
	});
});
