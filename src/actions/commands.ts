import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ExperimentResolver } from '../experiments/resolve';
import type { ExperimentsModel } from '../model/api';
import type { Experiment } from '../model/types';
import type { DvcCli } from '../dvc/cli';
import type { Prompts } from '../vscode/prompts';
import { applyDetail, dvcOutputs } from './applyPlan';
import * as ops from './operations';
import { branchNameProblem, expNameProblem } from './refs';
import { isExperiment, targetOf } from './targets';
import type { TeamModel } from './team';

/** The DVC CLI (src/dvc/cli.ts); when it finds no dvc, apply names the outputs that need it. */
export type DvcCliLike = Pick<DvcCli, 'find' | 'run'>;

export interface ActionDeps {
	model: ExperimentsModel;
	log: vscode.LogOutputChannel;
	prompts: Prompts;
	resolver: Pick<ExperimentResolver, 'resolve'>;
	team: TeamModel;
	isTrusted: () => boolean;
	remote: () => string;
	dvc?: DvcCliLike;
}

export const UNTRUSTED_REASON =
	'needs a trusted workspace: git could run programs named in the repository config. Trust this folder to use it.';

/** Runs one action: refuses untrusted, shows and logs any failure with git's own message. */
async function guarded(deps: ActionDeps, title: string, body: () => Promise<void>): Promise<void> {
	if (!deps.isTrusted()) {
		deps.prompts.error(`Runlens: ${title} ${UNTRUSTED_REASON}`);
		return;
	}
	try {
		await body();
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		deps.log.error(`${title} failed: ${message}`);
		deps.prompts.error(`Runlens: ${title} failed: ${message}`);
	}
}

function pick(deps: ActionDeps, arg: unknown, multi: unknown, placeHolder: string, many = false) {
	return deps.resolver.resolve(arg, multi, { placeHolder, many, filter: isExperiment });
}

function onlyExperiments(exps: Experiment[]): Experiment[] {
	const other = exps.find((e) => !isExperiment(e));
	if (other) {
		throw new Error(`"${other.name}" is a ${other.kind}, not an experiment.`);
	}
	return exps;
}

export function registerActionCommands(deps: ActionDeps): vscode.Disposable[] {
	const reg = (id: string, title: string, fn: (arg: unknown, multi: unknown) => Promise<void>) =>
		vscode.commands.registerCommand(id, (arg: unknown, multi: unknown) => guarded(deps, title, () => fn(arg, multi)));
	return [
		reg(CommandIds.applyExperiment, 'Apply to workspace', (a, m) => applyCmd(deps, a, m)),
		reg(CommandIds.branchFromExperiment, 'Create branch', (a, m) => branchCmd(deps, a, m)),
		reg(CommandIds.renameExperiment, 'Rename experiment', (a, m) => renameCmd(deps, a, m)),
		reg(CommandIds.removeExperiments, 'Remove experiments', (a, m) => removeCmd(deps, a, m)),
		reg(CommandIds.pushExperiments, 'Push experiments', (a, m) => pushCmd(deps, a, m)),
	];
}

async function applyCmd(deps: ActionDeps, arg: unknown, multi: unknown): Promise<void> {
	const [exp] = onlyExperiments((await pick(deps, arg, multi, 'Experiment to apply to the workspace')) ?? []);
	if (!exp) {
		return;
	}
	const target = targetOf(deps.model, exp);
	const plan = await ops.planApplyFor(target);
	if (plan.paths.length === 0) {
		deps.prompts.info(`Runlens: the workspace's git-tracked files already match "${exp.name}".`);
	} else {
		const ok = await deps.prompts.confirm(
			`Apply experiment "${exp.name}" to the workspace? ${plan.overwrites.length} file(s) will be overwritten.`,
			applyDetail(plan),
			'Apply',
		);
		if (!ok) {
			return;
		}
		await ops.apply(target, plan);
		deps.log.info(`applied ${exp.name} (${exp.rev}): ${plan.paths.join(', ')}`);
	}
	const outputs = dvcOutputs(exp, await ops.trackedFiles(target), target.subdir);
	await restoreOutputs(deps, exp, outputs);
	await deps.model.refresh();
}

/** `dvc checkout` through the DVC CLI when there is one; else the user is told which outputs need it. */
async function restoreOutputs(deps: ActionDeps, exp: Experiment, outputs: string[]): Promise<void> {
	const applied = `Runlens: applied "${exp.name}" to the workspace.`;
	if (outputs.length === 0) {
		deps.prompts.info(applied);
		return;
	}
	const found = await deps.dvc?.find();
	if (!deps.dvc || !found) {
		deps.prompts.warning(
			`${applied} Its DVC-tracked outputs were not restored: ${outputs.join(', ')}.`,
			'They need DVC: install it (pip install dvc) and run `dvc checkout`.',
		);
		return;
	}
	const project = deps.model.getProjects().find((p) => p.id === exp.projectId)!;
	const r = await deps.dvc.run(['checkout'], project.root);
	if (r.code !== 0) {
		throw new Error(`dvc checkout: ${(r.stderr || r.stdout).trim()}`);
	}
	deps.prompts.info(`${applied} Outputs restored with dvc checkout (${outputs.join(', ')}).`);
}

