import type { ColumnFilter, SortLevel, TableOptions } from '../shared/tableProtocol';
import { parseFilter } from './filters';

/**
 * What the user set up in the table, persisted per workspace (workspaceState). Everything read
 * back (old versions, hand-edited storage) or sent by the page goes through `sanitizeState`.
 */
export interface TableState {
	sort: SortLevel[];
	sortStarred: boolean;
	filters: ColumnFilter[];
	text: string;
	options: TableOptions;
	hidden: string[];
	/** Column ids in the user's order (drag); columns not listed keep their natural place after them. */
	order: string[];
	widths: Record<string, number>;
	/** Row keys whose children are hidden. */
	collapsed: string[];
	/** The project the table was opened for (its node's button); undefined: every project. */
	project?: string;
}

export const MIN_WIDTH = 40;
export const MAX_WIDTH = 2000;

export function defaultState(): TableState {
	return {
		sort: [],
		sortStarred: false,
		filters: [],
		text: '',
		options: { changedOnly: false, pinExperiment: true },
		hidden: [],
		order: [],
		widths: {},
		collapsed: [],
	};
}

function strings(v: unknown): string[] {
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function sanitizeState(raw: unknown): TableState {
	const state = defaultState();
	if (typeof raw !== 'object' || raw === null) {
		return state;
	}
	const r = raw as Record<string, unknown>;
	if (Array.isArray(r.sort)) {
		state.sort = (r.sort as unknown[]).flatMap((l) => {
			const level = (typeof l === 'object' && l !== null ? l : {}) as { column?: unknown; descending?: unknown };
			return typeof level.column === 'string' ? [{ column: level.column, descending: level.descending === true }] : [];
		});
	}
	state.sortStarred = r.sortStarred === true;
	if (Array.isArray(r.filters)) {
		state.filters = r.filters.flatMap((f) => {
			const parsed = parseFilter(f);
			return parsed.ok ? [parsed.filter] : [];
		});
	}
	state.text = typeof r.text === 'string' ? r.text : '';
	const options = (typeof r.options === 'object' && r.options) as Record<string, unknown> | false;
	if (options) {
		state.options = { changedOnly: options.changedOnly === true, pinExperiment: options.pinExperiment !== false };
	}
	state.hidden = strings(r.hidden).filter((id) => id !== 'experiment');
	state.order = strings(r.order);
	state.collapsed = strings(r.collapsed);
	if (typeof r.project === 'string') {
		state.project = r.project;
	}
	if (typeof r.widths === 'object' && r.widths !== null) {
		for (const [k, v] of Object.entries(r.widths)) {
			if (typeof v === 'number' && Number.isFinite(v)) {
				state.widths[k] = clampWidth(v);
			}
		}
	}
	return state;
}

export function clampWidth(w: number): number {
	return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));
}

/** Moves `column` before `before` (undefined: to the end) within the current visible order. */
export function moveColumn(current: readonly string[], column: string, before: string | undefined): string[] {
	const rest = current.filter((id) => id !== column);
	const at = before === undefined ? -1 : rest.indexOf(before);
	if (at < 0) {
		return [...rest, column];
	}
	return [...rest.slice(0, at), column, ...rest.slice(at)];
}
