/**
 * Stable argsort of float keys by LSD radix sort on their bit patterns. A comparator sort of a
 * Uint32Array takes over a second for 1 M rows in V8; four 16-bit counting passes take tens of ms.
 * Missing values (NaN) always sort last, whichever the direction.
 */

const RADIX = 1 << 16;

/** Returns `order` (indices into `keys`) rearranged so that keys ascend (or descend); ties keep their order. */
export function argsort(keys: Float64Array, order: Uint32Array, descending = false): Uint32Array {
	const n = order.length;
	let hi = new Uint32Array(n);
	let lo = new Uint32Array(n);
	fillSortable(keys, order, descending, hi, lo);
	let idx = order.slice();
	let idxTmp = new Uint32Array(n);
	let hiTmp = new Uint32Array(n);
	let loTmp = new Uint32Array(n);
	const count = new Uint32Array(RADIX);
	for (let pass = 0; pass < 4; pass++) {
		const source = pass < 2 ? lo : hi;
		const shift = pass % 2 === 0 ? 0 : 16;
		if (!histogram(source, shift, count)) {
			continue;
		}
		for (let i = 0; i < n; i++) {
			const d = (source[i] >>> shift) & 0xffff;
			const at = count[d]++;
			idxTmp[at] = idx[i];
			hiTmp[at] = hi[i];
			loTmp[at] = lo[i];
		}
		[idx, idxTmp] = [idxTmp, idx];
		[hi, hiTmp] = [hiTmp, hi];
		[lo, loTmp] = [loTmp, lo];
	}
	return idx;
}

/** Maps each key to a uint64 (hi, lo) whose unsigned order is the wanted order. */
function fillSortable(
	keys: Float64Array,
	order: Uint32Array,
	descending: boolean,
	hi: Uint32Array,
	lo: Uint32Array,
): void {
	const one = new Float64Array(1);
	const words = new Uint32Array(one.buffer);
	// Float64Array stores the platform's byte order; find which word holds the sign.
	one[0] = -0;
	const h = words[1] === 0x80000000 ? 1 : 0;
	const l = 1 - h;
	for (let i = 0; i < order.length; i++) {
		const v = keys[order[i]];
		if (v !== v) {
			hi[i] = 0xffffffff;
			lo[i] = 0xffffffff;
			continue;
		}
		one[0] = descending ? -v : v;
		let a = words[h];
		let b = words[l];
		if (a & 0x80000000) {
			a = ~a >>> 0;
			b = ~b >>> 0;
		} else {
			a = (a | 0x80000000) >>> 0;
		}
		// -0 and 0 must tie, and the NaN slot (all ones) must stay above every real number.
		if (one[0] === 0) {
			a = 0x80000000;
			b = 0;
		}
		hi[i] = a;
		lo[i] = b === 0xffffffff && a === 0xffffffff ? 0xfffffffe : b;
	}
}

/** Prefix-summed counts of one 16-bit digit; false when every key has the same digit (pass is a no-op). */
function histogram(source: Uint32Array, shift: number, count: Uint32Array): boolean {
	count.fill(0);
	for (let i = 0; i < source.length; i++) {
		count[(source[i] >>> shift) & 0xffff]++;
	}
	let sum = 0;
	for (let d = 0; d < RADIX; d++) {
		const c = count[d];
		if (c === source.length) {
			return false;
		}
		count[d] = sum;
		sum += c;
	}
	return true;
}
