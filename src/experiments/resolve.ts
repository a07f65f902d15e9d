import type { Experiment } from '../model/types';
import type { SelectItem } from './selectItems';
import { selectItems } from './selectItems';
import type { TreeSnapshot } from './treeNode';

/**
 * The one way commands learn which experiments they act on, whichever menu VS Code calls them
 * from. vscode-free (the quick pick comes in as an `ExperimentPicker`) so every argument shape is
 * unit-tested.
 */

/** Turns a tree element into the experiment it is or belongs to (the experiments tree's `nodeOf`). */
export type NodeResolver = (arg: unknown) => string | undefined;

/** Every experiment id a command's arguments name, from any menu VS Code calls it from:
 *  a string id; `{ experimentId }` (webview/context menus: the table's rows set
 *  data-vscode-context='{"webviewSection":"experiment","experimentId":"<id>"}');
 *  a tree node handle of the experiments tree; an array of those (multi-select 2nd argument). */
export function experimentIdsFromArgs(resolveNode: NodeResolver, arg: unknown, multi?: unknown): string[] {
	// A multi-selection's array holds the clicked element too; VS Code passes `[clicked]` or
	// undefined when only one is selected, so the array wins whenever it names anything.
	const fromMulti = Array.isArray(multi) ? idsOf(resolveNode, multi) : [];
	return unique(fromMulti.length > 0 ? fromMulti : idsOf(resolveNode, arg));
}

function idsOf(resolveNode: NodeResolver, arg: unknown, depth = 0): string[] {
	if (typeof arg === 'string') {
		return arg === '' ? [] : [arg];
	}
	if (Array.isArray(arg)) {
		// Arrays of arrays only come from a confused caller; one level is all any menu passes.
		return depth > 0 ? [] : arg.flatMap((a) => idsOf(resolveNode, a, depth + 1));
	}
	if (typeof arg !== 'object' || arg === null) {
		return [];
	}
	const { experimentId } = arg as { experimentId?: unknown };
	if (typeof experimentId === 'string' && experimentId !== '') {
		return [experimentId];
	}
	const fromNode = resolveNode(arg);
	return fromNode ? [fromNode] : [];
}

/**
 * The experiments tree's elements are `{ id }` handles of tree node ids (tree.ts), not experiment
 * ids: a node's `experimentId` says which experiment it is or belongs to (values, plots, events...).
 */
export function experimentIdOfHandle(snapshot: TreeSnapshot, arg: unknown): string | undefined {
	if (typeof arg !== 'object' || arg === null) {
		return undefined;
	}
	const { id } = arg as { id?: unknown };
	return typeof id === 'string' ? snapshot.byId.get(id)?.experimentId : undefined;
}

function unique(ids: string[]): string[] {
	return [...new Set(ids)];
}

/** Shows a quick pick of experiments; the ids picked, or undefined when cancelled. */
export interface ExperimentPicker {
	pick(items: SelectItem[], opts: { placeHolder: string; many: boolean }): Promise<string[] | undefined>;
	/** Tells the user why nothing can be picked. */
	inform(message: string): void;
}

export interface ResolveOptions {
	placeHolder: string;
	many?: boolean;
	filter?: (e: Experiment) => boolean;
}

/** What a command is told: the experiments, or why there are none (named ids that do not exist). */
export type Resolution =
	{ kind: 'experiments'; experiments: Experiment[] } | { kind: 'cancelled' } | { kind: 'unknown'; ids: string[] };

export interface ResolverModel {
	getExperiments(): readonly Experiment[];
	getExperiment(id: string): Experiment | undefined;
}

export class ExperimentResolver {
	private readonly nodeResolvers = new Set<NodeResolver>();

	constructor(
		private readonly model: ResolverModel,
		private readonly picker: ExperimentPicker,
		private readonly isSelected: (id: string) => boolean = () => false,
	) {}

	/** A tree (the experiments view) registers how its elements map to experiments; dispose to remove. */
	addNodeResolver(resolve: NodeResolver): { dispose(): void } {
		this.nodeResolvers.add(resolve);
		return { dispose: () => this.nodeResolvers.delete(resolve) };
	}

	/** The experiment ids the arguments name (no quick pick), see `experimentIdsFromArgs`. */
	idsFromArgs(arg: unknown, multi?: unknown): string[] {
		return experimentIdsFromArgs((a) => this.resolveNode(a), arg, multi);
	}

	/** Ids from the arguments, else a quick pick (canPickMany when `many`); undefined when cancelled. */
	async resolve(arg: unknown, multi: unknown, opts: ResolveOptions): Promise<Experiment[] | undefined> {
		const result = await this.resolveDetailed(arg, multi, opts);
		if (result.kind === 'unknown') {
			this.picker.inform(unknownMessage(result.ids));
		}
		return result.kind === 'experiments' ? result.experiments : undefined;
	}

	/** As `resolve`, but says why nothing came back, for commands that report it themselves. */
	async resolveDetailed(arg: unknown, multi: unknown, opts: ResolveOptions): Promise<Resolution> {
		const ids = this.idsFromArgs(arg, multi);
		if (ids.length > 0) {
			const found = ids.map((id) => this.model.getExperiment(id)).filter((e): e is Experiment => e !== undefined);
			const experiments = opts.many ? found : found.slice(0, 1);
			return experiments.length > 0 ? { kind: 'experiments', experiments } : { kind: 'unknown', ids };
		}
		const candidates = this.model.getExperiments().filter((e) => !opts.filter || opts.filter(e));
		if (candidates.length === 0) {
			this.picker.inform(`Runlens: no experiment to choose from (${opts.placeHolder.replace(/[.…]+$/, '')}).`);
			return { kind: 'cancelled' };
		}
		const many = opts.many ?? false;
		const items = selectItems(candidates, many ? this.isSelected : () => false);
		const picked = await this.picker.pick(items, { placeHolder: opts.placeHolder, many });
		const experiments = (picked ?? [])
			.map((id) => this.model.getExperiment(id))
			.filter((e): e is Experiment => e !== undefined);
		return picked === undefined || experiments.length === 0
			? { kind: 'cancelled' }
			: { kind: 'experiments', experiments };
	}

	private resolveNode(arg: unknown): string | undefined {
		for (const resolve of this.nodeResolvers) {
			const id = resolve(arg);
			if (id) {
				return id;
			}
		}
		return undefined;
	}
}

export function unknownMessage(ids: readonly string[]): string {
	const named = ids.slice(0, 3).map((id) => `"${id}"`);
	return `Runlens: no experiment ${named.join(', ')}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''} (it may have been removed).`;
}
