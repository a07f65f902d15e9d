/**
 * Host <-> webview protocol of the experiments table (`table/...`), beside src/shared/protocol.ts
 * whose `assertNever`/`isMessage` it shares. No `vscode` and no DOM here. The host owns the
 * table's state (sort, filters, columns) and its transforms; the page asks for windows of rows and
 * receives unsolicited row patches while runs write, so live cells update without a re-render.
 */
import type { ExperimentStatus } from '../model/types';
import type { ReadyMessage } from './protocol';

export type ColumnGroup = 'fixed' | 'params' | 'metrics' | 'deps';
export type ColumnType = 'number' | 'text' | 'boolean' | 'date' | 'mixed';

export interface TableColumn {
	/** `experiment`, `created`, `commit`, or `params:<file>:<key>`, `metrics:<file>:<key>`, `deps:<path>`. */
	id: string;
	group: ColumnGroup;
	/** The params/metrics file, or the dep path; '' for fixed columns. */
	file: string;
	/** The flattened key (the column's header label). */
	label: string;
	type: ColumnType;
	/** Pixels; undefined: the page's default. */
	width?: number;
}

/** A column's full name (export headers, column lists, header tooltips): a dep's is its path alone. */
export function columnTitle(col: TableColumn): string {
	return col.group === 'fixed' || col.group === 'deps' ? col.label : `${col.file}:${col.label}`;
}

export type FilterOperator =
	| '='
	| '≠'
	| '<'
	| '≤'
	| '>'
	| '≥'
	| 'contains'
	| 'missing'
	| 'notMissing'
	| 'true'
	| 'false'
	| 'before'
	| 'after'
	| 'on';

export interface ColumnFilter {
	column: string;
	op: FilterOperator;
	/** Text as typed (a number, a string, an ISO date); unused by missing/true/false. */
	value?: string;
}

export interface SortLevel {
	column: string;
	descending: boolean;
}

/** A parallel-coordinates brush from the charts (TableFilterBridge), shown as a removable chip. */
export interface BrushChip {
	column: string;
	min: number;
	max: number;
}

export interface TableCell {
	/** Display text (rounded); "—" when missing. */
	t: string;
	/** Full value or error, for the tooltip. */
	f?: string;
	/** 1: differs from the row's baseline. */
	c?: 1;
	/** 1: the column's file failed to parse at this revision (its error is in `f`). */
	e?: 1;
}

export interface TableRow {
	/** Position in the visible order. */
	index: number;
	/** Stable row key (the experiment id, or a project/orphan group's id). */
	key: string;
	experimentId?: string;
	depth: number;
	/** Has child rows (experiments under a commit); `expanded` says whether they are shown. */
	expandable: boolean;
	expanded: boolean;
	kind: 'project' | 'workspace' | 'commit' | 'experiment' | 'group';
	status?: ExperimentStatus;
	/** 0..1 when the run's total is known. */
	progress?: number;
	progressText?: string;
	selected: boolean;
	colour?: string;
	starred: boolean;
	/** Shown only because a descendant matches the filters. */
	context?: boolean;
	error?: string;
	cells: TableCell[];
}

export interface TableOptions {
	changedOnly: boolean;
	pinExperiment: boolean;
}

export interface TableSnapshot {
	/** Bumped on every snapshot; rows of an older version are dropped. */
	version: number;
	columns: TableColumn[];
	/** Columns hidden by the user (id and label), for the "show" menu. */
	hidden: { id: string; label: string }[];
	total: number;
	/** Rows before any filter (experiments, commits, workspace). */
	unfiltered: number;
	sort: SortLevel[];
	sortStarred: boolean;
	filters: ColumnFilter[];
	brush: BrushChip[];
	text: string;
	textError?: string;
	options: TableOptions;
	/** The first rows, so the first paint needs no round trip. */
	rows: TableRow[];
}

export type TableHostMessage =
	| { type: 'table/snapshot'; snapshot: TableSnapshot }
	| { type: 'table/rows'; requestId: number; version: number; start: number; rows: TableRow[] }
	/** Rows whose cells or status changed (a live run, a selection): replace them where cached. */
	| { type: 'table/patch'; version: number; rows: TableRow[] };

export type ExportFormat = 'csv' | 'markdown';

/** What the page drew (rows in the DOM and their cells' text), reported after it settles; read by tests. */
export interface TableRendered {
	version: number;
	rows: { key: string; selected: boolean; colour?: string; cells: Record<string, string> }[];
}

export type TableWebviewMessage =
	| ReadyMessage
	| { type: 'table/requestRows'; requestId: number; version: number; start: number; count: number }
	| { type: 'table/sort'; column: string; add: boolean }
	| { type: 'table/sortStarred'; on: boolean }
	| { type: 'table/clearSort' }
	| { type: 'table/removeSort'; column: string }
	| { type: 'table/addFilter'; filter: ColumnFilter }
	| { type: 'table/removeFilter'; index: number }
	| { type: 'table/removeBrush'; column: string }
	| { type: 'table/setText'; text: string }
	| { type: 'table/toggleExpand'; key: string }
	| { type: 'table/toggleSelect'; experimentId: string }
	| { type: 'table/setOption'; option: keyof TableOptions; value: boolean }
	| { type: 'table/hideColumn'; column: string }
	| { type: 'table/showColumn'; column: string }
	| { type: 'table/moveColumn'; column: string; before: string | undefined }
	| { type: 'table/resizeColumn'; column: string; width: number }
	| { type: 'table/export'; format: ExportFormat }
	| { type: 'table/rendered'; report: TableRendered };
