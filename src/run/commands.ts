import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { DvcCli, DvcRunResult } from '../dvc/cli';
import type { ExperimentResolver } from '../experiments/resolve';
import type { ExperimentsModel } from '../model/api';
import type { Experiment, Project } from '../model/types';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import { ParamEditor } from './modifyParams';
import type { ParamInputs } from './modifyParams';
import { buildOverrides } from './overrides';
import { DvcTasks } from './tasks';
import { NOT_PULLED_HINT_PREFIX, pullTargets } from '../experiments/notPulled';

export interface RunDeps {
	model: ExperimentsModel;
	resolver: ExperimentResolver;
	dvc: DvcCli;
	log: vscode.LogOutputChannel;
	/** The resolver's quick pick, also used for params and projects (tests drive it). */
	picker: VscodeExperimentPicker;
}

export const UNTRUSTED_RUN_MESSAGE =
	'Runlens runs no DVC command in Restricted Mode: DVC reads repository config that can name programs to run. Trust this folder to run, queue or pull.';

/** What the run actions expose to integration tests. */
export interface RunTesting {
	tasks: DvcTasks;
	/** The queue-logs output channel, created on first use (not at activation). */
	logs: () => vscode.OutputChannel;
	inputs: ParamInputs;
}

/** Run, Queue, Modify params and run/queue, start/stop the queue, stop and show logs, all through DVC. */
export function registerRunCommands(deps: RunDeps): { disposable: vscode.Disposable; testing: RunTesting } {
	const tasks = new DvcTasks(deps.dvc);
	let channel: vscode.OutputChannel | undefined;
	const logs = (): vscode.OutputChannel => (channel ??= vscode.window.createOutputChannel('Runlens: DVC Queue Logs'));
	const editor = new ParamEditor(deps.picker);
	const ctx = { ...deps, tasks, logs, editor };
	const guarded = (fn: (arg: unknown, multi: unknown) => Promise<unknown>) => (arg: unknown, multi: unknown) =>
		vscode.workspace.isTrusted
			? fn(arg, multi).catch((err: unknown) => failed(ctx, err))
			: void vscode.window.showWarningMessage(UNTRUSTED_RUN_MESSAGE);
	const disposables = [
		tasks,
		{ dispose: () => channel?.dispose() },
		editor,
		tasks.onDidEnd((e) => {
			deps.log.info(`dvc ${e.args.join(' ')} in ${e.root} ended with exit code ${e.exitCode ?? 'unknown'}`);
			void deps.model.refresh();
		}),
		vscode.commands.registerCommand(
			CommandIds.dvcRun,
			guarded((a, m) => run(ctx, a, m, false)),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcQueue,
			guarded((a, m) => run(ctx, a, m, true)),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcModifyAndRun,
			guarded((a, m) => modifyAndRun(ctx, a, m, false)),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcModifyAndQueue,
			guarded((a, m) => modifyAndRun(ctx, a, m, true)),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcQueueStart,
			guarded((a, m) => queueCommand(ctx, a, m, 'start')),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcQueueStop,
			guarded((a, m) => queueCommand(ctx, a, m, 'stop')),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcStop,
			guarded((a, m) => stop(ctx, a, m)),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcShowLogs,
			guarded((a, m) => showLogs(ctx, a, m)),
		),
		vscode.commands.registerCommand(
			CommandIds.dvcPull,
			guarded((a, m) => pull(ctx, a, m)),
		),
	];
	return { disposable: vscode.Disposable.from(...disposables), testing: { tasks, logs, inputs: editor } };
}

type Ctx = RunDeps & { tasks: DvcTasks; logs: () => vscode.OutputChannel; editor: ParamEditor };

function failed(ctx: Ctx, err: unknown): void {
	const message = err instanceof Error ? err.message : String(err);
	ctx.log.error(message);
	void vscode.window.showErrorMessage(message);
}

/** The project a command acts on: the named experiment's, the only one, or a quick pick. */
export async function projectFor(ctx: RunDeps, arg: unknown, multi: unknown): Promise<Project | undefined> {
	const projects = ctx.model.getProjects();
	const id = ctx.resolver.idsFromArgs(arg, multi)[0];
	const exp = id ? ctx.model.getExperiment(id) : undefined;
	const named = exp ? projects.find((p) => p.id === exp.projectId) : projectOfNode(projects, arg);
	if (named || projects.length <= 1) {
		return named ?? projects[0];
	}
	const picked = await ctx.picker.choose(
		projects.map((p) => ({
			label: p.subdir || p.root.split(/[\\/]/).pop() || p.root,
			description: p.root,
			project: p,
		})),
		{ placeHolder: 'DVC project to act in' },
	);
	return picked?.[0]?.project;
}

/** A project node's handle (`{ id: 'project:<id>' }`) names its project. */
function projectOfNode(projects: readonly Project[], arg: unknown): Project | undefined {
	const id = typeof arg === 'object' && arg !== null ? (arg as { id?: unknown }).id : undefined;
	if (typeof id !== 'string') {
		return undefined;
	}
	return projects.find((p) => id === `project:${p.id}` || id === `${NOT_PULLED_HINT_PREFIX}${p.id}`);
}

