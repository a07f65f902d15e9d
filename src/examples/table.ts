import type { ExampleTableRef, FileError } from '../model/types';
import { findColumn, imageColumns } from './columns';
import type { ColumnarTable, ColumnType, NumColumn, Typed } from './columns';
import { formatOf, readTable } from './records';

/**
 * Per-example metrics tables: a CSV/TSV/JSON/JSONL file whose rows carry an integer `example_id`
 * (0-based row of a foreign table, the dataset), described by an optional `<file>.table.json`
 * sidecar. Reading and validation are pure; file access comes in through `TableReader`.
 */

export const EXAMPLE_ID = 'example_id';
/** Columns that say which step/epoch a row belongs to, in order of preference. */
export const STEP_COLUMNS = ['step', 'epoch', 'global_step'];
const TYPES: readonly ColumnType[] = ['float', 'int', 'str', 'bool'];

export interface TableSidecar {
	foreignTable?: string;
	displayName?: string;
	schemas: Record<string, ColumnType>;
}

export interface MetricsTable extends ColumnarTable {
	exampleIds: NumColumn;
	stepColumn?: string;
}

export interface ForeignTable extends ColumnarTable {
	imageColumns: string[];
}

export interface TableReader {
	/** Text of a project-relative file, undefined when it does not exist. */
	readText(path: string): Promise<string | undefined>;
}

export interface LoadedExamples {
	file: string;
	sidecar: TableSidecar;
	metrics?: MetricsTable;
	foreign?: ForeignTable;
	/** Project-relative path of the foreign table that was read. */
	foreignFile?: string;
	errors: FileError[];
}

export function sidecarPath(file: string): string {
	return `${file}.table.json`;
}

export function isTableFile(file: string): boolean {
	return formatOf(file) !== undefined && !file.endsWith('.table.json');
}

export function parseSidecar(text: string, file: string): { sidecar: TableSidecar; errors: FileError[] } {
	const sidecar: TableSidecar = { schemas: {} };
	const errors: FileError[] = [];
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (err) {
		return { sidecar, errors: [{ file, message: `invalid JSON: ${(err as Error).message}` }] };
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return { sidecar, errors: [{ file, message: 'expected a JSON object' }] };
	}
	const obj = raw as Record<string, unknown>;
	const str = (key: string): string | undefined => {
		const v = obj[key];
		if (v !== undefined && typeof v !== 'string') {
			errors.push({ file, message: `"${key}" must be a string` });
			return undefined;
		}
		return v;
	};
	sidecar.foreignTable = str('foreign_table');
	sidecar.displayName = str('foreign_table_display_name');
	readSchemas(obj.column_schemas, file, sidecar, errors);
	return { sidecar, errors };
}

function readSchemas(raw: unknown, file: string, sidecar: TableSidecar, errors: FileError[]): void {
	if (raw === undefined) {
		return;
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		errors.push({ file, message: '"column_schemas" must be an object' });
		return;
	}
	for (const [col, schema] of Object.entries(raw)) {
		const type = (schema as { type?: unknown } | null)?.type;
		if (TYPES.includes(type as ColumnType)) {
			sidecar.schemas[col] = type as ColumnType;
		} else {
			errors.push({ file, message: `column_schemas.${col}.type must be one of ${TYPES.join(', ')}` });
		}
	}
}

export function checkExampleId(value: Typed): string | undefined {
	switch (value.t) {
		case 'null':
			return `${EXAMPLE_ID} is missing`;
		case 'int':
		case 'float':
			if (!Number.isInteger(value.n)) {
				return `${EXAMPLE_ID} ${value.n} is not an integer`;
			}
			return value.n < 0 ? `${EXAMPLE_ID} ${value.n} is negative` : undefined;
		case 'bool':
			return `${EXAMPLE_ID} ${value.b} is not an integer`;
		case 'str':
			return `${EXAMPLE_ID} ${JSON.stringify(value.s)} is not an integer`;
	}
}

export function readMetricsTable(
	text: string,
	file: string,
	sidecar?: TableSidecar,
): { table?: MetricsTable; errors: FileError[] } {
	let idIndex = -1;
	const schemas: Record<string, ColumnType> = { ...sidecar?.schemas, [EXAMPLE_ID]: 'int' };
	const { table, errors } = readTable(text, file, {
		schemas,
		check: (columns, values) => {
			if (idIndex < 0 || columns[idIndex] !== EXAMPLE_ID) {
				idIndex = columns.indexOf(EXAMPLE_ID);
			}
			return idIndex < 0 ? undefined : checkExampleId(values[idIndex]);
		},
	});
	const ids = findColumn(table, EXAMPLE_ID);
	if (!ids || ids.type === 'str') {
		const line = formatOf(file) === 'json' ? undefined : 1;
		const message = `no "${EXAMPLE_ID}" column: every row needs the 0-based row of its example in the foreign table`;
		return { errors: [line ? { file, message, line } : { file, message }, ...errors] };
	}
	const stepColumn = STEP_COLUMNS.find((name) => findColumn(table, name)?.type !== 'str' && findColumn(table, name));
	return { table: { ...table, exampleIds: ids, stepColumn }, errors };
}

