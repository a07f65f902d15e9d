/**
 * Host-side sampling of a columnar (x, y) series to about one bucket per pixel over [x0, x1],
 * keeping each bucket's min, max and last point (W&B's "full fidelity"), so spikes survive and the
 * line ends where the run is. The result is a list of row indices in ascending order, so callers
 * can gather x, raw y and smoothed y with the same selection.
 *
 * Rows whose x or y is not finite are skipped (Chart.js cannot draw them). The first and last
 * finite rows inside the range are always kept, as is the nearest finite row just outside each
 * end, so a zoomed line still reaches the chart edges.
 */
export interface Decimated {
	indices: Uint32Array;
	/** Finite rows in [x0, x1]. */
	inRange: number;
	sampled: boolean;
}

export interface DecimateOptions {
	x0?: number;
	x1?: number;
	buckets: number;
}

export function decimate(x: ArrayLike<number>, y: ArrayLike<number>, length: number, opts: DecimateOptions): Decimated {
	const x0 = opts.x0 ?? -Infinity;
	const x1 = opts.x1 ?? Infinity;
	const buckets = Math.max(1, Math.floor(opts.buckets));
	const { inRange, lo, hi, first, before, after } = scan(x, y, length, x0, x1);
	if (inRange <= buckets * 3) {
		return { indices: collectAll(x, y, length, x0, x1, before, after), inRange, sampled: false };
	}
	const left = x[lo];
	const width = x[hi] - left || 1;
	const min = new Int32Array(buckets).fill(-1);
	const max = new Int32Array(buckets).fill(-1);
	const last = new Int32Array(buckets).fill(-1);
	for (let i = 0; i < length; i++) {
		const xi = x[i];
		const yi = y[i];
		if (!(xi >= x0 && xi <= x1) || !Number.isFinite(yi) || !Number.isFinite(xi)) {
			continue;
		}
		const b = Math.min(buckets - 1, Math.floor(((xi - left) / width) * buckets));
		if (min[b] < 0 || yi < y[min[b]]) {
			min[b] = i;
		}
		if (max[b] < 0 || yi > y[max[b]]) {
			max[b] = i;
		}
		last[b] = i;
	}
	// The last row by index is always its bucket's `last`; the first row by index is added here.
	const keep = new Set<number>([lo, hi, first]);
	for (const arr of [min, max, last]) {
		for (const i of arr) {
			if (i >= 0) {
				keep.add(i);
			}
		}
	}
	addIf(keep, before);
	addIf(keep, after);
	const indices = Uint32Array.from(keep).sort();
	return { indices, inRange, sampled: true };
}

function addIf(set: Set<number>, i: number): void {
	if (i >= 0) {
		set.add(i);
	}
}

interface Scan {
	inRange: number;
	lo: number;
	hi: number;
	/** First finite row in range by index. */
	first: number;
	/** Nearest finite row left of x0 / right of x1 (by x), -1 if none. */
	before: number;
	after: number;
}

function scan(x: ArrayLike<number>, y: ArrayLike<number>, length: number, x0: number, x1: number): Scan {
	const s: Scan = { inRange: 0, lo: -1, hi: -1, first: -1, before: -1, after: -1 };
	for (let i = 0; i < length; i++) {
		const xi = x[i];
		if (!Number.isFinite(xi) || !Number.isFinite(y[i])) {
			continue;
		}
		if (xi < x0) {
			if (s.before < 0 || xi >= x[s.before]) {
				s.before = i;
			}
		} else if (xi > x1) {
			if (s.after < 0 || xi < x[s.after]) {
				s.after = i;
			}
		} else {
			s.inRange++;
			if (s.first < 0) {
				s.first = i;
			}
			if (s.lo < 0 || xi < x[s.lo]) {
				s.lo = i;
			}
			if (s.hi < 0 || xi >= x[s.hi]) {
				s.hi = i;
			}
		}
	}
	return s;
}

function collectAll(
	x: ArrayLike<number>,
	y: ArrayLike<number>,
	length: number,
	x0: number,
	x1: number,
	before: number,
	after: number,
): Uint32Array {
	const out: number[] = [];
	for (let i = 0; i < length; i++) {
		const xi = x[i];
		if ((i === before || i === after || (xi >= x0 && xi <= x1)) && Number.isFinite(xi) && Number.isFinite(y[i])) {
			out.push(i);
		}
	}
	return Uint32Array.from(out);
}

/** Gathers `values` at `indices` into a plain array (the form postMessage and Chart.js want). */
export function gather(values: ArrayLike<number>, indices: Uint32Array): number[] {
	const out = new Array<number>(indices.length);
	for (let k = 0; k < indices.length; k++) {
		out[k] = values[indices[k]];
	}
	return out;
}
