/**
 * The parses that may run off the extension host's main thread (parsePool.ts): pure functions of
 * a file's text or bytes, with plain, cloneable results. Run inline for small files and in the
 * parse worker for large ones; both paths call `runParseTask`, so their results are identical.
 */
import { delimiterOf } from '../liveTables';
import type { FileError, FlatValues, ParamValue, Result, SeriesTable } from '../types';
import { fail, ok } from '../types';
import type { DvcLock } from './dvcLock';
import { parseDvcLock } from './dvcLock';
import type { DvcYamlOptions, DvcYamlSpec } from './dvcYaml';
import { parseDvcYaml } from './dvcYaml';
import { flattenMetrics, flattenParams } from './flatten';
import { parsePlotData, toSeriesTable } from './plotData';
import { parseMetricsFile, parseParamsFile, structuredKindOf } from './structured';
import type { TableOptions } from './table';
import { TableReader } from './table';

export interface TableRead {
	table: SeriesTable;
	errors: FileError[];
}

export type ParseTask =
	| { kind: 'params'; text: string; file: string }
	| { kind: 'flatParams'; text: string; file: string }
	| { kind: 'metrics'; text: string; file: string }
	| { kind: 'dvcyaml'; text: string; file: string; opts: DvcYamlOptions }
	| { kind: 'dvclock'; text: string; file: string }
	| { kind: 'table'; bytes: Uint8Array; file: string }
	/** A plot file's default y (a JSON/YAML file whole, or a TSV/CSV header and first record). */
	| { kind: 'defaultY'; bytes: Uint8Array; file: string; header?: boolean };

export interface ParseResults {
	params: Result<Record<string, ParamValue>>;
	/** A whole params file flattened (flattenParams) where parsed, like metrics. */
	flatParams: Result<FlatValues>;
	/** Flattened where parsed: walking a big metrics tree is itself a block worth moving off thread. */
	metrics: Result<FlatValues>;
	dvcyaml: Result<DvcYamlSpec>;
	dvclock: Result<DvcLock>;
	table: TableRead;
	defaultY: string[];
}

export type ResultOf<T extends ParseTask> = ParseResults[T['kind']];

/** A whole TSV/CSV file through the incremental reader, its last line complete with or without a newline. */
export function parseTable(
	bytes: Uint8Array,
	file: string,
	opts: TableOptions,
): { table: SeriesTable; errors: FileError[] } {
	const reader = new TableReader(file, opts);
	reader.append(bytes);
	// A one-shot parse treats a final line without newline as complete.
	if (reader.pendingBytes > 0) {
		reader.append(new Uint8Array([10]));
	}
	return { table: reader.table, errors: reader.errors };
}

/** TSV/CSV through the fast columnar reader; JSON/YAML plot files through DVC's datapoint rules. */
export function tableOf(bytes: Uint8Array, file: string): TableRead {
	if (/\.(tsv|csv)$/i.test(file)) {
		return parseTable(bytes, file, { delimiter: delimiterOf(file), header: true });
	}
	const parsed = parsePlotData(bytes, file);
	if (parsed.ok) {
		return { table: toSeriesTable(parsed.value.rows, file), errors: [] };
	}
	return { table: toSeriesTable([], file), errors: [{ file, message: parsed.error, line: parsed.line }] };
}

/** DVC's default y: the last field of the first datapoint (none when the file does not parse). */
export function defaultYOf(bytes: Uint8Array, file: string, header: boolean | undefined): string[] {
	const parsed = parsePlotData(bytes, file, { header });
	const first = parsed.ok ? parsed.value.rows[0] : undefined;
	const keys = first ? Object.keys(first) : [];
	return keys.length ? [keys[keys.length - 1]] : [];
}

export function runParseTask<T extends ParseTask>(task: T): ResultOf<T> {
	switch (task.kind) {
		case 'params':
			return parseParamsFile(task.text, task.file) as ResultOf<T>;
		case 'flatParams': {
			const parsed = parseParamsFile(task.text, task.file);
			return (parsed.ok ? ok(flattenParams(parsed.value)) : parsed) as ResultOf<T>;
		}
		case 'metrics': {
			const parsed = parseMetricsFile(task.text, task.file);
			return (parsed.ok ? ok(flattenMetrics(parsed.value)) : parsed) as ResultOf<T>;
		}
		case 'dvcyaml':
			return parseDvcYaml(task.text, task.file, task.opts) as ResultOf<T>;
		case 'dvclock':
			return parseDvcLock(task.text, task.file) as ResultOf<T>;
		case 'table':
			return tableOf(task.bytes, task.file) as ResultOf<T>;
		case 'defaultY':
			return defaultYOf(task.bytes, task.file, task.header) as ResultOf<T>;
	}
}

/** What a task yields when its parse could not run (the worker died: out of memory, a crash). */
export function failedParse<T extends ParseTask>(task: T, message: string): ResultOf<T> {
	if (task.kind === 'table') {
		return { table: toSeriesTable([], task.file), errors: [{ file: task.file, message }] } as ResultOf<T>;
	}
	if (task.kind === 'defaultY') {
		return [] as string[] as ResultOf<T>;
	}
	return fail(message) as ResultOf<T>;
}

/**
 * Largest input parsed inline, by format (measured in `npm run bench`, section eventLoop): about
 * 5 ms of work on a loaded machine. YAML is slow and quadratic in a mapping's keys (its
 * duplicate-key check), so only tiny YAML/TOML/Python files stay inline; JSON and delimited
 * tables parse fast (with the columnar reader; the default-y record reader is slower, `record`).
 * Above these a worker round trip costs less than the block it avoids.
 */
export const INLINE_LIMITS = { yaml: 4 * 1024, json: 64 * 1024, table: 256 * 1024, record: 16 * 1024 } as const;

export function inlineLimitOf(task: ParseTask): number {
	const sv = /\.(tsv|csv)$/i.test(task.file);
	if (task.kind === 'table' && sv) {
		return INLINE_LIMITS.table;
	}
	if (task.kind === 'defaultY' && sv) {
		return INLINE_LIMITS.record;
	}
	if (task.kind === 'dvcyaml' || task.kind === 'dvclock') {
		return INLINE_LIMITS.yaml;
	}
	return structuredKindOf(task.file) === 'json' ? INLINE_LIMITS.json : INLINE_LIMITS.yaml;
}

/** Size of a task's input (UTF-16 units of text, or bytes). */
export function taskBytes(task: ParseTask): number {
	return 'bytes' in task ? task.bytes.byteLength : task.text.length;
}

/** The typed-array buffers of a table result, moved (not copied) back to the main thread. */
export function transferablesOf(result: unknown): ArrayBuffer[] {
	const table = (result as Partial<TableRead> | undefined)?.table;
	if (!table?.data) {
		return [];
	}
	const buffers = new Set<ArrayBuffer>();
	for (const col of Object.values(table.data)) {
		buffers.add(col.buffer as ArrayBuffer);
	}
	for (const label of Object.values(table.labels ?? {})) {
		buffers.add(label.codes.buffer as ArrayBuffer);
	}
	return [...buffers];
}
