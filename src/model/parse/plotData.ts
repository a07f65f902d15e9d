/**
 * Plot data file loading as DVC does it (`parse` / `_load_sv` in `dvc/repo/plots/__init__.py`) and
 * datapoint discovery as dvc's renderer does it (`get_datapoints` in `dvc/render/converter/vega.py`).
 */
import type { Result, SeriesTable } from '../types';
import { fail, ok } from '../types';
import { slowCellNumber } from './cellNumber';
import { readQuotedRecord } from './tableRecord';
import { isPlainObject, parseStructured } from './structured';

export type PlotRow = Record<string, string | number>;

/** DVC's `ImageRenderer.EXTENSIONS`; matched case-sensitively, as `os.path.splitext` is. */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.gif', '.png', '.svg']);
const DATA_EXTENSIONS = new Set(['.toml', '.json', '.py', '.yml', '.yaml', '.csv', '.tsv']);

export function extOf(path: string): string {
	const base = path.slice(path.lastIndexOf('/') + 1);
	const dot = base.lastIndexOf('.');
	return dot > 0 ? base.slice(dot) : '';
}

export function isImageFile(path: string): boolean {
	return IMAGE_EXTENSIONS.has(extOf(path));
}

export function isPlotDataFile(path: string): boolean {
	return DATA_EXTENSIONS.has(extOf(path));
}

export function parsePlotData(
	bytes: Uint8Array,
	file: string,
	props?: { header?: boolean },
): Result<{ rows: PlotRow[] }> {
	const ext = extOf(file);
	if (IMAGE_EXTENSIONS.has(ext)) {
		return fail(`'${file}' is an image plot: its bytes are shown as they are, not parsed`);
	}
	if (!DATA_EXTENSIONS.has(ext)) {
		return fail(
			`'${file}' - file type error\nOnly JSON, YAML, CSV and TSV formats are supported: not a plot/metric type`,
		);
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return fail(`'${file}' is not valid UTF-8`);
	}
	if (ext === '.csv' || ext === '.tsv') {
		return ok({ rows: loadSv(text, ext === '.tsv' ? '\t' : ',', props?.header ?? true) });
	}
	const parsed = parseStructured(text, file);
	if (!parsed.ok) {
		return parsed;
	}
	if (!Array.isArray(parsed.value) && !isPlainObject(parsed.value)) {
		return fail(`'${file}': plot data must be a list or an object`);
	}
	return ok({ rows: getDatapoints(parsed.value) });
}

/**
 * `csv.DictReader` rows (all values strings, blank lines skipped), then `get_datapoints`. Python
 * puts extra fields under a `None` key, so the list stops being datapoints when only some rows have
 * extras (the file then yields no rows, as in DVC); we drop that key and DVC's `None` values of
 * missing fields (chart cells are strings or numbers).
 * Deviation: with `header: false` DVC counts the first row's fields with `,` even for TSV (a bug);
 * we count with the file's own delimiter.
 */
function loadSv(text: string, delimiter: string, header: boolean): PlotRow[] {
	const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, delimiter);
	if (records.length === 0) {
		return [];
	}
	const names = header ? (records.shift() as string[]) : records[0].map((_c, i) => String(i));
	const extras = records.map((cells) => cells.length > names.length);
	if (extras.some((e) => e !== extras[0])) {
		return [];
	}
	return records.map((cells) => {
		const row: PlotRow = {};
		cells.slice(0, names.length).forEach((c, i) => (row[names[i]] = c));
		return row;
	});
}

function splitRecords(text: string, delimiter: string): string[][] {
	const s = text.endsWith('\n') ? text : `${text}\n`;
	const delim = delimiter.charCodeAt(0);
	const out: string[][] = [];
	let pos = 0;
	while (pos < s.length) {
		const rec = readQuotedRecord(s, pos, delim);
		if (rec === undefined) {
			// Unterminated quote: Python's csv takes the rest of the file as the field.
			out.push(s.slice(pos).replace(/\n$/, '').split(delimiter));
			break;
		}
		const blank = rec.cells.length === 1 && rec.cells[0] === '' && rec.next - pos <= 2;
		if (!blank) {
			out.push(rec.cells);
		}
		pos = rec.next;
	}
	return out;
}

/** `_lists`: the blob itself if a list, else every list value found by walking nested objects (not lists). */
function* lists(blob: unknown): Generator<unknown[]> {
	if (Array.isArray(blob)) {
		yield blob;
		return;
	}
	if (!isPlainObject(blob)) {
		return;
	}
	for (const value of Object.values(blob)) {
		if (Array.isArray(value)) {
			yield value;
		} else if (isPlainObject(value)) {
			yield* lists(value);
		}
	}
}

/** `_is_datapoints`: all objects, and the first one's keys equal the union of all keys (an empty list is none). */
function isDatapoints(list: unknown[]): list is Record<string, unknown>[] {
	if (list.length === 0 || !list.every(isPlainObject)) {
		return false;
	}
	const first = new Set(Object.keys(list[0]));
	return list.every((item) => Object.keys(item as object).every((k) => first.has(k)));
}

/** Every list of datapoints, merged by index (how `{"roc": [...]}` and sibling lists combine). */
export function getDatapoints(content: unknown): PlotRow[] {
	const result: PlotRow[] = [];
	for (const list of lists(content)) {
		if (!isDatapoints(list)) {
			continue;
		}
		list.forEach((dp, index) => {
			const row = (result[index] ??= {});
			for (const [k, v] of Object.entries(dp)) {
				setCell(row, k, v);
			}
		});
	}
	return result;
}

/** Chart cells are strings or numbers: null is left out, booleans read as `true`/`false`, nested values as JSON. */
function setCell(row: PlotRow, key: string, v: unknown): void {
	if (typeof v === 'number' || typeof v === 'string') {
		row[key] = v;
	} else if (typeof v === 'boolean') {
		row[key] = v ? 'true' : 'false';
	} else if (v === null || v === undefined) {
		delete row[key];
	} else {
		row[key] = JSON.stringify(v);
	}
}

/** Columnar numeric form of datapoints (string cells parsed like TSV cells; missing cells NaN). */
export function toSeriesTable(rows: readonly PlotRow[], file: string): SeriesTable {
	const columns: string[] = [];
	const data: Record<string, Float64Array> = {};
	rows.forEach((row, i) => {
		for (const [k, v] of Object.entries(row)) {
			if (!(k in data)) {
				columns.push(k);
				data[k] = new Float64Array(rows.length).fill(NaN);
			}
			data[k][i] = typeof v === 'number' ? v : slowCellNumber(v);
		}
	});
	return { file, columns, data, length: rows.length };
}