/** `dvc pull` of the workspace's not-pulled outputs (all of them when only commits lack some), then a refresh. */
async function pull(ctx: Ctx, arg: unknown, multi: unknown): Promise<void> {
	const project = await projectFor(ctx, arg, multi);
	if (!project) {
		return;
	}
	const targets = pullTargets(project.experiments.find((e) => e.kind === 'workspace'));
	const r = await dvcOrThrow(ctx, ['pull', ...targets], project.root);
	const last = (r.stdout.trim() || r.stderr.trim() || 'done').split('\n').pop() ?? '';
	ctx.log.info(`dvc pull in ${project.root}: ${last}`);
	await ctx.model.refresh();
	void vscode.window.showInformationMessage(`dvc pull: ${last}`);
}

async function run(ctx: Ctx, arg: unknown, multi: unknown, queue: boolean, overrides: string[] = []): Promise<void> {
	const project = await projectFor(ctx, arg, multi);
	if (!project) {
		return;
	}
	if (!queue && ctx.tasks.workspaceRun(project.root)) {
		const choice = await vscode.window.showWarningMessage(
			'An experiment is already running in this workspace (DVC runs one at a time there). Queue this one instead?',
			'Queue',
		);
		if (choice !== 'Queue') {
			return;
		}
		queue = true;
	}
	const args = ['exp', 'run', ...(queue ? ['--queue'] : []), ...overrides];
	ctx.log.info(`dvc ${args.join(' ')} in ${project.root}`);
	await ctx.tasks.start(project.root, args, queue ? 'dvc exp run --queue' : 'dvc exp run');
}

async function modifyAndRun(ctx: Ctx, arg: unknown, multi: unknown, queue: boolean): Promise<void> {
	const picked = await ctx.resolver.resolve(arg, multi, {
		placeHolder: 'Experiment whose params to start from',
		filter: (e) => Object.keys(e.params).length > 0,
	});
	const exp = picked?.[0];
	if (!exp) {
		return;
	}
	const workspace = ctx.model.getExperiments().find((e) => e.projectId === exp.projectId && e.kind === 'workspace');
	const edits = await ctx.editor.ask(exp, workspace);
	if (edits) {
		await run(ctx, exp.id, undefined, queue, buildOverrides(edits));
	}
}

async function queueCommand(ctx: Ctx, arg: unknown, multi: unknown, verb: 'start' | 'stop'): Promise<void> {
	const project = await projectFor(ctx, arg, multi);
	if (project) {
		const r = await dvcOrThrow(ctx, ['queue', verb], project.root);
		void vscode.window.showInformationMessage(
			(r.stdout.trim() || r.stderr.trim() || `dvc queue ${verb}: done`).split('\n')[0],
		);
	}
}

async function stop(ctx: Ctx, arg: unknown, multi: unknown): Promise<void> {
	const exps = await ctx.resolver.resolve(arg, multi, {
		placeHolder: 'Running experiment to stop',
		many: true,
		// A run in the workspace is one run with two rows (workspace and its experiment): offer it once.
		filter: (e) => e.status === 'running' && e.inWorkspace !== true,
	});
	for (const exp of exps ?? []) {
		await stopOne(ctx, exp);
	}
}

async function stopOne(ctx: Ctx, exp: Experiment): Promise<void> {
	const project = ctx.model.getProjects().find((p) => p.id === exp.projectId);
	if (!project) {
		return;
	}
	if (exp.kind === 'workspace') {
		const ours = ctx.tasks.workspaceRun(project.root);
		if (!ours) {
			throw new Error(
				`${exp.name} runs in the workspace but was not started from Runlens: stop it where it was started.`,
			);
		}
		ours.terminate();
		return;
	}
	await dvcOrThrow(ctx, ['queue', 'kill', queueName(exp)], project.root);
	void vscode.window.showInformationMessage(`Stopped ${queueName(exp)}.`);
}

async function showLogs(ctx: Ctx, arg: unknown, multi: unknown): Promise<void> {
	const exps = await ctx.resolver.resolve(arg, multi, {
		placeHolder: 'Queued experiment whose logs to show',
		filter: (e) => e.kind === 'experiment',
	});
	const exp = exps?.[0];
	const project = exp && ctx.model.getProjects().find((p) => p.id === exp.projectId);
	if (!exp || !project) {
		return;
	}
	const r = await dvcOrThrow(ctx, ['queue', 'logs', queueName(exp)], project.root);
	const logs = ctx.logs();
	logs.clear();
	logs.append(`$ dvc queue logs ${queueName(exp)}\n${r.stdout}${r.stderr}`);
	logs.show(true);
}

/** Queue tasks are named by the experiment name DVC gave them; a queued entry may only have its stash rev. */
function queueName(exp: Experiment): string {
	return exp.name || exp.rev;
}

/** `dvc <args>`, or an error carrying DVC's own message when it exits non-zero. */
async function dvcOrThrow(ctx: Ctx, args: string[], cwd: string): Promise<DvcRunResult> {
	ctx.log.info(`dvc ${args.join(' ')} in ${cwd}`);
	const r = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `dvc ${args.join(' ')}` },
		() => ctx.dvc.run(args, cwd),
	);
	if (r.code !== 0) {
		throw new Error(`dvc ${args.join(' ')} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
	}
	return r;
}
