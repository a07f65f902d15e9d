/**
 * Start-up in the real extension host (code-server 4.99.4 = VS Code 1.99.3, Chromium through
 * playwright-core, as scripts/runIntegration.mjs starts it): from VS Code starting Runlens's
 * activation (its own `willActivateExtension` mark) to the end of `activate()`, to the first
 * experiments tree rows handed to VS Code, and to `api.ready`. One browser profile, port and
 * user-data dir for every start of a repo: the first (untimed) start opens the Runlens view, so
 * the timed ones restore it as a user who keeps it open sees it.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..');

interface EntryResult {
	entryStart: number;
	alreadyActive: boolean;
	startup: { moduleLoaded: number; activateStart?: number; activateEnd?: number; firstTreeRows?: number; ready?: number };
	marks: { willActivate?: number; willLoadCode?: number; didLoadCode?: number; didActivate?: number };
	experiments: number;
}

export interface StartupRun {
	/** `activate()` itself (entry to return). */
	activateMs: number;
	/** VS Code's code loading of dist/extension.js (its own marks, 1 ms resolution). */
	codeLoadMs: number;
	/** From VS Code's activation start to `activate()` returning, to the first tree rows, to ready. */
	toActivatedMs: number;
	toFirstTreeMs: number;
	toReadyMs: number;
	/** The tree rendered before the bench entry ran: the restored view asked for it at start-up. */
	viewRestored: boolean;
	experiments: number;
}

interface CodeServerModule {
	startCodeServer(o: { env: Record<string, string>; port: number; userDataDir: string }): Promise<{
		port: number;
		url: string;
		child: ChildProcess;
		stop(): void;
	}>;
	freePort(): Promise<number>;
}

function figures(r: EntryResult): StartupRun {
	// VS Code marks willActivateExtension after loading the code in 1.99: the earlier mark is the start.
	const starts = [r.marks.willActivate, r.marks.willLoadCode].filter((m): m is number => m !== undefined);
	const t0 = starts.length > 0 ? Math.min(...starts) : undefined;
	const { activateStart, activateEnd, firstTreeRows, ready } = r.startup;
	if (t0 === undefined || activateStart === undefined || activateEnd === undefined || firstTreeRows === undefined || ready === undefined) {
		throw new Error(`start-up bench: a milestone is missing: ${JSON.stringify(r)}`);
	}
	return {
		activateMs: activateEnd - activateStart,
		codeLoadMs: (r.marks.didLoadCode ?? NaN) - (r.marks.willLoadCode ?? NaN),
		toActivatedMs: activateEnd - t0,
		toFirstTreeMs: firstTreeRows - t0,
		toReadyMs: ready - t0,
		viewRestored: firstTreeRows < r.entryStart,
		experiments: r.experiments,
	};
}

/** `runs` timed starts of code-server on `workspace` (after one untimed start). */
export async function benchStartup(workspace: string, runs: number): Promise<StartupRun[]> {
	const cs = (await import(pathToFileURL(join(ROOT, 'scripts', 'codeServer.mjs')).href)) as CodeServerModule;
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-startup-'));
	const entry = join(dir, 'entry.js');
	copyFileSync(join(ROOT, 'test', 'bench', 'startup.entry.cjs'), entry);
	const userDataDir = join(dir, 'user-data');
	const port = await cs.freePort();
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
	});
	// One context for every start: the workbench keeps its state (the open view) in its storage.
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	const out: StartupRun[] = [];
	try {
		for (let i = 0; i <= runs; i++) {
			const result = join(dir, `out-${i}.json`);
			const env = { RUNLENS_TEST: '1', RUNLENS_BENCH_OUT: result, RUNLENS_BENCH_LINGER_MS: i === 0 ? '3000' : '0' };
			const server = await cs.startCodeServer({ env, port, userDataDir });
			const page = await context.newPage();
			try {
				const done = new Promise<number>((r) => void page.exposeFunction('codeAutomationExit', (code: number) => r(code)));
				const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
				const payload = [
					['extensionDevelopmentPath', remote(ROOT)],
					['extensionTestsPath', remote(entry)],
					['skipWelcome', 'true'],
				];
				await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
				let timer: NodeJS.Timeout | undefined;
				const timeout = new Promise<never>((_, reject) => {
					timer = setTimeout(() => reject(new Error('start-up bench: no result within 180 s')), 180_000);
				});
				const code = await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
				if (code !== 0) {
					throw new Error(`start-up bench: the extension host entry exited ${code}`);
				}
			} finally {
				// Unload handlers run: the workbench stores its state (the open view) as on a real close.
				await page.close({ runBeforeUnload: true }).catch(() => undefined);
				await new Promise((r) => setTimeout(r, i === 0 ? 3000 : 0));
				// The next start listens on the same port (the workbench storage is per origin).
				const exited = new Promise((r) => (server.child.exitCode !== null ? r(0) : server.child.once('exit', r)));
				server.stop();
				await exited;
			}
			if (i > 0) {
				out.push(figures(JSON.parse(readFileSync(result, 'utf8')) as EntryResult));
			}
		}
		return out;
	} finally {
		await browser.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
