import type { ParamValue } from '../model/types';
import type { SortLevel } from '../shared/tableProtocol';

/**
 * Value ordering of the table: numbers numerically (NaN after every number), booleans false before
 * true, text in natural order (`run-2` before `run-10`); across types numbers, booleans, then text.
 * Missing values (and null) sort last in both directions, NaN just before them, so "best first"
 * never starts with blanks.
 */

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function rank(v: ParamValue): number {
	if (typeof v === 'number') {
		return Number.isNaN(v) ? 1 : 0;
	}
	if (typeof v === 'boolean') {
		return 2;
	}
	return typeof v === 'string' ? 3 : 4;
}

/** Compares two present values ascending. */
export function compareValues(a: ParamValue, b: ParamValue): number {
	const ra = rank(a);
	const rb = rank(b);
	if (ra !== rb) {
		return ra - rb;
	}
	if (typeof a === 'number' && typeof b === 'number') {
		return ra === 1 ? 0 : a === b ? 0 : a < b ? -1 : 1;
	}
	if (typeof a === 'boolean' && typeof b === 'boolean') {
		return Number(a) - Number(b);
	}
	return collator.compare(typeof a === 'string' ? a : JSON.stringify(a), typeof b === 'string' ? b : JSON.stringify(b));
}

function isMissing(v: ParamValue | undefined): v is undefined | null {
	return v === undefined || v === null;
}

/** One sort level: missing last whatever the direction. */
export function compareLevel(a: ParamValue | undefined, b: ParamValue | undefined, descending: boolean): number {
	const ma = isMissing(a);
	const mb = isMissing(b);
	if (ma || mb) {
		return Number(ma) - Number(mb);
	}
	// NaN, like missing, stays after every number in both directions.
	const na = typeof a === 'number' && Number.isNaN(a);
	const nb = typeof b === 'number' && Number.isNaN(b);
	if (na !== nb) {
		return na ? 1 : -1;
	}
	const c = compareValues(a, b);
	return descending ? -c : c;
}

/**
 * Sorts items by the levels in order (shift-click adds a level), optionally starred first; ties
 * keep their incoming order (the tree's order), as Array.prototype.sort is stable.
 */
export function sortBy<T>(
	items: readonly T[],
	levels: readonly SortLevel[],
	value: (item: T, column: string) => ParamValue | undefined,
	starred?: (item: T) => boolean,
): T[] {
	if (levels.length === 0 && !starred) {
		return [...items];
	}
	// Values are read once per item and level, not once per comparison.
	const keyed = items.map((item) => ({
		item,
		star: starred?.(item) ?? false,
		keys: levels.map((l) => value(item, l.column)),
	}));
	keyed.sort((x, y) => {
		if (x.star !== y.star) {
			return x.star ? -1 : 1;
		}
		for (let i = 0; i < levels.length; i++) {
			const c = compareLevel(x.keys[i], y.keys[i], levels[i].descending);
			if (c !== 0) {
				return c;
			}
		}
		return 0;
	});
	return keyed.map((k) => k.item);
}

/** Header click: toggles ascending -> descending -> off; `add` (shift) keeps the other levels. */
export function nextSort(levels: readonly SortLevel[], column: string, add: boolean): SortLevel[] {
	const current = levels.find((l) => l.column === column);
	const others = add ? levels.filter((l) => l.column !== column) : [];
	if (!current) {
		return [...others, { column, descending: false }];
	}
	if (!current.descending) {
		return add
			? levels.map((l) => (l.column === column ? { column, descending: true } : l))
			: [{ column, descending: true }];
	}
	return others;
}