async function branchCmd(deps: ActionDeps, arg: unknown, multi: unknown): Promise<void> {
	const [exp] = onlyExperiments((await pick(deps, arg, multi, 'Experiment to create a branch from')) ?? []);
	if (!exp) {
		return;
	}
	const target = targetOf(deps.model, exp);
	const existing = new Set((await target.git.run(['branch', '--format=%(refname:short)'])).split('\n').filter(Boolean));
	const name = await deps.prompts.input({
		title: `Create branch from "${exp.name}"`,
		prompt: `git branch <name> ${exp.rev.slice(0, 7)}`,
		value: exp.name,
		validateInput: (v) => branchNameProblem(v, existing),
	});
	if (name === undefined) {
		return;
	}
	await ops.createBranch(target, name);
	deps.log.info(`branch ${name} created at ${exp.rev} (${exp.name})`);
	deps.prompts.info(`Runlens: branch "${name}" created from "${exp.name}". Switch with git checkout ${name}.`);
	await deps.model.refresh();
}

async function renameCmd(deps: ActionDeps, arg: unknown, multi: unknown): Promise<void> {
	const [exp] = onlyExperiments((await pick(deps, arg, multi, 'Experiment to rename')) ?? []);
	if (!exp) {
		return;
	}
	const target = targetOf(deps.model, exp);
	const siblings = new Set(
		deps.model
			.getExperiments()
			.filter((e) => e.kind === 'experiment' && e.baselineSha === exp.baselineSha && e.projectId === exp.projectId)
			.map((e) => e.name),
	);
	const name = await deps.prompts.input({
		title: `Rename experiment "${exp.name}"`,
		value: exp.name,
		validateInput: (v) => (v === exp.name ? 'Type a new name.' : expNameProblem(v, siblings)),
	});
	if (name === undefined) {
		return;
	}
	const newRef = await ops.rename(target, name, siblings);
	deps.log.info(`renamed ${ops.refOf(exp)} to ${newRef}`);
	deps.prompts.info(`Runlens: renamed "${exp.name}" to "${name}".`);
	await afterRefChange(deps, target.git.topLevel);
}

async function removeCmd(deps: ActionDeps, arg: unknown, multi: unknown): Promise<void> {
	const exps = onlyExperiments((await pick(deps, arg, multi, 'Experiments to remove', true)) ?? []);
	if (exps.length === 0) {
		return;
	}
	const names = exps.map((e) => e.name);
	const ok = await deps.prompts.confirm(
		`Remove ${exps.length} experiment(s)? Their refs are deleted (as dvc exp remove); pushed copies stay on the remote.`,
		names.join('\n'),
		'Remove',
	);
	if (!ok) {
		return;
	}
	for (const [root, group] of byRepo(deps, exps)) {
		await ops.remove(targetOf(deps.model, group[0]).git, group);
		deps.log.info(`removed ${group.map(ops.refOf).join(', ')} in ${root}`);
		await deps.team.updateLocal(root);
	}
	deps.prompts.info(`Runlens: removed ${names.join(', ')}.`);
	await deps.model.refresh();
}

async function pushCmd(deps: ActionDeps, arg: unknown, multi: unknown): Promise<void> {
	const exps = onlyExperiments((await pick(deps, arg, multi, 'Experiments to push to the git remote', true)) ?? []);
	if (exps.length === 0) {
		return;
	}
	const remote = deps.remote();
	for (const [root, group] of byRepo(deps, exps)) {
		const refs = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: `Pushing ${group.length} experiment(s) to ${remote}` },
			() => ops.push(targetOf(deps.model, group[0]).git, remote, group),
		);
		deps.log.info(`pushed ${refs.join(', ')} to ${remote}`);
		await deps.team.updateLocal(
			root,
			group.map((e) => ({ ref: ops.refOf(e), sha: e.rev })),
		);
	}
	deps.prompts.info(
		`Runlens: pushed ${exps.map((e) => e.name).join(', ')} to ${remote}. DVC-cached outputs are not pushed by git: run dvc push for them.`,
	);
}

function byRepo(deps: ActionDeps, exps: Experiment[]): Map<string, Experiment[]> {
	const groups = new Map<string, Experiment[]>();
	for (const e of exps) {
		const root = targetOf(deps.model, e).git.topLevel;
		groups.set(root, [...(groups.get(root) ?? []), e]);
	}
	return groups;
}

async function afterRefChange(deps: ActionDeps, gitRoot: string): Promise<void> {
	await deps.team.updateLocal(gitRoot);
	await deps.model.refresh();
}
