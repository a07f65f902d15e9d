import type { Result } from '../model/types';
import { fail, ok } from '../model/types';

/**
 * Rows of a dvc.yaml plot data file, keeping strings (class labels, bar categories) that the
 * numeric SeriesTable turns into NaN. Formats as DVC reads them: a JSON array of objects, or a JSON
 * object whose first array value holds the rows (DVCLive's sklearn plots), CSV and TSV with a header.
 *
 * Debt, not folded yet: src/model/parse/plotData.ts (`parsePlotData`) is the model's parser of the
 * same files and gives the same string/number cells, but it behaves as DVC does where this one
 * reports, so moving the chart panel onto it changes what a user sees (test/unit/charts/plots.test.ts
 * pins today's behaviour): a short CSV/TSV row is kept with its missing cells (here: "expected 2
 * fields, found 1" at its line); a JSON list that is not all objects (`[1]`) and an empty YAML file
 * give no rows (here: an error; YAML is not read here at all); a JSON syntax error reads "JSON file
 * structure is corrupted: …" (here: "invalid JSON: …"). The fold is `parsePlotData(bytes, file)`
 * mapped to `.rows`, once the panel is meant to show what DVC shows for such files.
 */
export type PlotRow = Record<string, unknown>;

export function parsePlotRows(file: string, bytes: Uint8Array): Result<PlotRow[]> {
	const text = new TextDecoder('utf-8').decode(bytes);
	const lower = file.toLowerCase();
	if (lower.endsWith('.json')) {
		return parseJsonRows(text);
	}
	if (lower.endsWith('.csv') || lower.endsWith('.tsv')) {
		return parseDelimited(text, lower.endsWith('.tsv') ? '\t' : ',');
	}
	return fail(`unsupported plot data format (expected .json, .csv or .tsv)`);
}

function parseJsonRows(text: string): Result<PlotRow[]> {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (err) {
		return fail(`invalid JSON: ${(err as Error).message}`);
	}
	const list = Array.isArray(data) ? data : firstArray(data);
	if (!list) {
		return fail('no list of data points found');
	}
	const bad = list.findIndex((row) => typeof row !== 'object' || row === null || Array.isArray(row));
	return bad >= 0 ? fail(`data point ${bad + 1} is not an object`) : ok(list as PlotRow[]);
}

function firstArray(data: unknown): unknown[] | undefined {
	if (typeof data !== 'object' || data === null) {
		return undefined;
	}
	return Object.values(data).find((v): v is unknown[] => Array.isArray(v));
}

function parseDelimited(text: string, delimiter: string): Result<PlotRow[]> {
	const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
	if (lines.length === 0) {
		return ok([]);
	}
	const header = splitLine(lines[0], delimiter);
	const rows: PlotRow[] = [];
	for (let i = 1; i < lines.length; i++) {
		const cells = splitLine(lines[i], delimiter);
		if (cells.length !== header.length) {
			return fail(`expected ${header.length} fields, found ${cells.length}`, i + 1);
		}
		rows.push(Object.fromEntries(header.map((h, k) => [h, cells[k]])));
	}
	return ok(rows);
}

function splitLine(line: string, delimiter: string): string[] {
	const out: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') {
				quoted = false;
			} else {
				cell += c;
			}
		} else if (c === '"' && cell === '') {
			quoted = true;
		} else if (c === delimiter) {
			out.push(cell);
			cell = '';
		} else {
			cell += c;
		}
	}
	out.push(cell);
	return out;
}

export function toNumber(value: unknown): number {
	if (typeof value === 'number') {
		return value;
	}
	if (typeof value === 'string' && value.trim() !== '') {
		return Number(value);
	}
	return NaN;
}

/** A cell as display text (class labels, bar categories). */
export function cellText(value: unknown): string {
	if (typeof value === 'string') {
		return value;
	}
	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}
	return value === undefined || value === null ? '' : JSON.stringify(value);
}
