import type { Experiment, ParamValue } from '../model/types';
import type { BrushChip, TableColumn } from '../shared/tableProtocol';
import { valuesEqual } from '../experiments/format';
import { rawValue } from './columns';
import { matchesBrush, matchesFilter } from './filters';
import type { RowForest, RowNode } from './rows';
import { sortBy } from './sort';
import type { TableState } from './state';

/**
 * The visible table: rows filtered (a parent stays, marked as context, when a child matches),
 * sorted within their parent as the DVC extension does (experiments under their commit; the
 * workspace and commits keep the tree's order), collapsed rows' children left out; columns in the
 * user's order without hidden ones, and with "only changed" without those equal on every row.
 */
export interface VisibleRow {
	node: RowNode;
	depth: number;
	expanded: boolean;
	context: boolean;
}

export interface TableView {
	rows: VisibleRow[];
	columns: TableColumn[];
	unfiltered: number;
}

interface Pruned {
	node: RowNode;
	self: boolean;
	children: Pruned[];
}

export function computeView(
	forest: RowForest,
	allColumns: readonly TableColumn[],
	state: TableState,
	brush: readonly BrushChip[],
	starred: ReadonlySet<string>,
): TableView {
	const byId = new Map(allColumns.map((c) => [c.id, c]));
	const value = (exp: Experiment | undefined, id: string): ParamValue | undefined => {
		const col = byId.get(id);
		return exp && col ? rawValue(exp, col) : undefined;
	};
	const filtering = state.filters.length > 0 || brush.length > 0;
	const passes = (exp: Experiment | undefined): boolean =>
		!filtering ||
		(exp !== undefined &&
			state.filters.every((f) => matchesFilter(value(exp, f.column), f)) &&
			brush.every((b) => matchesBrush(value(exp, b.column), b)));
	const prune = (node: RowNode): Pruned | undefined => {
		const children = arrange(node.children.map(prune).filter((p): p is Pruned => p !== undefined));
		const self = passes(node.experiment);
		return self || children.length > 0 ? { node, self, children } : undefined;
	};
	const isStarred = state.sortStarred ? (p: Pruned) => starred.has(p.node.experiment?.id ?? '') : undefined;
	const arrange = (items: Pruned[]): Pruned[] =>
		items.length > 1 && items.every((p) => p.node.kind === 'experiment')
			? sortBy(items, state.sort, (p, col) => value(p.node.experiment, col), isStarred)
			: items;
	const collapsed = new Set(state.collapsed);
	const rows: VisibleRow[] = [];
	const flatten = (p: Pruned, depth: number): void => {
		const expanded = !collapsed.has(p.node.key);
		rows.push({ node: p.node, depth, expanded, context: !p.self });
		if (expanded) {
			for (const c of p.children) {
				flatten(c, depth + 1);
			}
		}
	};
	for (const root of forest.roots.map(prune)) {
		if (root) {
			flatten(root, 0);
		}
	}
	return { rows, columns: visibleColumns(allColumns, state, rows), unfiltered: forest.byKey.size };
}

export function visibleColumns(
	allColumns: readonly TableColumn[],
	state: TableState,
	rows: readonly VisibleRow[],
): TableColumn[] {
	const hidden = new Set(state.hidden);
	const listed = new Set(state.order);
	const byId = new Map(allColumns.map((c) => [c.id, c]));
	const ordered = [
		...state.order.map((id) => byId.get(id)).filter((c): c is TableColumn => c !== undefined),
		...allColumns.filter((c) => !listed.has(c.id)),
	];
	let cols = ordered.filter((c) => !hidden.has(c.id) || c.id === 'experiment');
	if (state.options.pinExperiment) {
		cols = [...cols.filter((c) => c.id === 'experiment'), ...cols.filter((c) => c.id !== 'experiment')];
	}
	if (state.options.changedOnly) {
		const exps = rows.map((r) => r.node.experiment).filter((e): e is Experiment => e !== undefined);
		cols = cols.filter((c) => c.group === 'fixed' || varies(exps, c));
	}
	return cols.map((c) => (state.widths[c.id] ? { ...c, width: state.widths[c.id] } : c));
}

/** True when some two rows differ in this column (missing counts as a value of its own). */
function varies(exps: readonly Experiment[], col: TableColumn): boolean {
	if (exps.length === 0) {
		return false;
	}
	const first = rawValue(exps[0], col);
	return exps.some((e) => !valuesEqual(rawValue(e, col), first));
}

/** Same rows in the same order and the same columns: a live update can patch cells in place. */
export function sameShape(a: TableView, b: TableView): boolean {
	if (a.rows.length !== b.rows.length || a.columns.length !== b.columns.length) {
		return false;
	}
	for (let i = 0; i < a.rows.length; i++) {
		if (a.rows[i].node.key !== b.rows[i].node.key || a.rows[i].context !== b.rows[i].context) {
			return false;
		}
	}
	return a.columns.every((c, i) => c.id === b.columns[i].id);
}
