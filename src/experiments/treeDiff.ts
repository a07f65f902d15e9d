import type { TreeNode, TreeSnapshot } from './treeNode';

/**
 * Which nodes a view must refresh to go from `prev` to `next`: the top-most nodes whose own
 * rendering or list of children changed. `'root'` when the top level itself changed, `[]` when
 * nothing did. Subtrees shared by identity (memoised) are skipped without being walked.
 */
export function topMostChanged(prev: TreeSnapshot, next: TreeSnapshot): 'root' | string[] {
	if (!sameIds(prev.roots, next.roots)) {
		return 'root';
	}
	const out: string[] = [];
	compareLists(prev.roots, next.roots, out);
	return out;
}

function compareLists(before: TreeNode[], after: TreeNode[], out: string[]): void {
	if (before === after) {
		return;
	}
	for (let i = 0; i < after.length; i++) {
		const a = before[i];
		const b = after[i];
		if (a === b) {
			continue;
		}
		if (ownSignature(a) !== ownSignature(b) || !sameIds(a.children, b.children)) {
			out.push(b.id);
		} else {
			compareLists(a.children, b.children, out);
		}
	}
}

function sameIds(a: TreeNode[], b: TreeNode[]): boolean {
	return a === b || (a.length === b.length && a.every((node, i) => node.id === b[i].id));
}

const signatures = new WeakMap<TreeNode, string>();

/** Everything a TreeItem is rendered from, except the children. */
export function ownSignature(node: TreeNode): string {
	let sig = signatures.get(node);
	if (sig === undefined) {
		const { children, ...own } = node;
		// Collapsibility is rendered too: a leaf that gains children must be refreshed.
		sig = JSON.stringify([own, children.length > 0]);
		signatures.set(node, sig);
	}
	return sig;
}
