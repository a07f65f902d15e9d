#!/usr/bin/env node
// `npm run test:electron`: the same integration suite (out/test/integration/index.js, the same
// run() entry) in desktop VS Code 1.99.3 downloaded by @vscode/test-electron. Needs internet access
// to Microsoft's update server, so CI here (registries only) runs the code-server tier instead.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { makeFixtureWorkspace } from './fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
spawnSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
const workspace = makeFixtureWorkspace(mkdtempSync(join(tmpdir(), 'runlens-electron-')));
const logFile = join(mkdtempSync(join(tmpdir(), 'runlens-electron-log-')), 'mocha.log');
try {
	await runTests({
		version: '1.99.3',
		extensionDevelopmentPath: root,
		extensionTestsPath: join(root, 'out/test/integration/index.js'),
		launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
		extensionTestsEnv: { RUNLENS_TEST: '1', RUNLENS_TEST_LOG: logFile, RUNLENS_FIXTURE: workspace },
	});
} catch (err) {
	console.error(`[runlens] electron integration run failed: ${err instanceof Error ? err.message : String(err)}`);
	process.exitCode = 1;
} finally {
	if (existsSync(logFile)) {
		process.stdout.write(readFileSync(logFile, 'utf8'));
	}
}
