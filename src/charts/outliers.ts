/**
 * "Ignore outliers": y bounds at the 5th and 95th percentile of all finite values (MLflow and W&B
 * semantics), linear interpolation between closest ranks (numpy's default).
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
	const n = sorted.length;
	if (n === 0) {
		return NaN;
	}
	const rank = (p / 100) * (n - 1);
	const lo = Math.floor(rank);
	const hi = Math.min(lo + 1, n - 1);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Bounds over several columns (each valid in [0, length)); undefined when nothing is finite. */
export function outlierBounds(
	columns: { values: ArrayLike<number>; length: number }[],
	low = 5,
	high = 95,
): [number, number] | undefined {
	let n = 0;
	for (const c of columns) {
		n += c.length;
	}
	const all = new Float64Array(n);
	let k = 0;
	for (const { values, length } of columns) {
		for (let i = 0; i < length; i++) {
			if (Number.isFinite(values[i])) {
				all[k++] = values[i];
			}
		}
	}
	if (k === 0) {
		return undefined;
	}
	const values = all.subarray(0, k);
	return [selectPercentile(values, low), selectPercentile(values, high)];
}

/** Same value as `percentile` on the sorted array, in linear time (quickselect, reorders `values`). */
export function selectPercentile(values: Float64Array, p: number): number {
	const rank = (p / 100) * (values.length - 1);
	const lo = Math.floor(rank);
	const a = select(values, lo);
	if (lo + 1 >= values.length || rank === lo) {
		return a;
	}
	// After select, everything right of `lo` is >= a: the next order statistic is their minimum.
	let b = Infinity;
	for (let i = lo + 1; i < values.length; i++) {
		b = Math.min(b, values[i]);
	}
	return a + (b - a) * (rank - lo);
}

function select(v: Float64Array, k: number): number {
	let left = 0;
	let right = v.length - 1;
	while (right > left) {
		const pivot = median3(v[left], v[(left + right) >> 1], v[right]);
		let i = left;
		let j = right;
		while (i <= j) {
			while (v[i] < pivot) {
				i++;
			}
			while (v[j] > pivot) {
				j--;
			}
			if (i <= j) {
				const t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j) {
			right = j;
		} else if (k >= i) {
			left = i;
		} else {
			break;
		}
	}
	return v[k];
}

function median3(a: number, b: number, c: number): number {
	return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
