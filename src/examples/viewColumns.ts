import type { Column } from './columns';

/**
 * Columns of the joined view. The view's rows are a "base" set (one per metrics row at the
 * selected step, or one per example when two experiments are compared); each view column reads
 * its value for a base row through an index array, and materialises a sort key only on demand.
 */

export type CellValue = string | number | boolean | null;

export interface ViewColumnInfo {
	id: string;
	name: string;
	kind: 'num' | 'str';
	/** `foreign`: dataset column; `a`/`b`: metrics of the first/second experiment; `delta`: b − a. */
	source: 'id' | 'foreign' | 'a' | 'b' | 'delta';
	image?: boolean;
}

export interface ViewColumn {
	info: ViewColumnInfo;
	value(i: number): CellValue;
	/** Number for numeric columns; NaN when missing. */
	num(i: number): number;
	/** Text as shown, for filtering. */
	text(i: number): string;
	/** Sort key per base row: the number, or the rank of the text; NaN sorts last. */
	sortKeys(): Float64Array;
}

/** A column read through `rows[i]` (−1: no row, so empty). */
export function indirectColumn(
	info: ViewColumnInfo,
	column: Column,
	rows: Int32Array | Float64Array,
	limit: number,
	n: number,
): ViewColumn {
	const valid = (i: number): number => {
		const r = rows[i];
		return r >= 0 && r < limit ? r : -1;
	};
	if (column.type === 'str') {
		const { codes, dict } = column;
		const code = (i: number): number => {
			const r = valid(i);
			return r < 0 ? 0 : codes[r];
		};
		return {
			info,
			value: (i) => dict[code(i)],
			num: () => NaN,
			text: (i) => dict[code(i)],
			sortKeys: () => {
				const ranks = dictRanks(dict);
				const keys = new Float64Array(n);
				for (let i = 0; i < n; i++) {
					keys[i] = ranks[code(i)];
				}
				return keys;
			},
		};
	}
	const { values } = column;
	const num = (i: number): number => {
		const r = valid(i);
		return r < 0 ? NaN : values[r];
	};
	return numericColumn(info, n, num, column.type === 'bool');
}

export function numericColumn(info: ViewColumnInfo, n: number, num: (i: number) => number, bool = false): ViewColumn {
	const value = (i: number): CellValue => {
		const v = num(i);
		return v !== v ? null : bool ? v !== 0 : v;
	};
	return {
		info,
		value,
		num,
		text: (i) => {
			const v = value(i);
			return v === null ? '' : String(v);
		},
		sortKeys: () => {
			const keys = new Float64Array(n);
			for (let i = 0; i < n; i++) {
				keys[i] = num(i);
			}
			return keys;
		},
	};
}

/** Rank of every dictionary entry in text order; the empty string (missing) ranks NaN so it sorts last. */
function dictRanks(dict: string[]): Float64Array {
	const order = dict.map((_, i) => i).sort((x, y) => (dict[x] < dict[y] ? -1 : dict[x] > dict[y] ? 1 : 0));
	const ranks = new Float64Array(dict.length);
	order.forEach((code, rank) => (ranks[code] = rank));
	ranks[0] = NaN;
	return ranks;
}

export type Predicate = (column: ViewColumn, i: number) => boolean;

const COMPARISON = /^(>=|<=|!=|==|=|>|<)\s*(-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/;
const REGEX = /^\/(.+)\/([imsu]*)$/;

/**
 * A filter expression: `>0.5`, `<=3`, `=2`, `!=0` compare numbers; `/re/i` is a regular
 * expression; anything else is a case-insensitive substring. Returns an error text for a bad regex.
 */
export function compileFilter(expr: string): Predicate | string | undefined {
	const text = expr.trim();
	if (text === '') {
		return undefined;
	}
	const cmp = COMPARISON.exec(text);
	if (cmp) {
		return comparison(cmp[1], Number(cmp[2]));
	}
	const re = REGEX.exec(text);
	if (re) {
		try {
			const regex = new RegExp(re[1], re[2]);
			return (c, i) => regex.test(c.text(i));
		} catch (err) {
			return `invalid regular expression: ${(err as Error).message}`;
		}
	}
	const needle = text.toLowerCase();
	return (c, i) => c.text(i).toLowerCase().includes(needle);
}

function comparison(op: string, x: number): Predicate {
	const test: Record<string, (v: number) => boolean> = {
		'>': (v) => v > x,
		'<': (v) => v < x,
		'>=': (v) => v >= x,
		'<=': (v) => v <= x,
		'=': (v) => v === x,
		'==': (v) => v === x,
		'!=': (v) => v !== x,
	};
	const f = test[op];
	return (c, i) => c.info.kind === 'num' && f(c.num(i));
}
