import type { FileError } from '../model/types';
import { classifyJson, classifyText, ColumnBuilder } from './columns';
import type { ColumnarTable, ColumnType, Typed } from './columns';

/**
 * Reads CSV/TSV (with header), a JSON array of row objects, or JSONL into columns. Never throws:
 * records that cannot be used are skipped with a FileError naming their row (and line).
 */

export const MAX_ERRORS = 100;

export interface ReadOptions {
	schemas?: Record<string, ColumnType>;
	/** Rejects a record before it is stored (e.g. a bad example_id); the message gets the row prefix. */
	check?: (columns: readonly string[], values: readonly Typed[]) => string | undefined;
}

export interface ReadResult {
	table: ColumnarTable;
	errors: FileError[];
}

export type TableFormat = 'csv' | 'tsv' | 'json' | 'jsonl';

export function formatOf(file: string): TableFormat | undefined {
	const m = /\.(csv|tsv|json|jsonl|ndjson)$/i.exec(file);
	if (!m) {
		return undefined;
	}
	const ext = m[1].toLowerCase();
	return ext === 'ndjson' ? 'jsonl' : (ext as TableFormat);
}

class TableAssembler {
	readonly errors: FileError[] = [];
	private dropped = 0;
	private builders: ColumnBuilder[] = [];
	private names: string[] = [];
	private rowNumbers: Uint32Array<ArrayBuffer> = new Uint32Array(256);
	private lines: Uint32Array<ArrayBuffer> = new Uint32Array(256);
	private length = 0;
	hasColumns = false;

	constructor(
		readonly file: string,
		private readonly opts: ReadOptions,
	) {}

	get columns(): readonly string[] {
		return this.names;
	}

	setColumns(names: string[]): void {
		this.names = names;
		this.hasColumns = true;
		this.builders = names.map((n) => new ColumnBuilder(n, this.opts.schemas?.[n]));
	}

	error(message: string, row?: number, line?: number): void {
		if (this.errors.length >= MAX_ERRORS) {
			this.dropped++;
			return;
		}
		const where = row === undefined ? '' : line === undefined ? `row ${row}: ` : `row ${row} (line ${line}): `;
		this.errors.push(
			line === undefined
				? { file: this.file, message: where + message }
				: { file: this.file, message: where + message, line },
		);
	}

	add(values: Typed[], texts: (string | undefined)[] | undefined, row: number, line: number): void {
		const rejected = this.opts.check?.(this.names, values);
		if (rejected !== undefined) {
			this.error(rejected, row, line || undefined);
			return;
		}
		for (let c = 0; c < this.builders.length; c++) {
			const problem = this.builders[c].push(values[c], texts?.[c]);
			if (problem !== undefined) {
				this.error(problem, row, line || undefined);
			}
		}
		if (this.length === this.rowNumbers.length) {
			this.rowNumbers = growU32(this.rowNumbers);
			this.lines = growU32(this.lines);
		}
		this.rowNumbers[this.length] = row;
		this.lines[this.length] = line;
		this.length++;
	}

	finish(hasLines: boolean): ReadResult {
		if (this.dropped > 0) {
			this.errors.push({ file: this.file, message: `${this.dropped} more errors not shown` });
		}
		const table: ColumnarTable = {
			file: this.file,
			columns: this.builders.map((b) => b.build(this.length)),
			length: this.length,
			rowNumbers: this.rowNumbers.subarray(0, this.length),
		};
		if (hasLines) {
			table.lines = this.lines.subarray(0, this.length);
		}
		return { table, errors: this.errors };
	}
}

function growU32(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
	const next = new Uint32Array(a.length * 2);
	next.set(a);
	return next;
}

export function readTable(text: string, file: string, opts: ReadOptions = {}): ReadResult {
	const asm = new TableAssembler(file, opts);
	const format = formatOf(file);
	if (text.charCodeAt(0) === 0xfeff) {
		text = text.slice(1);
	}
	switch (format) {
		case 'csv':
		case 'tsv':
			readDelimited(text, format === 'tsv' ? '\t' : ',', asm);
			return asm.finish(true);
		case 'json':
			readJsonArray(text, asm);
			return asm.finish(false);
		case 'jsonl':
			readJsonLines(text, asm);
			return asm.finish(true);
		default:
			asm.error('not a table file: expected .csv, .tsv, .json or .jsonl');
			return asm.finish(false);
	}
}

