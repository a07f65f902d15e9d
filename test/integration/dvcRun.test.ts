import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

interface Testing {
	model: ExperimentsModel;
	sidebar: SidebarTesting;
	run: RunTesting;
	dvc: DvcCli;
	picker: VscodeExperimentPicker;
}

/**
 * A stand-in `dvc` found through the `runlens.dvcPath` setting: it prints a version, records
 * "cwd|args" of every other call, answers `queue logs`, and blocks `exp run` while `<calls>.hold` exists.
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
			`while [ -e '${calls}.hold' ]; do sleep 0.1; done`,
			'exit 0',
			'',
		].join('\n'),
	);
	chmodSync(shim, 0o755);
	return { shim, calls };
}

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

	it("Modify params and queue from an experiment's menu: its value pre-filled, the change sent as -S", async () => {
		const lilac = byName('lilac-moss');
		const picked = nextPick(t.picker);
		const inputShown = new Promise<vscode.InputBox>((resolve) => {
			const sub = t.run.inputs.onDidShow((box) => {
				sub.dispose();
				resolve(box);
			});
		});
		const ended = nextEnd(t);
		const done = vscode.commands.executeCommand('runlens.dvc.modifyAndQueue', await handleOf(lilac));
		const pick = (await within(picked, 'params pick')).quickPick;
		const lr = pick.items.find((i) => i.label === 'lr');
		assert.ok(lr, `the params pick lists lr (it lists ${pick.items.map((i) => i.label).join(', ')})`);
		// Tick lr and type its name as a user would. The renderer echoing the typed value proves it
		// shows the pick with both (they go in one update), so the accept below carries the tick.
		pick.selectedItems = [lr];
		await typeInto(pick, 'lr');
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		const box = await within(inputShown, 'param input after accepting the pick');
		assert.equal(box.value, '0.2', "the input holds lilac-moss's lr");
		// An input box does not echo a value set by the extension. The extension host sends quick
		// input changes on a zero timeout, and commands go over the same channel after them: one
		// turn of the event loop orders the shown box and its value before the accept.
		box.value = '0.03';
		await new Promise((r) => setTimeout(r, 0));
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		await within(Promise.resolve(done), 'end of the command after accepting the input');
		assert.deepEqual((await within(ended, 'task end')).args, [
			'exp',
			'run',
			'--queue',
			'-S',
			'dvclive/params.yaml:lr=0.03',
		]);
		assert.equal(lines(calls).pop(), `${root}|exp run --queue -S dvclive/params.yaml:lr=0.03`);
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

	it('Stop on a workspace run started from Runlens ends its task', async () => {
		writeFileSync(`${calls}.hold`, '');
		const ended = nextEnd(t);
		const before = lines(calls).length;
		await vscode.commands.executeCommand('runlens.dvc.run');
		while (lines(calls).length === before) {
			await new Promise((r) => setTimeout(r, 50));
		}
		assert.ok(t.run.tasks.workspaceRun(root), 'the run is known as the workspace run');
		await vscode.commands.executeCommand('runlens.dvc.stop', byName('workspace').id);
		const end = await ended;
		assert.notEqual(end.exitCode, 0, 'the task was terminated, not finished');
		assert.equal(t.run.tasks.workspaceRun(root), undefined);
		rmSync(`${calls}.hold`, { force: true });
	});
});