export function readForeignTable(text: string, file: string): { table: ForeignTable; errors: FileError[] } {
	const { table, errors } = readTable(text, file);
	return { table: { ...table, imageColumns: imageColumns(table) }, errors };
}

/** example_ids past the end of the foreign table, each reported with the row that holds it. */
export function checkForeignBounds(table: MetricsTable, foreignRows: number, foreignFile: string): FileError[] {
	const errors: FileError[] = [];
	const ids = table.exampleIds.values;
	let more = 0;
	for (let i = 0; i < table.length; i++) {
		if (ids[i] < foreignRows) {
			continue;
		}
		if (errors.length >= 100) {
			more++;
			continue;
		}
		const line = table.lines?.[i];
		const where = line === undefined ? `row ${table.rowNumbers[i]}` : `row ${table.rowNumbers[i]} (line ${line})`;
		const message = `${where}: ${EXAMPLE_ID} ${ids[i]} is past the end of the foreign table ${foreignFile} (${foreignRows} rows)`;
		errors.push(line === undefined ? { file: table.file, message } : { file: table.file, message, line });
	}
	if (more > 0) {
		errors.push({ file: table.file, message: `${more} more rows with ${EXAMPLE_ID} past the end of ${foreignFile}` });
	}
	return errors;
}

/** Reads a metrics table, its sidecar and its foreign table, collecting every validation error. */
export async function loadExampleTable(reader: TableReader, file: string): Promise<LoadedExamples> {
	const loaded: LoadedExamples = { file, sidecar: { schemas: {} }, errors: [] };
	const sidecarFile = sidecarPath(file);
	const sidecarText = await reader.readText(sidecarFile);
	if (sidecarText !== undefined) {
		const parsed = parseSidecar(sidecarText, sidecarFile);
		loaded.sidecar = parsed.sidecar;
		loaded.errors.push(...parsed.errors);
	}
	const text = await reader.readText(file);
	if (text === undefined) {
		loaded.errors.push({ file, message: 'metrics table does not exist' });
		return loaded;
	}
	const metrics = readMetricsTable(text, file, loaded.sidecar);
	loaded.metrics = metrics.table;
	loaded.errors.push(...metrics.errors);
	await loadForeign(reader, loaded, sidecarFile);
	return loaded;
}

async function loadForeign(reader: TableReader, loaded: LoadedExamples, sidecarFile: string): Promise<void> {
	const name = loaded.sidecar.foreignTable;
	if (name === undefined) {
		return;
	}
	// Project-relative first (as documented); relative to the table's own folder as a convenience.
	const candidates = [normalise(name), normalise(`${dirname(loaded.file)}/${name}`)];
	for (const path of candidates) {
		const text = await reader.readText(path);
		if (text === undefined) {
			continue;
		}
		const foreign = readForeignTable(text, path);
		loaded.foreign = foreign.table;
		loaded.foreignFile = path;
		loaded.errors.push(...foreign.errors);
		if (loaded.metrics) {
			loaded.errors.push(...checkForeignBounds(loaded.metrics, foreign.table.length, path));
		}
		return;
	}
	loaded.errors.push({ file: sidecarFile, message: `foreign table ${name} does not exist` });
}

export function toTableRef(loaded: LoadedExamples): ExampleTableRef {
	const ref: ExampleTableRef = { file: loaded.file, errors: loaded.errors };
	if (loaded.metrics) {
		ref.rows = loaded.metrics.length;
	}
	if (loaded.foreignFile ?? loaded.sidecar.foreignTable) {
		ref.foreignTable = loaded.foreignFile ?? loaded.sidecar.foreignTable;
	}
	if (loaded.sidecar.displayName) {
		ref.displayName = loaded.sidecar.displayName;
	}
	return ref;
}

export function dirname(path: string): string {
	const i = path.lastIndexOf('/');
	return i < 0 ? '.' : path.slice(0, i);
}

export function normalise(path: string): string {
	const out: string[] = [];
	for (const part of path.replace(/\\/g, '/').split('/')) {
		if (part === '..') {
			out.pop();
		} else if (part !== '.' && part !== '') {
			out.push(part);
		}
	}
	return out.join('/');
}
