import type { SeriesTable } from '../model/types';

/**
 * Splitting a series by its string columns (labels such as `env=cartpole`): one line per distinct
 * combination of label values, in order of first appearance. Pure; no `vscode`.
 */
export interface LabelFilter {
	columns: string[];
	/** Code per column; -1 matches rows where that column was blank or numeric. */
	codes: number[];
}

export interface LabelGroup extends LabelFilter {
	/** Legend suffix, e.g. `env=cartpole`; empty for rows without any label. */
	text: string;
	rows: number[];
}

/** More lines than this in one chart is not a split anybody can read: the series stays whole. */
export const MAX_LABEL_LINES = 64;

export function labelColumns(table: SeriesTable, exclude: readonly string[]): string[] {
	return Object.keys(table.labels ?? {}).filter((c) => !exclude.includes(c));
}

/** `env` + `cartpole` reads `env=cartpole`; a value that already names itself (`env=cartpole`) stays. */
export function labelText(column: string, value: string): string {
	return value.includes('=') ? value : `${column}=${value}`;
}

export function labelGroups(table: SeriesTable, exclude: readonly string[]): LabelGroup[] | undefined {
	const columns = labelColumns(table, exclude);
	if (columns.length === 0 || !table.labels) {
		return undefined;
	}
	const cols = columns.map((c) => table.labels![c]);
	const groups = new Map<string, LabelGroup>();
	for (let row = 0; row < table.length; row++) {
		const codes = cols.map((col) => (row < col.codes.length ? col.codes[row] : -1));
		const key = codes.join(',');
		let group = groups.get(key);
		if (!group) {
			if (groups.size >= MAX_LABEL_LINES) {
				return undefined;
			}
			const parts = codes.flatMap((code, i) => (code < 0 ? [] : [labelText(columns[i], cols[i].values[code])]));
			group = { columns, codes, text: parts.join(' '), rows: [] };
			groups.set(key, group);
		}
		group.rows.push(row);
	}
	return [...groups.values()];
}

export function matchesLabel(table: SeriesTable, filter: LabelFilter, row: number): boolean {
	for (let i = 0; i < filter.columns.length; i++) {
		const codes = table.labels?.[filter.columns[i]]?.codes;
		const code = codes && row < codes.length ? codes[row] : -1;
		if (code !== filter.codes[i]) {
			return false;
		}
	}
	return true;
}

/** Distinct label values a table has outside `exclude`: a change means lines appeared. */
export function labelSignature(table: SeriesTable, exclude: readonly string[]): number {
	return labelColumns(table, exclude).reduce((n, c) => n + table.labels![c].values.length, 0);
}

export function pick(values: ArrayLike<number>, rows: readonly number[]): Float64Array {
	const out = new Float64Array(rows.length);
	for (let i = 0; i < rows.length; i++) {
		out[i] = values[rows[i]];
	}
	return out;
}

/** True when a live table gained label values since the line was built: new lines need a new layout. */
export function labelsChanged(
	state: { metric: { column: string; x: string }; labelValues: number },
	table: SeriesTable,
): boolean {
	return labelSignature(table, [state.metric.column, state.metric.x]) !== state.labelValues;
}

/** The legend suffix of one row (`env=cartpole`), empty for a row without labels. */
export function rowLabel(table: SeriesTable, columns: readonly string[], row: number): string {
	const parts: string[] = [];
	for (const column of columns) {
		const col = table.labels?.[column];
		const code = col && row < col.codes.length ? col.codes[row] : -1;
		if (col && code >= 0) {
			parts.push(labelText(column, col.values[code]));
		}
	}
	return parts.join(' ');
}
