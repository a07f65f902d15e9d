import { TreeBuilder } from '../experiments/treeModel';
import type { TreeNode } from '../experiments/treeNode';
import type { Experiment, Project } from '../model/types';
import type { TableRow } from '../shared/tableProtocol';

/**
 * The table's rows are the experiments tree's rows: the tree builder (without detail subtrees)
 * decides order, nesting and the text/regex filter, so the table and the tree never disagree.
 */
export interface RowNode {
	key: string;
	kind: TableRow['kind'];
	label: string;
	experiment?: Experiment;
	/** What changed cells are compared against: an experiment's commit, the workspace's HEAD. */
	baseline?: Experiment;
	children: RowNode[];
}

export interface RowForest {
	roots: RowNode[];
	/** Set when the text filter is not a valid regex. */
	textError?: string;
	/** Every row node by key. */
	byKey: Map<string, RowNode>;
}

export class RowBuilder {
	private readonly tree = new TreeBuilder();

	build(projects: readonly Project[], text: string, starred: ReadonlySet<string>): RowForest {
		const snapshot = this.tree.build(projects, { filter: text, starred, details: false });
		const lookup = new Map<string, Experiment>();
		const heads = new Map<string, Experiment>();
		for (const p of projects) {
			for (const e of p.experiments) {
				lookup.set(e.id, e);
			}
			const head = p.experiments.find((e) => e.kind === 'commit');
			if (head) {
				heads.set(p.id, head);
			}
		}
		const byKey = new Map<string, RowNode>();
		const ctx = { lookup, heads, byKey };
		const roots: RowNode[] = [];
		let textError: string | undefined;
		for (const node of snapshot.roots) {
			if (node.kind === 'message') {
				// The tree says why it is empty; the table shows the invalid-filter text in its filter bar.
				if (node.id === 'message:filter') {
					textError = node.label;
				}
				continue;
			}
			roots.push(toRow(node, undefined, ctx));
		}
		return textError ? { roots, byKey, textError } : { roots, byKey };
	}
}

interface Ctx {
	lookup: Map<string, Experiment>;
	heads: Map<string, Experiment>;
	byKey: Map<string, RowNode>;
}

function toRow(node: TreeNode, parent: RowNode | undefined, ctx: Ctx): RowNode {
	const experiment = node.experimentId ? ctx.lookup.get(node.experimentId) : undefined;
	const row: RowNode = { key: node.id, kind: kindOf(node, experiment), label: node.label, children: [] };
	if (experiment) {
		row.experiment = experiment;
		const baseline =
			experiment.kind === 'workspace'
				? ctx.heads.get(experiment.projectId)
				: experiment.kind === 'experiment'
					? parent?.experiment
					: undefined;
		if (baseline) {
			row.baseline = baseline;
		}
	}
	ctx.byKey.set(row.key, row);
	for (const child of node.children) {
		if (child.kind === 'experiment' || child.kind === 'baseline') {
			row.children.push(toRow(child, row, ctx));
		}
	}
	return row;
}

function kindOf(node: TreeNode, exp: Experiment | undefined): TableRow['kind'] {
	if (node.kind === 'project') {
		return 'project';
	}
	return exp?.kind ?? 'group';
}
