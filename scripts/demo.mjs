#!/usr/bin/env node
// `npm run demo`: build, make a throw-away demo workspace (a git repo with a dvc.yaml, committed
// runs and experiment refs with the live run's step range, timestamps, events and a per-example
// table), run a live DVCLive-format run in it, save it as an experiment when its epochs are done and
// start a second one, and serve it all in code-server with Runlens installed at a printed loopback URL.
// `npm run demo -- --desktop` opens desktop VS Code (`code` on PATH) instead.
//
// SIGINT / SIGTERM (Ctrl-C, or `kill -INT <pid>` of this process or of `npm run demo`) stop
// everything at any point: the child being waited on gets the signal, then the live writer is
// stopped and awaited (so it cannot recreate files), then code-server, then the folders are removed.
// `--epochs=N` (default 120) and `--interval=SECONDS` (default 1) set the live runs' length and pace,
// `--runs=N` (default 2) how many run one after the other.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFixtureWorkspace, saveWorkspaceExperiment } from './fixtures.mjs';
import { ensureCodeServer, startCodeServer } from './codeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const desktop = process.argv.includes('--desktop');
const arg = (name, def) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def;
const EPOCHS = Number(arg('epochs', 120));
const INTERVAL = arg('interval', '1');
const RUNS = Math.max(1, Number(arg('runs', 2)));
const LIVE_RUNS = Array.from({ length: RUNS }, (_, i) => ({
	name: i === 0 ? 'live-demo' : `live-demo-${i + 1}`,
	seed: i + 1,
}));

/** Children to signal on stop; folders to remove after every child has exited. */
const children = new Set();
const folders = [];
let stopping = false;
/** code-server while it starts: its process exists before startCodeServer resolves. */
let starting;

function log(message) {
	console.log(`[runlens demo] ${message}`);
}

function track(child) {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

function exited(child) {
	return child.exitCode !== null || child.signalCode !== null
		? Promise.resolve()
		: new Promise((resolve) => child.once('exit', resolve));
}

/** Signals one child and waits for it to exit (SIGKILL after 10 s). */
async function end(child, signal) {
	if (child.exitCode === null && child.signalCode === null) {
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		await exited(child);
		clearTimeout(timer);
	}
}

async function stop(signal, exitCode = 0) {
	if (stopping) {
		return;
	}
	stopping = true;
	log(`${signal}: stopping`);
	const server = await starting?.catch(() => undefined);
	if (server) {
		track(server.child).runlensRole = 'code-server';
	}
	// The live writers first: once they have exited nothing writes into the workspace any more.
	const all = [...children];
	await Promise.all(all.filter((c) => c.runlensRole === 'writer').map((c) => end(c, 'SIGTERM')));
	await Promise.all(all.filter((c) => c.runlensRole !== 'writer').map((c) => end(c, signal)));
	for (const folder of folders.reverse()) {
		rmSync(folder, { recursive: true, force: true });
	}
	log('stopped; the demo workspace was removed');
	process.exit(exitCode);
}

process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

/** Runs a build step as a child (not spawnSync: signals must reach this process while it runs). */
async function run(cmd, args) {
	const child = track(spawn(cmd, args, { cwd: root, stdio: 'inherit' }));
	child.runlensRole = 'build';
	const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
	if (code !== 0 && !stopping) {
		throw new Error(`${cmd} ${args.join(' ')} failed`);
	}
}

/** The live runs, one after the other; each finished one is saved as an experiment, as DVCLive does. */
async function liveRuns(workspace) {
	for (const { name, seed } of LIVE_RUNS) {
		const writer = track(
			spawn(
				process.execPath,
				[
					join(root, 'scripts/liveWriter.mjs'),
					workspace,
					...['--interval', INTERVAL, '--epochs', String(EPOCHS), '--name', name, '--seed', String(seed)],
				],
				{ stdio: 'ignore' },
			),
		);
		writer.runlensRole = 'writer';
		log(`live run ${name}: writer pid ${writer.pid}, ${EPOCHS} epochs`);
		await exited(writer);
		if (stopping) {
			return;
		}
		saveWorkspaceExperiment(workspace, name);
		log(`live run ${name} finished and was saved as an experiment`);
	}
}

async function serve(workspace) {
	if (desktop) {
		const code = track(
			spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' }),
		);
		code.on('error', (err) => {
			console.error(`Could not start desktop VS Code ("code" on PATH): ${err.message}`);
			void stop('SIGTERM');
		});
		log(`desktop VS Code opened on ${workspace}. Ctrl-C stops the live runs and removes the workspace.`);
		return;
	}
	const bin = ensureCodeServer();
	const extensionsDir = mkdtempSync(join(tmpdir(), 'runlens-demo-ext-'));
	folders.push(extensionsDir);
	await run(process.execPath, [
		bin,
		'--extensions-dir',
		extensionsDir,
		'--install-extension',
		join(root, 'runlens.vsix'),
	]);
	if (stopping) {
		return;
	}
	const userDataDir = mkdtempSync(join(tmpdir(), 'runlens-demo-user-'));
	folders.push(userDataDir);
	const port = Number(arg('port', 0));
	starting = startCodeServer({ port, extensionsDir, userDataDir });
	const live = await starting;
	track(live.child).runlensRole = 'code-server';
	if (stopping) {
		return;
	}
	log(`code-server pid ${live.child.pid}`);
	console.log(
		`\nRunlens demo: ${live.url}/?folder=${encodeURIComponent(workspace)}\n(workspace ${workspace}; a run is being written live; Ctrl-C or kill -INT ${process.pid} to stop)\n`,
	);
}

async function main() {
	log(`pid ${process.pid}`);
	await run('npm', ['run', '--silent', 'package']);
	if (stopping) {
		return;
	}
	const workspace = mkdtempSync(join(tmpdir(), 'runlens-demo-'));
	folders.push(workspace);
	makeFixtureWorkspace(workspace, { rich: true, epochs: EPOCHS });
	log(`workspace ${workspace}`);
	// The live runs start once the workspace is served, so the first one is there to watch.
	await serve(workspace);
	if (stopping) {
		return;
	}
	await liveRuns(workspace);
	if (!stopping) {
		log(`the live runs are done (${RUNS}); Ctrl-C to stop`);
	}
}

main().catch((err) => {
	console.error(`[runlens demo] ${err.message}`);
	void stop('SIGTERM', 1);
});
