import { fullValue } from '../experiments/format';
import type { ParamValue } from '../model/types';
import type { BrushChip, ColumnFilter, FilterOperator } from '../shared/tableProtocol';
import { compareValues } from './sort';

/**
 * Per-column value filters, as the DVC extension offers them: comparisons, contains, missing,
 * true/false and dates (a `YYYY-MM-DD` day, UTC). Filters from the page are untrusted: `parseFilter`
 * rejects unknown operators and values that the operator cannot use, with a message saying why.
 */

export const OPERATORS: readonly FilterOperator[] = [
	'=',
	'≠',
	'<',
	'≤',
	'>',
	'≥',
	'contains',
	'missing',
	'notMissing',
	'true',
	'false',
	'before',
	'after',
	'on',
];

const NO_VALUE = new Set<FilterOperator>(['missing', 'notMissing', 'true', 'false']);
const DATE_OPS = new Set<FilterOperator>(['before', 'after', 'on']);
const DAY_MS = 86_400_000;

export function parseFilter(raw: unknown): { ok: true; filter: ColumnFilter } | { ok: false; error: string } {
	if (typeof raw !== 'object' || raw === null) {
		return { ok: false, error: 'not a filter' };
	}
	const { column, op, value } = raw as Record<string, unknown>;
	if (typeof column !== 'string' || !column) {
		return { ok: false, error: 'a filter needs a column' };
	}
	if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
		return { ok: false, error: `unknown operator ${JSON.stringify(op)}` };
	}
	const operator = op as FilterOperator;
	if (NO_VALUE.has(operator)) {
		return { ok: true, filter: { column, op: operator } };
	}
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) {
		return { ok: false, error: `${operator} needs a value` };
	}
	if (DATE_OPS.has(operator) && dayStart(text) === undefined) {
		return { ok: false, error: `${JSON.stringify(text)} is not a date (YYYY-MM-DD)` };
	}
	return { ok: true, filter: { column, op: operator, value: text } };
}

function dayStart(text: string): number | undefined {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!m) {
		return undefined;
	}
	const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return Number.isNaN(t) ? undefined : t;
}

/** The typed filter value as the cell's kind: a number for numeric cells when it parses as one. */
function operand(cell: ParamValue, text: string): ParamValue {
	if (typeof cell === 'number') {
		const lower = text.toLowerCase();
		if (lower === 'nan') {
			return NaN;
		}
		if (lower === 'inf' || lower === 'infinity') {
			return Infinity;
		}
		if (lower === '-inf' || lower === '-infinity') {
			return -Infinity;
		}
		const n = Number(text);
		return text !== '' && !Number.isNaN(n) ? n : text;
	}
	if (typeof cell === 'boolean' && (text === 'true' || text === 'false')) {
		return text === 'true';
	}
	return text;
}

function equal(cell: ParamValue, text: string): boolean {
	const v = operand(cell, text);
	if (typeof cell === 'number' && typeof v === 'number') {
		return cell === v || (Number.isNaN(cell) && Number.isNaN(v));
	}
	return typeof cell === 'boolean' && typeof v === 'boolean' ? cell === v : fullValue(cell) === text;
}

function ordered(cell: ParamValue, text: string, test: (c: number) => boolean): boolean {
	const v = operand(cell, text);
	// NaN is neither smaller nor larger than anything, as in DVC's own filters.
	if (typeof cell === 'number' && (typeof v !== 'number' || Number.isNaN(cell) || Number.isNaN(v))) {
		return false;
	}
	return test(compareValues(cell, v));
}

function dateTest(cell: ParamValue, op: FilterOperator, text: string): boolean {
	const start = dayStart(text);
	if (typeof cell !== 'number' || start === undefined) {
		return false;
	}
	return op === 'before'
		? cell < start
		: op === 'after'
			? cell >= start + DAY_MS
			: cell >= start && cell < start + DAY_MS;
}

export function matchesFilter(cell: ParamValue | undefined, filter: ColumnFilter): boolean {
	const missing = cell === undefined || cell === null;
	if (filter.op === 'missing' || filter.op === 'notMissing') {
		return missing === (filter.op === 'missing');
	}
	if (missing) {
		return false;
	}
	const text = filter.value ?? '';
	switch (filter.op) {
		case 'true':
		case 'false':
			return cell === (filter.op === 'true') || fullValue(cell).toLowerCase() === filter.op;
		case '=':
			return equal(cell, text);
		case '≠':
			return !equal(cell, text);
		case '<':
			return ordered(cell, text, (c) => c < 0);
		case '≤':
			return ordered(cell, text, (c) => c <= 0);
		case '>':
			return ordered(cell, text, (c) => c > 0);
		case '≥':
			return ordered(cell, text, (c) => c >= 0);
		case 'contains':
			return fullValue(cell).toLowerCase().includes(text.toLowerCase());
		case 'before':
		case 'after':
		case 'on':
			return dateTest(cell, filter.op, text);
	}
}

/** A parallel-coordinates brush keeps rows whose number lies in [min, max]. */
export function matchesBrush(cell: ParamValue | undefined, brush: BrushChip): boolean {
	return typeof cell === 'number' && cell >= brush.min && cell <= brush.max;
}

export function describeFilter(f: ColumnFilter): string {
	return f.value === undefined ? `${f.column} ${f.op}` : `${f.column} ${f.op} ${f.value}`;
}