function readDelimited(text: string, delimiter: string, asm: TableAssembler): void {
	let row = 0;
	forEachRecord(text, delimiter, (fields, line) => {
		if (row++ === 0) {
			asm.setColumns(fields.map((f) => f.trim()));
			return;
		}
		// Blank lines, and the header repeated by scripts that append one batch at a time, carry no row.
		if ((fields.length === 1 && fields[0] === '') || isHeader(fields, asm.columns)) {
			row--;
			return;
		}
		if (fields.length !== asm.columns.length) {
			asm.error(`has ${fields.length} fields but the header has ${asm.columns.length}`, row - 1, line);
			return;
		}
		asm.add(fields.map(classifyText), fields, row - 1, line);
	});
	if (row === 0) {
		asm.error('empty file: expected a header row');
	}
}

function isHeader(fields: string[], columns: readonly string[]): boolean {
	return (
		fields.length === columns.length &&
		fields[0].trim() === columns[0] &&
		fields.every((f, i) => f.trim() === columns[i])
	);
}

/** Calls back once per record with its fields and its first line; quoted fields may span lines. */
export function forEachRecord(text: string, delimiter: string, cb: (fields: string[], line: number) => void): void {
	if (!text.includes('"')) {
		const lines = text.split('\n');
		const last = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
		for (let i = 0; i < last; i++) {
			const l = lines[i];
			cb((l.endsWith('\r') ? l.slice(0, -1) : l).split(delimiter), i + 1);
		}
		return;
	}
	parseQuoted(text, delimiter, cb);
}

function parseQuoted(text: string, delimiter: string, cb: (fields: string[], line: number) => void): void {
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') {
				quoted = false;
			} else {
				line += ch === '\n' ? 1 : 0;
				field += ch;
			}
		} else if (ch === '"' && field === '') {
			quoted = true;
		} else if (ch === delimiter) {
			fields.push(field);
			field = '';
		} else if (ch === '\n') {
			fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
			cb(fields, start);
			fields = [];
			field = '';
			start = ++line;
		} else {
			field += ch;
		}
	}
	if (field !== '' || fields.length > 0) {
		fields.push(field);
		cb(fields, start);
	}
}

function readJsonArray(text: string, asm: TableAssembler): void {
	let rows: unknown;
	try {
		rows = JSON.parse(text);
	} catch (err) {
		asm.error(`invalid JSON: ${(err as Error).message}`);
		return;
	}
	if (!Array.isArray(rows)) {
		asm.error('expected a JSON array of row objects');
		return;
	}
	rows.forEach((obj, i) => addObject(obj, i + 1, 0, asm));
}

function readJsonLines(text: string, asm: TableAssembler): void {
	const lines = text.split('\n');
	let row = 0;
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i].trim();
		if (l === '') {
			continue;
		}
		row++;
		let obj: unknown;
		try {
			obj = JSON.parse(l);
		} catch (err) {
			asm.error(`invalid JSON: ${(err as Error).message}`, row, i + 1);
			continue;
		}
		addObject(obj, row, i + 1, asm);
	}
}

function addObject(obj: unknown, row: number, line: number, asm: TableAssembler): void {
	if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
		asm.error('expected a row object', row, line || undefined);
		return;
	}
	const record = obj as Record<string, unknown>;
	const keys = Object.keys(record);
	if (!asm.hasColumns) {
		asm.setColumns(keys);
	}
	const differs = describeKeyDifference(asm.columns, keys);
	if (differs) {
		asm.error(`columns differ from the first row (${differs})`, row, line || undefined);
		return;
	}
	asm.add(
		asm.columns.map((c) => classifyJson(record[c])),
		undefined,
		row,
		line,
	);
}

export function describeKeyDifference(expected: readonly string[], actual: readonly string[]): string | undefined {
	const have = new Set(actual);
	const want = new Set(expected);
	const missing = expected.filter((k) => !have.has(k));
	const extra = actual.filter((k) => !want.has(k));
	if (missing.length === 0 && extra.length === 0) {
		return undefined;
	}
	const parts: string[] = [];
	if (missing.length) {
		parts.push(`missing ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
	}
	if (extra.length) {
		parts.push(`extra ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
	}
	return parts.join('; ');
}
