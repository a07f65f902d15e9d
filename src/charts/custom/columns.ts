import { fullValue } from '../../experiments/format';
import type { Experiment, ParamValue } from '../../model/types';
import type { CustomColumn, CustomColumnId } from '../../shared/protocol';

/**
 * Custom plots' columns: every flattened param and metric (`file:key`) of the experiment model,
 * named as the experiments table names its columns so a brush means the same column there.
 * No `vscode` here.
 */
export function columnId(source: 'params' | 'metrics', file: string, key: string): CustomColumnId {
	return `${source}:${file}:${key}`;
}

/** One cell; `undefined` when the experiment has no such value (null counts as missing, as in the table's "—"). */
export function cellOf(experiment: Experiment, column: CustomColumn): ParamValue | undefined {
	const value = experiment[column.source][column.file]?.[column.key];
	return value === null ? undefined : value;
}

/**
 * The union of columns over `experiments`, params before metrics, files and keys in first-seen
 * order. A column is numeric when every present value is a number (NaN and ±Infinity included:
 * they are numbers the plot cannot place and are excluded per point); otherwise categorical.
 */
export function collectColumns(experiments: readonly Experiment[]): CustomColumn[] {
	const columns = new Map<CustomColumnId, CustomColumn>();
	for (const source of ['params', 'metrics'] as const) {
		for (const experiment of experiments) {
			for (const [file, values] of Object.entries(experiment[source])) {
				for (const [key, value] of Object.entries(values)) {
					addCell(columns, source, file, key, value);
				}
			}
		}
	}
	return [...columns.values()];
}

function addCell(
	columns: Map<CustomColumnId, CustomColumn>,
	source: 'params' | 'metrics',
	file: string,
	key: string,
	value: ParamValue,
): void {
	const id = columnId(source, file, key);
	let column = columns.get(id);
	if (!column) {
		column = { id, source, file, key, kind: 'numeric' };
		columns.set(id, column);
	}
	if (value !== null && typeof value !== 'number') {
		column.kind = 'categorical';
	}
}

/** A categorical cell's category: its exact text (lists and objects as JSON). */
export function categoryOf(value: ParamValue): string {
	return fullValue(value);
}

/** The value as shown in tooltips. */
export function textOf(value: ParamValue): string {
	return fullValue(value);
}

/** Categories in natural order (`2` before `10`, case-insensitive), so axes read like the table's sort. */
export function sortCategories(values: Iterable<string>): string[] {
	return [...new Set(values)].sort(
		(a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0),
	);
}
