import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DvcCli } from '../../src/dvc/cli';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import type { RenderedItem } from '../../src/experiments/sidebarTesting';
import type { ExperimentsModel } from '../../src/model/api';
import type { Experiment } from '../../src/model/types';
import type { RunTesting } from '../../src/run/commands';
import type { DvcTaskEnd } from '../../src/run/tasks';
import type { ShownPick, VscodeExperimentPicker } from '../../src/vscode/experimentPicker';
import { fromPalette, tickAndAccept } from './paletteHelpers';

interface Testing {
	model: ExperimentsModel;
	sidebar: SidebarTesting;
	run: RunTesting;
	dvc: DvcCli;
	dvcAvailable: () => boolean | undefined;
	picker: VscodeExperimentPicker;
}

/**
 * A stand-in `dvc` found through the `runlens.dvcPath` setting: it prints a version, records
 * "cwd|args" of every other call, answers `queue logs` and `pull`, and blocks `exp run` while
 * `<calls>.hold` exists (announcing it as DVCLive's running signal).
 */
function writeShim(dir: string): { shim: string; calls: string } {
	const calls = path.join(dir, 'calls.txt');
	const shim = path.join(dir, 'dvc');
	writeFileSync(
		shim,
		[
			'#!/bin/sh',
			'if [ "$1" = "--version" ]; then echo 3.67.1; exit 0; fi',
			`echo "$PWD|$*" >> '${calls}'`,
			'if [ "$1 $2" = "queue logs" ]; then echo "log of $3"; exit 0; fi',
			'if [ "$1 $2" = "queue start" ]; then echo "Started 1 new experiment task queue worker."; exit 0; fi',
			// `dvc pull` of the not-pulled test's output: the file arrives as DVC would check it out.
			`if [ "$1" = pull ]; then printf '${PULLED}' > npl/metrics.json; echo "1 file fetched"; exit 0; fi`,
			// A held `exp run` announces itself as DVCLive does, so Runlens shows the workspace running.
			`if [ -e '${calls}.hold' ]; then mkdir -p .dvc/tmp/exps/run; printf '{"pid": %s, "exp_name": "held-run"}' $$ > ${SIGNAL}; fi`,
			`while [ -e '${calls}.hold' ]; do sleep 0.1; done`,
			`rm -f ${SIGNAL}`,
			'exit 0',
			'',
		].join('\n'),
	);
	chmodSync(shim, 0o755);
	return { shim, calls };
}

const PULLED = '{"acc": 0.93}';
const SIGNAL = '.dvc/tmp/exps/run/DVCLIVE_ONLY';
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

function nextEnd(t: Testing): Promise<DvcTaskEnd> {
	return new Promise((resolve) => {
		const sub = t.run.tasks.onDidEnd((e) => {
			sub.dispose();
			resolve(e);
		});
	});
}

function nextPick(picker: VscodeExperimentPicker): Promise<ShownPick> {
	return new Promise((resolve) => {
		const sub = picker.onDidShow((shown) => {
			sub.dispose();
			resolve(shown);
		});
	});
}

/** Fails with what was awaited instead of a bare mocha timeout. */
function within<T>(p: Promise<T>, what: string, ms = 20_000): Promise<T> {
	return Promise.race([
		p,
		new Promise<T>((_r, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)),
	]);
}

/** Sets the text of a quick input and waits until the workbench (not only the extension host) has it. */
async function typeInto(input: vscode.QuickPick<vscode.QuickPickItem>, text: string): Promise<void> {
	const echoed = new Promise<void>((resolve) => {
		const sub = input.onDidChangeValue((v) => {
			if (v === text) {
				sub.dispose();
				resolve();
			}
		});
	});
	input.value = text;
	await within(echoed, `the workbench showing "${text}"`);
}

