import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DvcCli } from '../dvc/cli';

/** The task type of package.json `taskDefinitions`: dvc commands the user watches in a terminal. */
export const DVC_TASK_TYPE = 'runlens-dvc';

export interface DvcTaskEnd {
	root: string;
	args: string[];
	exitCode: number | undefined;
}

/**
 * Runs dvc as VS Code tasks (a terminal per run, so the user sees DVC's own output), one workspace
 * run per project at a time, as DVC allows. Knows its running executions so Stop can end them.
 */
export class DvcTasks implements vscode.Disposable {
	private readonly running = new Map<vscode.TaskExecution, { root: string; args: string[] }>();
	private readonly endEmitter = new vscode.EventEmitter<DvcTaskEnd>();
	readonly onDidEnd = this.endEmitter.event;
	/** Subscribed at the first start: touching `vscode.tasks` at activation costs start-up time. */
	private subscription: vscode.Disposable | undefined;

	constructor(private readonly dvc: DvcCli) {}

	private followEnds(): void {
		this.subscription ??= vscode.tasks.onDidEndTaskProcess((e) => {
			const run = this.running.get(e.execution);
			if (run) {
				this.running.delete(e.execution);
				this.endEmitter.fire({ ...run, exitCode: e.exitCode });
			}
		});
	}

	/** Starts `dvc <args>` in `root` in a terminal; rejects when dvc is not found. */
	async start(root: string, args: string[], title: string): Promise<vscode.TaskExecution> {
		const found = await this.dvc.find();
		if (!found) {
			throw new Error('The DVC CLI was not found.');
		}
		const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root));
		const env = Object.fromEntries(
			Object.entries(this.dvc.env()).filter((kv): kv is [string, string] => kv[1] !== undefined),
		);
		const task = new vscode.Task(
			{ type: DVC_TASK_TYPE, args, cwd: root },
			folder ?? vscode.TaskScope.Workspace,
			`${title} (${path.basename(root)})`,
			'Runlens',
			new vscode.ProcessExecution(found.path, args, { cwd: root, env }),
			[],
		);
		task.presentationOptions = {
			reveal: vscode.TaskRevealKind.Always,
			panel: vscode.TaskPanelKind.Dedicated,
			clear: true,
		};
		this.followEnds();
		const execution = await vscode.tasks.executeTask(task);
		this.running.set(execution, { root, args });
		return execution;
	}

	/** Our workspace run (`dvc exp run` without --queue) in progress in `root`, if any. */
	workspaceRun(root: string): vscode.TaskExecution | undefined {
		for (const [execution, run] of this.running) {
			if (run.root === root && isWorkspaceRun(run.args)) {
				return execution;
			}
		}
		return undefined;
	}

	dispose(): void {
		this.subscription?.dispose();
		this.endEmitter.dispose();
		this.running.clear();
	}
}

export function isWorkspaceRun(args: readonly string[]): boolean {
	return args[0] === 'exp' && args[1] === 'run' && !args.includes('--queue');
}
