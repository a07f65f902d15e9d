import type { Experiment, ParamValue } from '../model/types';
import type { ColumnGroup, ColumnType, TableColumn } from '../shared/tableProtocol';

/**
 * The table's columns, built from the model's experiments: Experiment, Created and commit/branch,
 * then one column per flattened param and metric (`params:<file>:<key>`), grouped per file in the
 * order DVC lists them (params first, then metrics; files and keys in first-seen order).
 */

export const FIXED_COLUMNS: readonly TableColumn[] = [
	{ id: 'experiment', group: 'fixed', file: '', label: 'Experiment', type: 'text' },
	{ id: 'created', group: 'fixed', file: '', label: 'Created', type: 'date' },
	{ id: 'commit', group: 'fixed', file: '', label: 'Commit / branch', type: 'text' },
];

export function columnId(group: 'params' | 'metrics', file: string, key: string): string {
	return `${group}:${file}:${key}`;
}

interface Acc {
	column: TableColumn;
	types: Set<ColumnType>;
}

export function buildColumns(experiments: readonly Experiment[]): TableColumn[] {
	const byGroup: Record<'params' | 'metrics', Map<string, Map<string, Acc>>> = {
		params: new Map(),
		metrics: new Map(),
	};
	for (const exp of experiments) {
		collect(byGroup.params, 'params', exp.params);
		collect(byGroup.metrics, 'metrics', exp.metrics);
	}
	const out = [...FIXED_COLUMNS];
	for (const group of ['params', 'metrics'] as const) {
		for (const keys of byGroup[group].values()) {
			for (const acc of keys.values()) {
				out.push({ ...acc.column, type: typeOf(acc.types) });
			}
		}
	}
	return out;
}

function collect(
	into: Map<string, Map<string, Acc>>,
	group: ColumnGroup & ('params' | 'metrics'),
	files: Record<string, Record<string, ParamValue>>,
): void {
	for (const [file, values] of Object.entries(files)) {
		let keys = into.get(file);
		if (!keys) {
			keys = new Map();
			into.set(file, keys);
		}
		for (const [key, value] of Object.entries(values)) {
			let acc = keys.get(key);
			if (!acc) {
				acc = { column: { id: columnId(group, file, key), group, file, label: key, type: 'text' }, types: new Set() };
				keys.set(key, acc);
			}
			acc.types.add(valueType(value));
		}
	}
}

function valueType(v: ParamValue): ColumnType {
	if (typeof v === 'number') {
		return 'number';
	}
	if (typeof v === 'boolean') {
		return 'boolean';
	}
	return v === null ? 'mixed' : 'text';
}

function typeOf(types: Set<ColumnType>): ColumnType {
	types.delete('mixed');
	return types.size === 1 ? [...types][0] : types.size === 0 ? 'text' : 'mixed';
}

/** The raw value of a column for one experiment; undefined when missing. */
export function rawValue(exp: Experiment, column: TableColumn): ParamValue | undefined {
	switch (column.group) {
		case 'params':
		case 'metrics': {
			const values = exp[column.group][column.file];
			return values && Object.prototype.hasOwnProperty.call(values, column.label) ? values[column.label] : undefined;
		}
		case 'deps':
			return undefined;
		case 'fixed':
			return column.id === 'experiment' ? exp.name : column.id === 'created' ? exp.timestamp : commitText(exp);
	}
}

function commitText(exp: Experiment): string | undefined {
	if (exp.kind === 'workspace') {
		return undefined;
	}
	const sha = /^[0-9a-f]{40}$/i.test(exp.rev) ? exp.rev.slice(0, 7) : exp.rev;
	return exp.branches?.length ? `${exp.branches.join(', ')} ${sha}` : sha;
}

/** The error of the file behind a column at this experiment's revision, if it failed to parse. */
export function cellError(exp: Experiment, column: TableColumn): string | undefined {
	if (exp.errors.length === 0 || column.group === 'fixed') {
		return undefined;
	}
	const err = exp.errors.find((e) => e.file === column.file);
	return err ? `${err.file}${err.line !== undefined ? `:${err.line}` : ''}: ${err.message}` : undefined;
}
