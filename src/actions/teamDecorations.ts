import * as vscode from 'vscode';
import { EXPERIMENT_URI_SCHEME, experimentUri } from '../experiments/treeItems';
import type { ExperimentsModel } from '../model/api';
import type { Experiment } from '../model/types';
import { STATE_LABELS, localExperimentState, remoteShasOf } from './remoteStatus';
import type { RemoteState } from './remoteStatus';
import type { TeamModel } from './team';

/** One character each (VS Code refuses longer badges). Remote-only ones are not in this view. */
const BADGES: Record<RemoteState, string> = { local: 'L', synced: 'R', remote: 'R', diverged: '≠' };

/**
 * Marks each experiment of the Experiments view with its remote status (badge, tooltip, colour
 * when it differs) once the Team view has listed the remote: L local only, R on remote, ≠ differs.
 * Nothing is shown before a listing, or when the last one failed: the state is unknown then.
 */
export class TeamDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
	readonly onDidChangeFileDecorations = this.emitter.event;
	private readonly subscriptions: { dispose(): void }[];
	/** git root -> (ref -> remote sha), rebuilt per listing so each item is one map lookup. */
	private remoteShas = new Map<string, Map<string, string>>();

	constructor(
		private readonly team: TeamModel,
		private readonly model: ExperimentsModel,
	) {
		this.subscriptions = [
			team.onDidChange(() => {
				this.remoteShas.clear();
				this.emitter.fire(undefined);
			}),
			// A re-run moves an experiment's commit, which can turn "on remote" into "differs".
			model.onDidChangeExperiments((c) => {
				if (c.changed.length > 0) {
					this.emitter.fire(c.changed.map(experimentUri));
				}
			}),
		];
	}

	provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
		if (uri.scheme !== EXPERIMENT_URI_SCHEME) {
			return undefined;
		}
		const exp = this.model.getExperiment(decodeURIComponent(uri.path.slice(1)));
		const gitRoot = exp && this.model.getProjects().find((p) => p.id === exp.projectId)?.gitRoot;
		const state = gitRoot ? this.team.stateOf(gitRoot) : undefined;
		if (!exp || !gitRoot || !state || state.listedAt === undefined || state.error || !hasOwnRef(exp)) {
			return undefined;
		}
		const remote = this.remoteShasFor(gitRoot, state.entries);
		const status = localExperimentState(remote, { baselineSha: exp.baselineSha!, name: exp.name, sha: exp.rev });
		const colour = status === 'diverged' ? new vscode.ThemeColor('list.warningForeground') : undefined;
		return new vscode.FileDecoration(BADGES[status], `${STATE_LABELS[status]} (${state.remote})`, colour);
	}

	private remoteShasFor(gitRoot: string, entries: Parameters<typeof remoteShasOf>[0]): Map<string, string> {
		let map = this.remoteShas.get(gitRoot);
		if (!map) {
			map = remoteShasOf(entries);
			this.remoteShas.set(gitRoot, map);
		}
		return map;
	}

	dispose(): void {
		this.subscriptions.forEach((s) => s.dispose());
		this.emitter.dispose();
	}
}

/** A finished experiment has its `refs/exps/...` ref; a queued or running one has none yet. */
function hasOwnRef(exp: Experiment): boolean {
	return exp.kind === 'experiment' && !!exp.baselineSha && exp.status !== 'queued' && exp.status !== 'running';
}
