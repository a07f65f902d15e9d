#!/usr/bin/env node
// `npm run demo`: build, make a throw-away demo workspace (a git repo with a dvc.yaml, committed
// runs, experiment refs) with a background process appending DVCLive-format metrics, then serve it
// in code-server with Runlens installed at a printed loopback URL. Ctrl-C stops everything.
// `npm run demo -- --desktop` opens desktop VS Code (`code` on PATH) instead.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFixtureWorkspace } from './fixtures.mjs';
import { ensureCodeServer, startCodeServer } from './codeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const desktop = process.argv.includes('--desktop');
const portArg = process.argv.find((a) => a.startsWith('--port='));

function run(cmd, args) {
	const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
	if (res.status !== 0) {
		throw new Error(`${cmd} ${args.join(' ')} failed`);
	}
}

async function main() {
	run('npm', ['run', '--silent', 'package']);
	const workspace = makeFixtureWorkspace(mkdtempSync(join(tmpdir(), 'runlens-demo-')));
	// The live writer appends DVCLive-format rows (metrics.json, plots/metrics/**.tsv, the
	// DVCLIVE_STEP_COMPLETED signal) to the workspace run so live updates show.
	const writer = spawn(process.execPath, [join(root, 'scripts/liveWriter.mjs'), workspace, '--interval', '1'], {
		stdio: 'ignore',
	});
	const cleanups = [() => writer.kill('SIGTERM'), () => rmSync(workspace, { recursive: true, force: true })];
	const stop = () => {
		for (const c of cleanups.reverse()) {
			try {
				c();
			} catch {
				/* already gone */
			}
		}
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	if (desktop) {
		const code = spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' });
		code.on('error', (err) => {
			console.error(`Could not start desktop VS Code ("code" on PATH): ${err.message}`);
			stop();
		});
		console.log(`Desktop VS Code opened on ${workspace}. Ctrl-C stops the live writer and removes the workspace.`);
		return;
	}
	const bin = ensureCodeServer();
	const extensionsDir = mkdtempSync(join(tmpdir(), 'runlens-demo-ext-'));
	cleanups.push(() => rmSync(extensionsDir, { recursive: true, force: true }));
	const install = spawnSync(
		process.execPath,
		[bin, '--extensions-dir', extensionsDir, '--install-extension', join(root, 'runlens.vsix')],
		{
			encoding: 'utf8',
		},
	);
	if (install.status !== 0) {
		throw new Error(`installing the VSIX failed:\n${install.stdout}${install.stderr}`);
	}
	const live = await startCodeServer({ port: portArg ? Number(portArg.split('=')[1]) : 0, extensionsDir });
	cleanups.push(() => live.stop());
	console.log(
		`\nRunlens demo: ${live.url}/?folder=${encodeURIComponent(workspace)}\n(workspace ${workspace}; a run is being written live; Ctrl-C to stop)\n`,
	);
}

main().catch((err) => {
	console.error(`[runlens demo] ${err.message}`);
	process.exit(1);
});
