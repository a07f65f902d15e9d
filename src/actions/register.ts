import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ExperimentsModel } from '../model/api';
import type { ExperimentResolver } from '../experiments/resolve';
import type { SelectionModel } from '../experiments/selection';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import { ExpRefGit } from '../git/expRefGit';
import { Prompts } from '../vscode/prompts';
import { UNTRUSTED_REASON, registerActionCommands } from './commands';
import type { DvcCliLike } from './commands';
import { STATE_LABELS, summarize } from './remoteStatus';
import type { TeamEntry } from './remoteStatus';
import { TeamModel } from './team';
import { TeamDecorations } from './teamDecorations';
import { TeamTreeProvider } from './teamTree';
import type { TeamNode } from './teamTree';

export interface ActionsRegistrationDeps {
	model: ExperimentsModel;
	selection: SelectionModel;
	log: vscode.LogOutputChannel;
	resolver: ExperimentResolver;
	picker: Pick<VscodeExperimentPicker, 'choose'>;
	/** The DVC CLI, for `dvc checkout` after apply; optional. */
	dvc?: DvcCliLike;
}

export interface ActionsTesting {
	prompts: Prompts;
	team: TeamModel;
	tree: TeamTreeProvider;
	decorations: TeamDecorations;
	view: vscode.TreeView<TeamNode>;
}

const settings = () => vscode.workspace.getConfiguration('runlens.team');
const remoteName = (): string => settings().get<string>('remote', 'origin') || 'origin';

/** Experiment actions (apply, branch, rename, remove, push, pull) and the Team view. */
export function registerActions(deps: ActionsRegistrationDeps): {
	disposable: vscode.Disposable;
	testing: ActionsTesting;
} {
	const { model, log } = deps;
	const isTrusted = () => vscode.workspace.isTrusted;
	const prompts = new Prompts(process.env.RUNLENS_TEST === '1');
	const repos = () =>
		[...new Set(model.getProjects().flatMap((p) => (p.gitRoot ? [p.gitRoot] : [])))].map((gitRoot) => ({
			gitRoot,
			git: new ExpRefGit(gitRoot),
		}));
	const team = new TeamModel(repos, remoteName, (level, msg) => log[level](msg));
	const tree = new TeamTreeProvider(team, model);
	const decorations = new TeamDecorations(team, model);
	const view = vscode.window.createTreeView('runlens.team', { treeDataProvider: tree, canSelectMany: true });
	const actionDeps = {
		model,
		log,
		prompts,
		resolver: deps.resolver,
		team,
		isTrusted,
		remote: remoteName,
		dvc: deps.dvc,
	};
	const teamOps = new TeamOps(deps, prompts, team, tree, isTrusted);

	const updateMessage = () => {
		const states = team.current;
		view.message = !isTrusted()
			? `Restricted Mode: the Team view ${UNTRUSTED_REASON}`
			: states.length === 0
				? `Not listed yet: Refresh lists refs/exps/* on "${remoteName()}".`
				: states
						.map((s) =>
							s.noRemote
								? `This repository has no git remote "${s.remote}". To share experiments, add one (git remote add ${s.remote} <url>) or name another in the runlens.team.remote setting.`
								: s.error
									? `git ls-remote ${s.remote} failed: ${s.error}`
									: `${s.remote}: ${summarize(s.entries) || 'no experiments'}`,
						)
						.join(' · ');
	};
	let timer: ReturnType<typeof setInterval> | undefined;
	const schedule = () => {
		clearInterval(timer);
		const minutes = settings().get<number>('pollMinutes', 10);
		timer = minutes > 0 ? setInterval(() => isTrusted() && void team.refresh(), minutes * 60_000) : undefined;
	};
	schedule();
	let listedOnce = false;
	const subscriptions: vscode.Disposable[] = [
		...registerActionCommands(actionDeps),
		vscode.commands.registerCommand(CommandIds.teamRefresh, () =>
			teamOps.guard('List the remote', () => team.refresh()),
		),
		vscode.commands.registerCommand(CommandIds.pullExperiments, (a: unknown, m: unknown) =>
			teamOps.guard('Pull experiments', () => teamOps.pull(a, m)),
		),
		vscode.commands.registerCommand(CommandIds.teamPlot, (a: unknown, m: unknown) =>
			teamOps.guard('Plot', () => teamOps.plot(a, m)),
		),
		vscode.commands.registerCommand(CommandIds.teamCompare, (a: unknown, m: unknown) =>
			teamOps.guard('Compare', () => teamOps.compare(a, m)),
		),
		view.onDidExpandElement((e) => {
			const node = e.element;
			if (node.type === 'entry' && node.entry.state === 'remote') {
				void teamOps.guard('Fetch experiment', async () => void (await teamOps.fetchEntries([node])));
			}
		}),
		view.onDidChangeVisibility((e) => {
			// "On demand": the first time the view is shown the remote is listed once.
			if (e.visible && !listedOnce && isTrusted()) {
				listedOnce = true;
				void team.refresh();
			}
		}),
		toVsDisposable(team.onDidChange(updateMessage)),
		vscode.workspace.onDidGrantWorkspaceTrust(updateMessage),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('runlens.team')) {
				schedule();
			}
		}),
		vscode.window.registerFileDecorationProvider(decorations),
		decorations,
		view,
		tree,
		new vscode.Disposable(() => clearInterval(timer)),
		team,
	];
	updateMessage();
	return {
		disposable: new vscode.Disposable(() => subscriptions.reverse().forEach((s) => void s.dispose())),
		testing: { prompts, team, tree, decorations, view },
	};
}

