import * as vscode from 'vscode';
import type { ExperimentsModel } from '../model/api';
import type { Experiment } from '../model/types';
import { ExpRefGit } from '../git/expRefGit';
import type { ExpTarget } from './operations';

/** The shared resolver's interface (src/experiments/resolve.ts); a local stand-in is used until it is wired in. */
export interface ResolverLike {
	resolve(
		arg: unknown,
		multi: unknown,
		opts: { placeHolder: string; many?: boolean; filter?: (e: Experiment) => boolean },
	): Promise<Experiment[] | undefined>;
}

/** Ids named by a command's arguments: a string id, `{ experimentId }`, a tree handle `{ id }`, or arrays of those. */
export function idsFromArgs(arg: unknown, multi?: unknown): string[] {
	const one = (a: unknown): string | undefined => {
		if (typeof a === 'string') {
			return a;
		}
		if (a && typeof a === 'object') {
			const o = a as { experimentId?: unknown; id?: unknown };
			const id = o.experimentId ?? o.id;
			return typeof id === 'string' ? id : undefined;
		}
		return undefined;
	};
	const list =
		Array.isArray(multi) && multi.length > 0 ? multi : Array.isArray(arg) ? arg : arg === undefined ? [] : [arg];
	return list.map(one).filter((id): id is string => id !== undefined);
}

/** Stand-in for ExperimentResolver: ids from the arguments, else a quick pick. */
export class LocalResolver implements ResolverLike {
	constructor(private readonly model: ExperimentsModel) {}

	async resolve(
		arg: unknown,
		multi: unknown,
		opts: { placeHolder: string; many?: boolean; filter?: (e: Experiment) => boolean },
	): Promise<Experiment[] | undefined> {
		const ids = idsFromArgs(arg, multi);
		if (ids.length > 0) {
			return ids.map((id) => this.model.getExperiment(id)).filter((e): e is Experiment => e !== undefined);
		}
		const candidates = this.model.getExperiments().filter(opts.filter ?? (() => true));
		const items = candidates.map((e) => ({ label: e.name, description: e.rev.slice(0, 7), exp: e }));
		if (opts.many) {
			const picked = await vscode.window.showQuickPick(items, { placeHolder: opts.placeHolder, canPickMany: true });
			return picked?.map((p) => p.exp);
		}
		const one = await vscode.window.showQuickPick(items, { placeHolder: opts.placeHolder });
		return one ? [one.exp] : undefined;
	}
}

/** The repository an experiment lives in; an error naming the experiment when it has none. */
export function targetOf(model: ExperimentsModel, exp: Experiment): ExpTarget {
	const project = model.getProjects().find((p) => p.id === exp.projectId);
	if (!project?.gitRoot) {
		throw new Error(`"${exp.name}" is not in a git repository.`);
	}
	return { exp, git: new ExpRefGit(project.gitRoot), subdir: project.subdir };
}

export const isExperiment = (e: Experiment): boolean => e.kind === 'experiment';
