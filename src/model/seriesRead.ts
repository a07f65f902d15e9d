/**
 * Series tables of immutable revisions (commits, stash commits): read once, cached by sha+file.
 */
import type { FileSource } from './fileSource';
import { delimiterOf } from './liveTables';
import { isImageFile, isPlotDataFile, parsePlotData, toSeriesTable } from './parse/plotData';
import { parseTable } from './parse/table';
import type { FileError, SeriesTable } from './types';

const MAX_CACHED = 2000;
/** JSON/YAML plot files are parsed whole into objects: refuse sizes no plot file has. */
const MAX_STRUCTURED_PLOT_BYTES = 100 * 1024 * 1024;
const cache = new Map<string, Promise<TableRead | undefined>>();

export interface TableRead {
	table: SeriesTable;
	errors: FileError[];
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

async function readTable(source: FileSource, file: string): Promise<TableRead | undefined> {
	if (!isPlotDataFile(file) || isImageFile(file)) {
		return undefined;
	}
	const sv = /\.(tsv|csv)$/i.test(file);
	const r = await source.readResult(file, sv ? Number.MAX_SAFE_INTEGER : MAX_STRUCTURED_PLOT_BYTES);
	if (!r.ok) {
		return r.missing ? undefined : { table: toSeriesTable([], file), errors: [{ file, message: r.error }] };
	}
	return tableOf(r.data, file);
}

/** `sha` undefined means the source is mutable: no caching. */
export function readCommitTable(
	source: FileSource,
	file: string,
	sha: string | undefined,
): Promise<TableRead | undefined> {
	if (!sha) {
		return readTable(source, file);
	}
	const key = `${sha}\0${file}`;
	let hit = cache.get(key);
	if (!hit) {
		if (cache.size >= MAX_CACHED) {
			cache.delete(cache.keys().next().value as string);
		}
		hit = readTable(source, file);
		cache.set(key, hit);
	}
	return hit;
}
