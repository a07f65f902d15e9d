import type { LabelColumn } from '../types';

/**
 * Dictionary-encoded string columns of a series table (a label such as `env=cartpole` that splits a
 * series into one line per value). Memory stays bounded: a column with more distinct values than
 * `MAX_VALUES` (or very long values) is free text, not a label, and is dropped for good.
 */
const MAX_VALUES = 256;
const MAX_VALUE_LENGTH = 200;
const NAN_RE = /^\s*[+-]?nan\s*$/i;

interface Column extends LabelColumn {
	index: Map<string, number>;
}

export class LabelColumns {
	private cols = new Map<string, Column>();
	private dropped = new Set<string>();

	/** Records a cell that did not parse as a number; numeric spellings of NaN and blanks are not labels. */
	note(name: string, row: number, text: string, capacity: number): void {
		if (this.dropped.has(name)) {
			return;
		}
		const value = text.trim();
		if (value === '' || NAN_RE.test(value)) {
			return;
		}
		let col = this.cols.get(name);
		if (!col) {
			col = { codes: new Int32Array(capacity).fill(-1), values: [], index: new Map() };
			this.cols.set(name, col);
		}
		let code = col.index.get(value);
		if (code === undefined) {
			if (col.values.length >= MAX_VALUES || value.length > MAX_VALUE_LENGTH) {
				this.cols.delete(name);
				this.dropped.add(name);
				return;
			}
			code = col.values.length;
			col.values.push(value);
			col.index.set(value, code);
		}
		col.codes[row] = code;
	}

	/** A row that was skipped (wrong column count) may have left codes behind: the next row reuses it. */
	clearRow(row: number): void {
		for (const col of this.cols.values()) {
			if (row < col.codes.length) {
				col.codes[row] = -1;
			}
		}
	}

	grow(capacity: number, length: number): void {
		for (const col of this.cols.values()) {
			const next = new Int32Array(capacity).fill(-1);
			next.set(col.codes.subarray(0, length));
			col.codes = next;
		}
	}

	get table(): Record<string, LabelColumn> | undefined {
		if (this.cols.size === 0) {
			return undefined;
		}
		const out: Record<string, LabelColumn> = {};
		for (const [name, col] of this.cols) {
			out[name] = { codes: col.codes, values: col.values };
		}
		return out;
	}
}
