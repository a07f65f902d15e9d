/**
 * Activation time in the real extension host (code-server 4.99.4 = VS Code 1.99.3, driven by
 * Chromium through playwright-core, as scripts/runIntegration.mjs does). A tiny test entry reads
 * `api.testing.activationMs` (the time of `new RunlensApp`, set when RUNLENS_TEST=1) and the wall
 * time of `extension.activate()` (module load + activate; 0-ish when VS Code activated it already).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEntryInCodeServer } from './codeServerRun';


export interface ActivationRun {
	appMs: number;
	activateCallMs: number;
	alreadyActive: boolean;
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
	try {
		const code = await runEntryInCodeServer({ workspace, entry, env: { RUNLENS_BENCH_OUT: out }, what: 'activation bench', timeoutMs: 180_000 });
		if (code !== 0) {
			throw new Error(`activation bench: the extension host test entry exited ${code}`);
		}
		return JSON.parse(readFileSync(out, 'utf8')) as ActivationRun;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