/** Pull, plot and compare of the team's experiments: fetch what is only on the remote first. */
class TeamOps {
	constructor(
		private readonly deps: ActionsRegistrationDeps,
		private readonly prompts: Prompts,
		private readonly team: TeamModel,
		private readonly tree: TeamTreeProvider,
		private readonly isTrusted: () => boolean,
	) {}

	async guard(title: string, body: () => Promise<void>): Promise<void> {
		if (!this.isTrusted()) {
			this.prompts.error(`Runlens: ${title} ${UNTRUSTED_REASON}`);
			return;
		}
		try {
			await body();
		} catch (err) {
			const message = err instanceof Error ? err.message : String(err);
			this.deps.log.error(`${title} failed: ${message}`);
			this.prompts.error(`Runlens: ${title} failed: ${message}`);
		}
	}

	/** Team entries named by the arguments (tree nodes, experiment ids), else a pick of remote-only ones. */
	private async entriesOf(arg: unknown, multi: unknown): Promise<TeamPick[] | undefined> {
		if (this.team.current.length === 0) {
			await this.team.refresh();
		}
		const all = this.team.current.flatMap((s) => s.entries.map((entry) => ({ gitRoot: s.gitRoot, entry })));
		const args = (Array.isArray(multi) && multi.length ? multi : arg === undefined ? [] : [arg]) as unknown[];
		const named = args.flatMap((a) => {
			if (a && typeof a === 'object' && (a as TeamNode).type === 'entry') {
				const n = a as Extract<TeamNode, { type: 'entry' }>;
				return [{ gitRoot: n.gitRoot, entry: n.entry }];
			}
			const exps = this.deps.resolver.idsFromArgs(a).map((id) => this.deps.model.getExperiment(id));
			return all.filter((x) => exps.some((e) => e && x.entry.name === e.name && x.entry.baselineSha === e.baselineSha));
		});
		if (args.length > 0) {
			return named;
		}
		const items = all
			.filter((x) => x.entry.state !== 'local' && x.entry.state !== 'synced')
			.map((x) => ({
				label: x.entry.name,
				description: `${STATE_LABELS[x.entry.state]} · ${x.entry.baselineSha.slice(0, 7)}`,
				x,
			}));
		if (items.length === 0) {
			this.prompts.info('Runlens: the remote has no experiments that are not here already.');
			return undefined;
		}
		const picked = await this.deps.picker.choose(items, { many: true, placeHolder: 'Experiments to pull' });
		return picked?.map((p) => p.x);
	}

