import type { DepInfo, Experiment, ParamValue } from '../model/types';
import type { ColumnType, TableColumn } from '../shared/tableProtocol';

/**
 * The table's columns, built from the model's experiments: Experiment, Created and commit/branch,
 * then one column per flattened param and metric (`params:<file>:<key>`), grouped per file in the
 * order DVC lists them (params first, then metrics; files and keys in first-seen order), then one
 * per stage dep (`deps:<path>`), sorted by path as `dvc exp show` sorts them (`sorted_deps`).
 */

export const FIXED_COLUMNS: readonly TableColumn[] = [
	{ id: 'experiment', group: 'fixed', file: '', label: 'Experiment', type: 'text' },
	{ id: 'created', group: 'fixed', file: '', label: 'Created', type: 'date' },
	{ id: 'commit', group: 'fixed', file: '', label: 'Commit / branch', type: 'text' },
];

export function columnId(group: 'params' | 'metrics', file: string, key: string): string {
	return `${group}:${file}:${key}`;
}

export function depColumnId(path: string): string {
	return `deps:${path}`;
}

const NUMBER = 1;
const BOOLEAN = 2;
const TEXT = 4;

/** One values object's keys and value types, computed once per object (the model keeps unchanged objects). */
interface Shape {
	/** Same id for objects with the same keys, in the same order, holding the same value types. */
	id: number;
	keys: string[];
	bits: Uint8Array;
}

interface ShapeGroup {
	group: 'params' | 'metrics';
	file: string;
	keys: string[];
	bits: Uint8Array;
}

/**
 * Builds columns from experiments. Values objects with the same keys share one shape, so a rebuild
 * while a run writes costs a lookup per experiment and file, not one per value.
 */
export class ColumnBuilder {
	private shapes = new WeakMap<object, Shape>();
	private readonly shapeIds = new Map<string, number>();
	/** The shape found last per group and file: the next experiment's most likely has it too. */
	private readonly last = new Map<string, Shape>();

	build(experiments: readonly Experiment[]): TableColumn[] {
		const groups = new Map<string, ShapeGroup>();
		const depShapes = new Map<number, string[]>();
		for (const exp of experiments) {
			this.collect(groups, 'params', exp.params);
			this.collect(groups, 'metrics', exp.metrics);
			const deps = this.shapeOf(exp.deps, 'deps');
			depShapes.set(deps.id, deps.keys);
		}
		const files = new Map<string, Map<string, number>>();
		for (const g of groups.values()) {
			const fileKey = `${g.group}:${g.file}`;
			let keys = files.get(fileKey);
			if (!keys) {
				keys = new Map();
				files.set(fileKey, keys);
			}
			g.keys.forEach((k, i) => keys.set(k, (keys.get(k) ?? 0) | g.bits[i]));
		}
		const out = [...FIXED_COLUMNS];
		for (const group of ['params', 'metrics'] as const) {
			for (const [fileKey, keys] of files) {
				if (!fileKey.startsWith(`${group}:`)) {
					continue;
				}
				const file = fileKey.slice(group.length + 1);
				for (const [key, bits] of keys) {
					out.push({ id: columnId(group, file, key), group, file, label: key, type: typeOf(bits) });
				}
			}
		}
		out.push(...depColumns(depShapes.values()));
		return out;
	}

	private collect(
		groups: Map<string, ShapeGroup>,
		group: 'params' | 'metrics',
		files: Record<string, Record<string, ParamValue>>,
	): void {
		for (const file in files) {
			const shape = this.shapeOf(files[file], `${group}\0${file}`);
			const id = `${group}\0${file}\0${shape.id}`;
			if (!groups.has(id)) {
				groups.set(id, { group, file, keys: shape.keys, bits: shape.bits });
			}
		}
	}

	private shapeOf(values: Record<string, ParamValue | DepInfo>, slot: string): Shape {
		let shape = this.shapes.get(values);
		if (!shape) {
			const keys = Object.keys(values);
			const bits = new Uint8Array(keys.length);
			for (let i = 0; i < keys.length; i++) {
				bits[i] = typeBit(values[keys[i]]);
			}
			// Most objects repeat the last new shape (every run logs the same keys): comparing with it is
			// far cheaper than building and hashing the joined key of each of 10,000 objects.
			const last = this.last.get(slot);
			shape = last && sameShape(last, keys, bits) ? last : this.intern(keys, bits);
			this.last.set(slot, shape);
			this.shapes.set(values, shape);
		}
		return shape;
	}

	/** Keys and their value types: objects that agree on both are one group, merged once. */
	private intern(keys: string[], bits: Uint8Array): Shape {
		const key = `${keys.join('\0')}\0${bits.join('')}`;
		let id = this.shapeIds.get(key);
		if (id === undefined) {
			id = this.shapeIds.size;
			this.shapeIds.set(key, id);
		}
		return { id, keys, bits };
	}
}

function sameShape(shape: Shape, keys: readonly string[], bits: Uint8Array): boolean {
	if (shape.keys.length !== keys.length) {
		return false;
	}
	for (let i = 0; i < keys.length; i++) {
		if (shape.keys[i] !== keys[i] || shape.bits[i] !== bits[i]) {
			return false;
		}
	}
	return true;
}

/** Python's `sorted` on str compares code points; so does `<` on these (BMP) paths, unlike localeCompare. */
function depColumns(shapes: Iterable<string[]>): TableColumn[] {
	const paths = new Set<string>();
	for (const keys of shapes) {
		keys.forEach((k) => paths.add(k));
	}
	return [...paths]
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
		.map((path) => ({ id: depColumnId(path), group: 'deps', file: path, label: path, type: 'text' }));
}

export function buildColumns(experiments: readonly Experiment[]): TableColumn[] {
	return new ColumnBuilder().build(experiments);
}

function typeBit(v: ParamValue | DepInfo): number {
	return typeof v === 'number' ? NUMBER : typeof v === 'boolean' ? BOOLEAN : v === null ? 0 : TEXT;
}

function typeOf(bits: number): ColumnType {
	return bits === NUMBER ? 'number' : bits === BOOLEAN ? 'boolean' : bits === TEXT || bits === 0 ? 'text' : 'mixed';
}

/** The raw value of a column for one experiment; undefined when missing. */
export function rawValue(exp: Experiment, column: TableColumn): ParamValue | undefined {
	switch (column.group) {
		case 'params':
		case 'metrics': {
			const values = exp[column.group][column.file];
			return values && Object.prototype.hasOwnProperty.call(values, column.label) ? values[column.label] : undefined;
		}
		case 'deps': {
			// A dep the lock has no entry for is null in `dvc exp show`: shown as missing.
			const dep = Object.prototype.hasOwnProperty.call(exp.deps, column.file) ? exp.deps[column.file] : undefined;
			return dep?.hash ?? undefined;
		}
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
	// A dep column's path is no parsed file: an error of a same-named params file is not its error.
	if (exp.errors.length === 0 || column.group === 'fixed' || column.group === 'deps') {
		return undefined;
	}
	const err = exp.errors.find((e) => e.file === column.file);
	return err ? `${err.file}${err.line !== undefined ? `:${err.line}` : ''}: ${err.message}` : undefined;
}
