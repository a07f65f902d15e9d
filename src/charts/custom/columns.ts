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
 * The union of columns over experiments, params before metrics, files and keys in first-seen
 * order. A column is numeric when every present value is a number (NaN and ±Infinity included:
 * they are numbers the plot cannot place and are excluded per point); otherwise categorical.
 * Fed one experiment at a time, so the host can yield between chunks of a large repo.
 */
export class ColumnCollector {
	// source -> file -> key -> column: no string is built per cell, only per new column.
	private readonly sources = {
		params: new Map<string, Map<string, CustomColumn>>(),
		metrics: new Map<string, Map<string, CustomColumn>>(),
	};
	// Creation order per source: first seen over experiments, then files, then keys (as before).
	private readonly order = { params: [] as CustomColumn[], metrics: [] as CustomColumn[] };

	add(experiment: Experiment): void {
		for (const source of ['params', 'metrics'] as const) {
			const files = this.sources[source];
			for (const [file, values] of Object.entries(experiment[source])) {
				let keys = files.get(file);
				if (!keys) {
					files.set(file, (keys = new Map<string, CustomColumn>()));
				}
				for (const key of Object.keys(values)) {
					const value = values[key];
					let column = keys.get(key);
					if (!column) {
						column = { id: columnId(source, file, key), source, file, key, kind: 'numeric' };
						keys.set(key, column);
						this.order[source].push(column);
					}
					if (value !== null && typeof value !== 'number') {
						column.kind = 'categorical';
					}
				}
			}
		}
	}

	columns(): CustomColumn[] {
		return [...this.order.params, ...this.order.metrics];
	}
}

export function collectColumns(experiments: readonly Experiment[]): CustomColumn[] {
	const collector = new ColumnCollector();
	experiments.forEach((e) => collector.add(e));
	return collector.columns();
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
// The same order as localeCompare(b, 'en', options), which builds a collator per comparison.
const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function sortCategories(values: Iterable<string>): string[] {
	return [...new Set(values)].sort((a, b) => COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}
