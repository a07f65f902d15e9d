/**
 * Number parsing of one TSV/CSV cell straight from the decoded text, without slicing a string in
 * the common case. Accepts what Python's `float()` accepts for DVCLive output: decimal/exponent
 * forms, an optional sign, surrounding spaces, `nan`, `inf`, `infinity` in any case. Anything else
 * (including an empty cell) is NaN.
 */

export const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) {
	POW10.push(p);
}

const FLOAT_RE = /^\s*[+-]?(?:\d(?:_?\d)*\.?(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?\s*$/;
const SPECIAL_RE = /^\s*([+-]?)(nan|inf|infinity)\s*$/i;

/**
 * Fast path: `[-]digits[.digits]` with at most 15 significant digits is exact as m / 10^k
 * (both exactly representable, so one IEEE division rounds correctly, as Number() would).
 */
export function parseCellNumber(s: string, start: number, end: number): number {
	let i = start;
	let neg = false;
	let c = s.charCodeAt(i);
	if (c === 45) {
		neg = true;
		c = s.charCodeAt(++i);
	}
	let mant = 0;
	let digits = 0;
	let frac = 0;
	let dot = false;
	for (; i < end; c = s.charCodeAt(++i)) {
		if (c >= 48 && c <= 57) {
			mant = mant * 10 + (c - 48);
			digits++;
			if (dot) {
				frac++;
			}
		} else if (c === 46 && !dot) {
			dot = true;
		} else {
			return slowCellNumber(s.slice(start, end));
		}
	}
	if (digits === 0 || digits > 15) {
		return slowCellNumber(s.slice(start, end));
	}
	const v = frac === 0 ? mant : mant / POW10[frac];
	return neg ? -v : v;
}

export function slowCellNumber(cell: string): number {
	if (FLOAT_RE.test(cell)) {
		return Number(cell.replace(/_/g, ''));
	}
	const m = SPECIAL_RE.exec(cell);
	if (!m) {
		return NaN;
	}
	if (m[2].toLowerCase() === 'nan') {
		return NaN;
	}
	return m[1] === '-' ? -Infinity : Infinity;
}
