/**
 * Runs a small extensionTests entry inside the real VS Code extension host (code-server 4.99.4,
 * driven by Debian Chromium as the integration tier does) and resolves with its exit code. The
 * entry reports its figures through a file named by RUNLENS_BENCH_OUT.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..');

interface CodeServer {
	port: number;
	url: string;
	stop(): void;
}

export interface EntryRun {
	workspace: string;
	/** Absolute path of the extensionTests entry (a CommonJS file exporting `run()`). */
	entry: string;
	env: Record<string, string>;
	/** Names the benchmark in the time-out error. */
	what: string;
	timeoutMs: number;
}

export async function runEntryInCodeServer(run: EntryRun): Promise<number> {
	const codeServer = (await import(pathToFileURL(join(ROOT, 'scripts', 'codeServer.mjs')).href)) as {
		startCodeServer(o: { env: Record<string, string> }): Promise<CodeServer>;
	};
	const server = await codeServer.startCodeServer({ env: { RUNLENS_TEST: '1', ...run.env } });
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		const done = new Promise<number>((r) => void page.exposeFunction('codeAutomationExit', (code: number) => r(code)));
		const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
		const payload = [
			['extensionDevelopmentPath', remote(ROOT)],
			['extensionTestsPath', remote(run.entry)],
			['skipWelcome', 'true'],
		];
		// Only the navigation is awaited here ('commit'): the page's full load can take over playwright's
		// 30 s default on a busy machine, and the real end is the entry's exit, bounded by timeoutMs.
		await page.goto(
			`${server.url}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
			{ waitUntil: 'commit', timeout: run.timeoutMs },
		);
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${run.what}: no result within ${run.timeoutMs / 1000} s`)), run.timeoutMs);
		});
		return await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
	} finally {
		await browser.close();
		server.stop();
	}
}
