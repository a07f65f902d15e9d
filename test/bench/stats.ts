/** Summary statistics for `npm run bench`: every figure is the median of several runs with min and max. */

export interface Stat {
	median: number;
	min: number;
	max: number;
	runs: number;
}

export interface Percentiles {
	p50: number;
	p95: number;
	min: number;
	max: number;
	samples: number;
}

function sorted(values: readonly number[]): number[] {
	return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
	const s = sorted(values);
	const rank = Math.max(1, Math.ceil((p / 100) * s.length));
	return s[Math.min(s.length, rank) - 1];
}

export function stat(values: readonly number[]): Stat {
	const s = sorted(values);
	const mid = s.length >> 1;
	const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
	return { median, min: s[0], max: s[s.length - 1], runs: s.length };
}

export function percentiles(values: readonly number[]): Percentiles {
	const s = sorted(values);
	return { p50: percentile(s, 50), p95: percentile(s, 95), min: s[0], max: s[s.length - 1], samples: s.length };
}

/**
 * Runs `fn` `runs` times (after `warmup` untimed runs) and summarises each numeric field of its
 * result separately, so one run can measure several figures at once.
 */
export async function repeat<T extends { [K in keyof T]: number }>(
	runs: number,
	fn: () => T | Promise<T>,
	warmup = 0,
): Promise<{ [K in keyof T]: Stat }> {
	for (let i = 0; i < warmup; i++) {
		await fn();
	}
	const samples: T[] = [];
	for (let i = 0; i < runs; i++) {
		samples.push(await fn());
	}
	const keys = Object.keys(samples[0]) as (keyof T)[];
	return Object.fromEntries(keys.map((k) => [k, stat(samples.map((s) => s[k]))])) as { [K in keyof T]: Stat };
}

/** Forces a full collection when node runs with --expose-gc (the bench runner does), so memory deltas are stable. */
export function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	gc?.();
}

export const MB = 2 ** 20;
