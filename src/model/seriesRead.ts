/**
 * Series tables of immutable revisions (commits, stash commits): read once, cached by sha+file.
 */
import type { FileSource } from './fileSource';
import { parseAsync } from './parse/parsePool';
import type { TableRead } from './parse/parseTasks';
import { isImageFile, isPlotDataFile, toSeriesTable } from './parse/plotData';

const MAX_CACHED = 2000;
/** JSON/YAML plot files are parsed whole into objects: refuse sizes no plot file has. */
const MAX_STRUCTURED_PLOT_BYTES = 100 * 1024 * 1024;
const cache = new Map<string, Promise<TableRead | undefined>>();

export type { TableRead } from './parse/parseTasks';
export { tableOf } from './parse/parseTasks';

async function readTable(source: FileSource, file: string): Promise<TableRead | undefined> {
	if (!isPlotDataFile(file) || isImageFile(file)) {
		return undefined;
	}
	const sv = /\.(tsv|csv)$/i.test(file);
	const r = await source.readResult(file, sv ? Number.MAX_SAFE_INTEGER : MAX_STRUCTURED_PLOT_BYTES);
	if (!r.ok) {
		return r.missing ? undefined : { table: toSeriesTable([], file), errors: [{ file, message: r.error }] };
	}
	// Large tables are parsed in the parse worker and come back as transferred typed arrays.
	return parseAsync({ kind: 'table', bytes: r.data, file });
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
