import type { ExperimentKind, ExperimentStatus } from '../model/types';

/**
 * The experiments tree as plain data: built by treeModel.ts from the model, rendered by tree.ts.
 * Tooltips are plain text here; the view escapes them into markdown.
 */
export type NodeKind =
	| 'project'
	| 'baseline'
	| 'experiment'
	| 'group'
	| 'value'
	| 'series'
	| 'image'
	| 'artifact'
	| 'event'
	| 'table'
	| 'error'
	| 'message';

export type GroupKind = 'params' | 'metrics' | 'plots' | 'artifacts' | 'events' | 'tables' | 'remotes';

export interface TreeNode {
	/** Unique in the tree and stable across refreshes, so VS Code keeps expansion state. */
	id: string;
	kind: NodeKind;
	label: string;
	description?: string;
	tooltip?: string;
	/** The experiment this node is, or belongs to. */
	experimentId?: string;
	/** File (project-relative) behind the node, for open/reveal. */
	file?: string;
	/** Exact value for the clipboard. */
	value?: string;
	/** Value differs from the baseline's (or is new). */
	changed?: boolean;
	status?: ExperimentStatus;
	expKind?: ExperimentKind;
	starred?: boolean;
	/** Selection colour (CSS colour) when the experiment is selected for charts. */
	colour?: string;
	error?: string;
	missing?: boolean;
	group?: GroupKind;
	/** Line of an error, when known. */
	line?: number;
	/** A DVC output that is not pulled (a calm state, not an error), or the project's hint about them. */
	notPulled?: boolean;
	children: TreeNode[];
}

export interface TreeSnapshot {
	roots: TreeNode[];
	byId: Map<string, TreeNode>;
	parentOf: Map<string, string | undefined>;
}

export function indexTree(roots: TreeNode[]): TreeSnapshot {
	const byId = new Map<string, TreeNode>();
	const parentOf = new Map<string, string | undefined>();
	const visit = (node: TreeNode, parent: string | undefined): void => {
		byId.set(node.id, node);
		parentOf.set(node.id, parent);
		for (const child of node.children) {
			visit(child, node.id);
		}
	};
	for (const root of roots) {
		visit(root, undefined);
	}
	return { roots, byId, parentOf };
}