	async pull(arg: unknown, multi: unknown): Promise<void> {
		const entries = (await this.entriesOf(arg, multi)) ?? [];
		const { fetched, kept } = await this.fetchFromRemote(entries);
		if (fetched.length > 0) {
			this.prompts.info(`Runlens: pulled ${names(fetched)}. DVC-cached outputs are not in git: run dvc pull for them.`);
		}
		if (kept.length > 0) {
			this.prompts.info(`Runlens: kept the local ${names(kept)}: not overwritten with the remote's.`);
		}
	}

	/**
	 * Fetches the remote-only ones among `nodes`. One that differs from the remote's (a re-run on either
	 * side) is overwritten only if the user says so, as `dvc exp pull` needs `--force`; otherwise the
	 * local one stays. Returns what was fetched and which differing ones were kept.
	 */
	private async fetchFromRemote(nodes: TeamPick[]): Promise<{ fetched: TeamPick[]; kept: TeamPick[] }> {
		const missing = nodes.filter((n) => n.entry.state === 'remote');
		const differing = nodes.filter((n) => n.entry.state === 'diverged');
		const overwrite =
			differing.length > 0 &&
			(await this.prompts.confirm(
				`${differing.length === 1 ? 'This experiment differs' : `${differing.length} experiments differ`} from the remote's. Overwrite the local ${differing.length === 1 ? 'one' : 'ones'} with the remote's?`,
				differing.map((n) => n.entry.name).join('\n'),
				'Overwrite with Remote',
			));
		for (const [gitRoot, group] of groupRoots(missing)) {
			await this.team.fetch(gitRoot, group);
		}
		for (const [gitRoot, group] of groupRoots(overwrite ? differing : [])) {
			await this.team.fetch(gitRoot, group, true);
		}
		const fetched = overwrite ? [...missing, ...differing] : missing;
		if (fetched.length > 0) {
			await this.deps.model.refresh();
		}
		return { fetched, kept: overwrite ? [] : differing };
	}

	/** Fetches what `nodes` need from the remote (see fetchFromRemote); returns the model ids of all of them. */
	async fetchEntries(nodes: TeamPick[]): Promise<string[]> {
		await this.fetchFromRemote(nodes);
		return nodes.flatMap((n) => {
			const id = this.tree.experimentIdOf(n.gitRoot, { ...n.entry, state: 'synced' });
			return id ? [id] : [];
		});
	}

	async plot(arg: unknown, multi: unknown): Promise<void> {
		const ids = await this.fetchEntries((await this.entriesOf(arg, multi)) ?? []);
		for (const id of ids) {
			this.deps.selection.set(id, true);
		}
		if (ids.length > 0) {
			await vscode.commands.executeCommand(CommandIds.showCharts);
		}
	}

	/** Two selected rows are compared with each other; one is compared with a picked experiment. */
	async compare(arg: unknown, multi: unknown): Promise<void> {
		const ids = await this.fetchEntries((await this.entriesOf(arg, multi)) ?? []);
		if (ids.length > 0) {
			// By experiment id: the Experiments tree may not have rebuilt with a just-fetched one yet.
			const handles = ids.slice(0, 2).map((experimentId) => ({ experimentId }));
			await vscode.commands.executeCommand(CommandIds.compare, handles[0], handles);
		}
	}
}

type TeamPick = { gitRoot: string; entry: TeamEntry };

const names = (picks: TeamPick[]): string => picks.map((p) => p.entry.name).join(', ');

function groupRoots(entries: TeamPick[]): Map<string, TeamEntry[]> {
	const groups = new Map<string, TeamEntry[]>();
	for (const { gitRoot, entry } of entries) {
		groups.set(gitRoot, [...(groups.get(gitRoot) ?? []), entry]);
	}
	return groups;
}

function toVsDisposable(d: { dispose(): void }): vscode.Disposable {
	return new vscode.Disposable(() => d.dispose());
}
