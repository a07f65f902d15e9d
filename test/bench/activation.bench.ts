/**
 * Activation time in the real extension host (code-server 4.99.4 = VS Code 1.99.3, driven by
 * Chromium through playwright-core, as scripts/runIntegration.mjs does). A tiny test entry reads
 * `api.testing.activationMs` (the time of `new RunlensApp`, set when RUNLENS_TEST=1) and the wall
 * time of `extension.activate()` (module load + activate; 0-ish when VS Code activated it already).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..');

export interface ActivationRun {
	appMs: number;
	activateCallMs: number;
	alreadyActive: boolean;
}

interface CodeServer {
	port: number;
	url: string;
	stop(): void;
}

const ENTRY = `const vscode = require('vscode');
const fs = require('fs');
exports.run = async function () {
	const ext = vscode.extensions.getExtension('runlens.runlens');
	const alreadyActive = ext.isActive;
	const t0 = performance.now();
	const api = await ext.activate();
	const activateCallMs = performance.now() - t0;
	const appMs = api && api.testing ? api.testing.activationMs : -1;
	fs.writeFileSync(process.env.RUNLENS_BENCH_OUT, JSON.stringify({ appMs, activateCallMs, alreadyActive }));
};
`;

/** One code-server start with `workspace` open; resolves with the figures the entry wrote. */
export async function benchActivation(workspace: string): Promise<ActivationRun> {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-act-'));
	const entry = join(dir, 'entry.js');
	const out = join(dir, 'out.json');
	writeFileSync(entry, ENTRY);
	const codeServer = (await import(pathToFileURL(join(ROOT, 'scripts', 'codeServer.mjs')).href)) as {
		startCodeServer(o: { env: Record<string, string> }): Promise<CodeServer>;
	};
	const server = await codeServer.startCodeServer({ env: { RUNLENS_TEST: '1', RUNLENS_BENCH_OUT: out } });
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
			['extensionTestsPath', remote(entry)],
			['skipWelcome', 'true'],
		];
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('activation bench: no result within 180 s')), 180_000);
		});
		const code = await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
		if (code !== 0) {
			throw new Error(`activation bench: the extension host test entry exited ${code}`);
		}
		return JSON.parse(readFileSync(out, 'utf8')) as ActivationRun;
	} finally {
		await browser.close();
		server.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}
