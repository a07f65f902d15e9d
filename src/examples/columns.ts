/**
 * Columnar storage for per-example tables: numbers in Float64Arrays, text dictionary-encoded
 * (Uint32Array codes into a string list) so that a million rows cost a few typed arrays and
 * sorting compares integers. No `vscode` here.
 */

export type ColumnType = 'float' | 'int' | 'str' | 'bool';

export interface NumColumn {
	name: string;
	type: 'float' | 'int' | 'bool';
	/** Only [0, length) is valid; missing cells are NaN, bools 0/1. */
	values: Float64Array;
}

export interface StrColumn {
	name: string;
	type: 'str';
	/** Only [0, length) is valid; code 0 is always the empty string (missing cell). */
	codes: Uint32Array;
	dict: string[];
}

export type Column = NumColumn | StrColumn;

export interface ColumnarTable {
	file: string;
	columns: Column[];
	length: number;
	/** 1-based record number in the file of each row (bad records are skipped, so it may jump). */
	rowNumbers: Uint32Array;
	/** 1-based line of each row, when the format has lines (CSV/TSV/JSONL). */
	lines?: Uint32Array;
}

export type Cell = string | number | boolean | null;

/** A cell classified before it meets its column: the JSON type, or what CSV text looks like. */
export type Typed =
	| { t: 'null' }
	| { t: 'int' | 'float'; n: number }
	| { t: 'bool'; b: boolean }
	| { t: 'str'; s: string; raw?: boolean };

const NULL: Typed = { t: 'null' };
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
	nan: NaN,
	NaN: NaN,
	inf: Infinity,
	'-inf': -Infinity,
	Infinity: Infinity,
	'-Infinity': -Infinity,
};

/** CSV cells are text: numbers and booleans are recognised, `raw` keeps the text for str columns. */
export function classifyText(text: string): Typed {
	if (text === '') {
		return NULL;
	}
	if (NUMBER.test(text)) {
		const n = Number(text);
		return { t: Number.isInteger(n) && !/[.eE]/.test(text) ? 'int' : 'float', n };
	}
	if (text in SPECIAL) {
		return { t: 'float', n: SPECIAL[text] };
	}
	if (text === 'true' || text === 'True' || text === 'false' || text === 'False') {
		return { t: 'bool', b: text[0] === 't' || text[0] === 'T' };
	}
	return { t: 'str', s: text, raw: true };
}

export function classifyJson(value: unknown): Typed {
	if (value === null || value === undefined) {
		return NULL;
	}
	if (typeof value === 'number') {
		return { t: Number.isInteger(value) ? 'int' : 'float', n: value };
	}
	if (typeof value === 'boolean') {
		return { t: 'bool', b: value };
	}
	if (typeof value === 'string') {
		return { t: 'str', s: value };
	}
	return { t: 'str', s: JSON.stringify(value) };
}

function rawText(v: Typed): string | undefined {
	if (v.t === 'str') {
		return v.s;
	}
	return undefined;
}

/** Grows one column as rows arrive; the type comes from the schema, else from the first non-empty cell. */
export class ColumnBuilder {
	private type: ColumnType | undefined;
	private nums = new Float64Array(256);
	private codes: Uint32Array | undefined;
	private dict: string[] = [''];
	private index = new Map<string, number>([['', 0]]);
	private n = 0;

	constructor(
		readonly name: string,
		private readonly declared?: ColumnType,
	) {
		this.type = declared;
		if (declared === 'str') {
			this.codes = new Uint32Array(256);
		}
	}

	get columnType(): ColumnType | undefined {
		return this.type;
	}

	/** Appends a cell; returns a message when it does not fit the column's type (the cell is stored empty). */
	push(v: Typed, text?: string): string | undefined {
		this.reserve();
		const error = this.fit(v, text);
		if (error !== undefined) {
			this.store(NULL);
		}
		this.n++;
		return error;
	}

	private fit(v: Typed, text: string | undefined): string | undefined {
		if (v.t === 'null') {
			this.store(v);
			return undefined;
		}
		if (this.type === undefined) {
			this.setType(v.t);
		}
		const type = this.type!;
		if (type === v.t || (type === 'float' && v.t === 'int')) {
			this.store(v);
			return undefined;
		}
		if (type === 'int' && v.t === 'float' && this.declared === undefined) {
			this.type = 'float';
			this.store(v);
			return undefined;
		}
		// CSV text that merely looks numeric ("123" in a label column) stays text in a str column.
		if (type === 'str' && text !== undefined) {
			this.store({ t: 'str', s: text });
			return undefined;
		}
		const shown = text ?? rawText(v) ?? String(v.t === 'bool' ? v.b : v.t === 'int' || v.t === 'float' ? v.n : '');
		const verb = this.declared ? 'is declared' : 'changes type from';
		return `column "${this.name}" ${verb} ${type}${this.declared ? ' but holds' : ' to'} ${v.t} (${JSON.stringify(shown)})`;
	}

	private setType(t: ColumnType): void {
		this.type = t;
		if (t === 'str') {
			// Leading empty cells were stored as NaN; as text they are code 0, which a fresh array already holds.
			this.codes = new Uint32Array(this.nums.length);
		}
	}

	private store(v: Typed): void {
		if (this.type === 'str') {
			this.codes![this.n] = v.t === 'str' ? this.code(v.s) : 0;
			return;
		}
		this.nums[this.n] = v.t === 'int' || v.t === 'float' ? v.n : v.t === 'bool' ? Number(v.b) : NaN;
	}

	private code(s: string): number {
		let c = this.index.get(s);
		if (c === undefined) {
			c = this.dict.length;
			this.dict.push(s);
			this.index.set(s, c);
		}
		return c;
	}

	private reserve(): void {
		const size = Math.max(256, this.n * 2);
		if (this.type === 'str') {
			if (this.n >= this.codes!.length) {
				this.codes = grow(this.codes!, size);
			}
		} else if (this.n >= this.nums.length) {
			this.nums = grow(this.nums, size);
		}
	}

	build(length: number): Column {
		if (this.type === 'str') {
			return { name: this.name, type: 'str', codes: this.codes!.subarray(0, length), dict: this.dict };
		}
		const values = this.nums.subarray(0, length);
		return { name: this.name, type: this.type ?? 'float', values };
	}
}

export function grow<T extends Float64Array | Uint32Array>(array: T, size: number): T {
	const next = new (array.constructor as { new (n: number): T })(size);
	next.set(array);
	return next;
}

export function cellOf(column: Column, row: number): string | number | boolean | null {
	if (column.type === 'str') {
		return column.dict[column.codes[row]];
	}
	const v = column.values[row];
	if (Number.isNaN(v)) {
		return null;
	}
	return column.type === 'bool' ? v !== 0 : v;
}

export function findColumn(table: ColumnarTable, name: string): Column | undefined {
	return table.columns.find((c) => c.name === name);
}

const IMAGE = /\.(png|jpe?g|gif|webp|svg)$/i;

/** Text columns whose (sampled) non-empty values are all image file paths. */
export function imageColumns(table: ColumnarTable): string[] {
	return table.columns.filter((c) => c.type === 'str' && looksLikeImages(c)).map((c) => c.name);
}

function looksLikeImages(column: StrColumn): boolean {
	let seen = 0;
	for (let i = 1; i < column.dict.length && seen < 200; i++, seen++) {
		if (!IMAGE.test(column.dict[i].trim())) {
			return false;
		}
	}
	return seen > 0;
}