function lines(file: string): string[] {
	return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

function find(items: RenderedItem[], pred: (i: RenderedItem) => boolean): RenderedItem | undefined {
	for (const i of items) {
		const hit = pred(i) ? i : find(i.children ?? [], pred);
		if (hit) {
			return hit;
		}
	}
	return undefined;
}

/** What a user sees of the experiments tree: every row, its label and its menu (contextValue). */
function shape(items: RenderedItem[]): unknown[] {
	return items.map((i) => [i.id, i.label, i.contextValue, shape(i.children ?? [])]);
}

async function lookedUp(t: Testing, available: boolean): Promise<void> {
	await within(
		(async () => {
			while (t.dvcAvailable() !== available || ((await t.dvc.find()) !== undefined) !== available) {
				await new Promise((r) => setTimeout(r, 50));
			}
		})(),
		`runlens.dvcAvailable ${available}`,
	);
}

describe('without the DVC CLI (real VS Code)', () => {
	let t: Testing;
	let dir: string;
	const savedPath = process.env.PATH;

	before(async () => {
		const api = await vscode.extensions.getExtension('runlens.runlens')!.activate();
		await api.ready;
		t = api.testing as Testing;
		dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-nodvc-'));
	});

	after(async () => {
		process.env.PATH = savedPath;
		await vscode.workspace.getConfiguration('runlens').update('dvcPath', undefined, vscode.ConfigurationTarget.Global);
		rmSync(dir, { recursive: true, force: true });
	});

	it('hides the run actions (runlens.dvcAvailable false), runs nothing, and leaves the tree as it is with DVC', async () => {
		// No dvc anywhere Runlens looks: PATH without one (the look-up reads this host's PATH), and a
		// runlens.dvcPath that is not dvc (its change makes Runlens look again).
		process.env.PATH = (savedPath ?? '')
			.split(path.delimiter)
			.filter((d) => !existsSync(path.join(d, 'dvc')))
			.join(path.delimiter);
		const notDvc = path.join(dir, 'not-dvc');
		writeFileSync(notDvc, '#!/bin/sh\necho "not dvc"\n');
		chmodSync(notDvc, 0o755);
		await vscode.workspace.getConfiguration('runlens').update('dvcPath', notDvc, vscode.ConfigurationTarget.Global);
		await lookedUp(t, false);
		const without = shape(await t.sidebar.render());
		assert.ok(without.length > 0, 'the experiments are listed without DVC');

		// A run action reached anyway (a keybinding ignores menus) says DVC is missing and starts nothing.
		let started = false;
		const sub = vscode.tasks.onDidStartTask(() => (started = true));
		await vscode.commands.executeCommand('runlens.dvc.run');
		sub.dispose();
		assert.equal(started, false, 'no task was started');

		const { shim } = writeShim(dir);
		await vscode.workspace.getConfiguration('runlens').update('dvcPath', shim, vscode.ConfigurationTarget.Global);
		await lookedUp(t, true);
		assert.deepEqual(shape(await t.sidebar.render()), without, 'the same rows and menus with DVC');
	});
});

describe('DVC run actions (real VS Code, a dvc stand-in via runlens.dvcPath)', () => {
	let t: Testing;
	let dir: string;
	let shim: string;
	let calls: string;
	let root: string;
	const byName = (name: string): Experiment => {
		const e = t.model.getExperiments().find((x) => x.name === name || (name === 'workspace' && x.kind === 'workspace'));
		assert.ok(e, `experiment ${name} exists`);
		return e;
	};
	/** The element VS Code passes to a context-menu command: the rendered row's handle. */
	const handleOf = async (exp: Experiment): Promise<{ id: string }> => {
		const row = find(await t.sidebar.render(), (i) => i.id === exp.id);
		assert.ok(row?.contextValue?.startsWith('experiment'), `${exp.name} is a row with the experiment menu`);
		return { id: row!.id };
	};

	before(async () => {
		const api = await vscode.extensions.getExtension('runlens.runlens')!.activate();
		await api.ready;
		t = api.testing as Testing;
		dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-dvcshim-'));
		({ shim, calls } = writeShim(dir));
		await vscode.workspace.getConfiguration('runlens').update('dvcPath', shim, vscode.ConfigurationTarget.Global);
		// The setting change makes the CLI look again; wait for that lookup to name the shim.
		for (let found = await t.dvc.find(); found?.path !== shim; found = await t.dvc.find()) {
			await new Promise((r) => setTimeout(r, 50));
		}
		root = t.model.getProjects()[0].root;
	});

	after(async () => {
		await vscode.workspace.getConfiguration('runlens').update('dvcPath', undefined, vscode.ConfigurationTarget.Global);
		rmSync(dir, { recursive: true, force: true });
	});

	it('Run from the workspace row menu runs `dvc exp run` in a task in the project root', async () => {
		const ended = nextEnd(t);
		await vscode.commands.executeCommand('runlens.dvc.run', await handleOf(byName('workspace')));
		const end = await ended;
		assert.deepEqual(end.args, ['exp', 'run']);
		assert.equal(end.exitCode, 0);
		assert.equal(lines(calls).pop(), `${root}|exp run`);
	});

	it('Queue from the palette with one project needs no pick and adds --queue', async () => {
		const ended = nextEnd(t);
		await vscode.commands.executeCommand('runlens.dvc.queue');
		assert.deepEqual((await ended).args, ['exp', 'run', '--queue']);
		assert.equal(lines(calls).pop(), `${root}|exp run --queue`);
	});

	/**
	 * Runs a Modify params command with the argument a menu passes, ticks `lr` in the params pick
	 * and types `value` into its input; resolves with the value the input was pre-filled with.
	 */
	const modifyLr = async (command: string, arg: unknown, value: string): Promise<string> => {
		const picked = nextPick(t.picker);
		const inputShown = new Promise<vscode.InputBox>((resolve) => {
			const sub = t.run.inputs.onDidShow((box) => {
				sub.dispose();
				resolve(box);
			});
		});
		const done = vscode.commands.executeCommand(command, arg);
		const pick = (await within(picked, 'params pick')).quickPick;
		const lr = pick.items.find((i) => i.label === 'lr');
		assert.ok(lr, `the params pick lists lr (it lists ${pick.items.map((i) => i.label).join(', ')})`);
		// Tick lr and type its name as a user would. The renderer echoing the typed value proves it
		// shows the pick with both (they go in one update), so the accept below carries the tick.
		pick.selectedItems = [lr];
		await typeInto(pick, 'lr');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		const box = await within(inputShown, 'param input after accepting the pick');
		const prefilled = box.value;
		// An input box does not echo a value set by the extension. The extension host sends quick
		// input changes on a zero timeout, and commands go over the same channel after them: one
		// turn of the event loop orders the shown box and its value before the accept.
		box.value = value;
		await new Promise((r) => setTimeout(r, 0));
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		await within(Promise.resolve(done), 'end of the command after accepting the input');
		return prefilled;
	};

	/** The argument VS Code passes a `webview/context` command of the table: the row's data-vscode-context. */
	const tableRowArg = (exp: Experiment): Record<string, unknown> => ({
		webviewSection: 'experiment',
		experimentId: exp.id,
		experimentKind: exp.kind,
		experimentStatus: exp.status,
		preventDefaultContextMenuItems: true,
	});

	it("Modify params and queue from an experiment's menu: its value pre-filled, the change sent as -S", async () => {
		const ended = nextEnd(t);
		const prefilled = await modifyLr('runlens.dvc.modifyAndQueue', await handleOf(byName('lilac-moss')), '0.03');
		assert.equal(prefilled, '0.2', "the input holds lilac-moss's lr");
		assert.deepEqual((await within(ended, 'task end')).args, [
			'exp',
			'run',
			'--queue',
			'-S',
			'dvclive/params.yaml:lr=0.03',
		]);
		assert.equal(lines(calls).pop(), `${root}|exp run --queue -S dvclive/params.yaml:lr=0.03`);
	});

	it("Modify params and run from the table's row menu: the row's params, run in the workspace", async () => {
		const ended = nextEnd(t);
		const prefilled = await modifyLr('runlens.dvc.modifyAndRun', tableRowArg(byName('lilac-moss')), '0.07');
		assert.equal(prefilled, '0.2', "the input holds the row's lr");
		assert.deepEqual((await within(ended, 'task end')).args, ['exp', 'run', '-S', 'dvclive/params.yaml:lr=0.07']);
		assert.equal(lines(calls).pop(), `${root}|exp run -S dvclive/params.yaml:lr=0.07`);
	});

	it('Start and stop the queue, and show a queued experiment’s logs in an output channel', async () => {
		await vscode.commands.executeCommand('runlens.dvc.queueStart');
		await vscode.commands.executeCommand('runlens.dvc.queueStop');
		await vscode.commands.executeCommand('runlens.dvc.showLogs', await handleOf(byName('azure-bump')));
		assert.deepEqual(lines(calls).slice(-3), [
			`${root}|queue start`,
			`${root}|queue stop`,
			`${root}|queue logs azure-bump`,
		]);
	});

	it('from the palette (no tree selection): Modify params and run, Show Logs and Pull ask what they need', async () => {
		// Modify params: the experiment to start from first, then its params (the rest is as from a menu).
		const paramsPick = new Promise<ShownPick>((resolve) => {
			const sub = t.picker.onDidShow((shown) => {
				if (shown.placeHolder === 'Params to change') {
					sub.dispose();
					resolve(shown);
				}
			});
		});
		const modifying = fromPalette(t, 'runlens.dvc.modifyAndRun', [['azure-bump', 'azure-bump']]);
		const params = await within(paramsPick, 'the params pick after the experiment pick');
		assert.ok(params.quickPick.title?.includes('azure-bump'), params.quickPick.title);
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
		await modifying;
		await fromPalette(t, 'runlens.dvc.showLogs', [['lilac-moss', 'lilac-moss']]);
		assert.equal(lines(calls).pop(), `${root}|queue logs lilac-moss`);
		// One project: Pull needs no pick and pulls in it.
		await vscode.commands.executeCommand('runlens.dvc.pull');
		assert.equal(lines(calls).pop(), `${root}|pull`);
	});

	it('Stop from the palette with nothing running says so and stops nothing', async () => {
		const before = lines(calls).length;
		const told = new Promise<string>((resolve) => {
			const sub = t.picker.onDidInform((message) => {
				sub.dispose();
				resolve(message);
			});
		});
		await vscode.commands.executeCommand('runlens.dvc.stop');
		assert.match(await within(told, 'a notice'), /no experiment to choose from \(Running experiment to stop\)/);
		assert.equal(lines(calls).length, before);
	});

	/** Starts a held `dvc exp run` from the palette; resolves once the tree shows the workspace running. */
	const startHeldRun = async (): Promise<{ ended: Promise<DvcTaskEnd> }> => {
		writeFileSync(`${calls}.hold`, '');
		const ended = nextEnd(t);
		await vscode.commands.executeCommand('runlens.dvc.run');
		const wsId = byName('workspace').id;
		await t.sidebar.waitFor((items) => find(items, (i) => i.id === wsId)?.contextValue === 'experiment.running');
		assert.ok(t.run.tasks.workspaceRun(root), 'the run is known as the workspace run');
		return { ended };
	};
	const endHeldRun = async (): Promise<void> => {
		rmSync(`${calls}.hold`, { force: true });
		// A terminated stand-in leaves its signal behind (its pid is gone, so it reads as not running).
		rmSync(path.join(root, SIGNAL), { force: true });
		const wsId = byName('workspace').id;
		await t.sidebar.waitFor((items) => find(items, (i) => i.id === wsId)?.contextValue === 'experiment');
	};

	it('Stop from the running row’s inline button (its tree handle) ends the task Runlens started', async () => {
		try {
			const { ended } = await startHeldRun();
			await vscode.commands.executeCommand('runlens.dvc.stop', await handleOf(byName('workspace')));
			const end = await within(ended, 'task end after Stop');
			assert.notEqual(end.exitCode, 0, 'the task was terminated, not finished');
			assert.equal(t.run.tasks.workspaceRun(root), undefined);
		} finally {
			await endHeldRun();
		}
	});

	it('Stop from the palette while a run is held: the pick offers the running row', async () => {
		try {
			const { ended } = await startHeldRun();
			const shown = nextPick(t.picker);
			const done = vscode.commands.executeCommand('runlens.dvc.stop');
			const pick = await within(shown, 'running experiments pick');
			const ws = byName('workspace');
			// The workspace row and the experiment it runs are one run: offered once.
			assert.deepEqual(
				pick.quickPick.items.map((i) => i.label),
				[ws.name],
			);
			await tickAndAccept(pick, [ws.name]);
			await done;
			assert.notEqual((await within(ended, 'task end after Stop')).exitCode, 0);
		} finally {
			await endHeldRun();
		}
	});

	it("Stop from the table's menu on the running row (its data-vscode-context) ends the run", async () => {
		try {
			const { ended } = await startHeldRun();
			const ws = byName('workspace');
			assert.equal(ws.status, 'running', 'the table row carries experimentStatus running (its Stop `when`)');
			await vscode.commands.executeCommand('runlens.dvc.stop', tableRowArg(ws));
			assert.notEqual((await within(ended, 'task end after Stop')).exitCode, 0);
			assert.equal(t.run.tasks.workspaceRun(root), undefined);
		} finally {
			await endHeldRun();
		}
	});

	it('Stop on a queued experiment running in its temp dir (a DVC executor) kills it with dvc queue kill', async () => {
		// What `dvc queue start` leaves while a task runs: an executor infofile and its pid file.
		const runDir = path.join(root, '.dvc/tmp/exps/run/q-run');
		// Inside the repository, where DVC makes its temp dirs: a root outside it is refused as hostile.
		const tempRoot = path.join(root, '.dvc/tmp/exps/tmp/q-run');
		mkdirSync(tempRoot, { recursive: true });
		const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
		mkdirSync(runDir, { recursive: true });
		const info = { git_url: `file://${root}`, baseline_rev: head, location: 'dvc-task', root_dir: tempRoot };
		writeFileSync(
			path.join(runDir, 'q-run.run'),
			JSON.stringify({ ...info, dvc_dir: path.join(tempRoot, '.dvc'), name: 'q-run', status: 2 }),
		);
		writeFileSync(path.join(runDir, 'q-run.json'), JSON.stringify({ pid: process.pid }));
		try {
			await t.model.refresh();
			const running = t.model.getExperiments().find((e) => e.name === 'q-run');
			assert.ok(running?.status === 'running', `the executor run is a running row: ${running?.status}`);
			await vscode.commands.executeCommand('runlens.dvc.stop', await handleOf(running));
			assert.equal(lines(calls).pop(), `${root}|queue kill q-run`);
		} finally {
			rmSync(runDir, { recursive: true, force: true });
			rmSync(tempRoot, { recursive: true, force: true });
			await t.model.refresh();
		}
	});

	it('shows a DVC output that is not pulled calmly, explains it once, and Pull from the hint fetches it', async () => {
		// A stage whose metrics file dvc.lock records but neither the workspace nor the cache holds.
		mkdirSync(path.join(root, 'npl'), { recursive: true });
		writeFileSync(
			path.join(root, 'npl/dvc.yaml'),
			'stages:\n  eval:\n    cmd: echo\n    metrics:\n      - metrics.json\n',
		);
		writeFileSync(
			path.join(root, 'npl/dvc.lock'),
			`schema: '2.0'\nstages:\n  eval:\n    cmd: echo\n    outs:\n    - path: metrics.json\n      md5: ${md5(PULLED)}\n      size: ${PULLED.length}\n`,
		);
		writeFileSync(path.join(root, '.dvc/config.local'), '[core]\n    remote = teamstore\n');
		try {
			await t.model.refresh();
			// The tree follows the model's change event on its own schedule: wait for it, not for refresh().
			const tree = await t.sidebar.waitFor((items) => items[0]?.label === 'Outputs not pulled');
			const hint = tree[0];
			assert.equal(hint.label, 'Outputs not pulled');
			assert.equal(hint.contextValue, 'message.notPulled');
			assert.match(hint.description ?? '', /run `dvc pull` to fetch them from the DVC remote "teamstore"/);
			assert.notEqual(hint.icon, 'error');
			const ws = find(tree, (i) => i.id === byName('workspace').id);
			assert.match(ws?.description ?? '', /not pulled/);
			assert.doesNotMatch(ws?.description ?? '', /error/);
			const file = find(ws?.children ?? [], (i) => i.label === 'npl/metrics.json');
			assert.deepEqual(
				[file?.description, file?.icon, file?.contextValue],
				['not pulled', 'cloud-download', 'notPulled'],
			);

			await vscode.commands.executeCommand('runlens.dvc.pull', { id: hint.id });
			assert.equal(lines(calls).pop(), `${root}|pull npl/metrics.json`);
			assert.deepEqual(byName('workspace').metrics['npl/metrics.json'], { acc: 0.93 });
			assert.deepEqual(
				byName('workspace').errors.filter((e) => e.notPulled),
				[],
			);
			// The hint goes once the tree has the pulled value (waitFor fails after 30 s otherwise).
			await t.sidebar.waitFor((items) => items[0]?.label !== 'Outputs not pulled');
		} finally {
			rmSync(path.join(root, 'npl'), { recursive: true, force: true });
			rmSync(path.join(root, '.dvc/config.local'), { force: true });
			await t.model.refresh();
		}
	});
});
