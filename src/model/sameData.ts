/**
 * Structural equality of experiment data, for change detection between two snapshots. It replaces
 * comparing `JSON.stringify` output, which built a string of every value of every experiment on
 * each rebuild (a row holding 100 k metrics took hundreds of ms in one block). Here shared
 * sub-objects (commit data is cached, so most are) compare by identity at once, and a large
 * difference search is walked step by step, yielding between slices.
 *
 * Equal means what equal JSON meant, with NaN made exact: key order matters, keys whose value is
 * `undefined` count as absent, NaN equals NaN (JSON wrote both as null) and differs from null.
 */
import { TimeSlicer } from '../util/slice';

/** Values compared between two looks at the clock. */
const STEPS_PER_CHECK = 2048;

type Container = Record<string, unknown> | unknown[];

interface Frame {
	a: Container;
	b: Container;
	/** Object keys to visit, or undefined for an array's indices. */
	keys: string[] | undefined;
	next: number;
	end: number;
}

function definedKeys(o: Record<string, unknown>): string[] {
	return Object.keys(o).filter((k) => o[k] !== undefined);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
	if (a.length !== b.length) {
		return false;
	}
	for (let i = 0; i < a.length; i++) {
		if (a[i] !== b[i]) {
			return false;
		}
	}
	return true;
}

/** The keys both objects show in JSON, or undefined when those differ. */
function keysOf(a: Record<string, unknown>, b: Record<string, unknown>): string[] | undefined {
	const ka = Object.keys(a);
	if (sameKeys(ka, Object.keys(b))) {
		return ka;
	}
	const da = definedKeys(a);
	return sameKeys(da, definedKeys(b)) ? da : undefined;
}

/** A depth-first walk with an explicit stack, so it can stop after any value and resume later. */
class Walk {
	private readonly stack: Frame[] = [];
	private verdict: boolean | undefined;

	constructor(a: unknown, b: unknown) {
		this.visit(a, b);
	}

	/** Compares up to `steps` values: true/false when decided, undefined when more remain. */
	run(steps: number): boolean | undefined {
		const stack = this.stack;
		while (this.verdict === undefined && stack.length > 0 && steps-- > 0) {
			const top = stack[stack.length - 1];
			if (top.next === top.end) {
				stack.pop();
				continue;
			}
			const i = top.next++;
			if (top.keys) {
				const k = top.keys[i];
				this.visit((top.a as Record<string, unknown>)[k], (top.b as Record<string, unknown>)[k]);
			} else {
				this.visit((top.a as unknown[])[i], (top.b as unknown[])[i]);
			}
		}
		return this.verdict ?? (stack.length === 0 ? true : undefined);
	}

	private visit(a: unknown, b: unknown): void {
		if (a === b || (typeof a === 'number' && typeof b === 'number' && a !== a && b !== b)) {
			return;
		}
		if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
			this.verdict = false;
			return;
		}
		if (Array.isArray(a) || Array.isArray(b)) {
			if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
				this.verdict = false;
				return;
			}
			this.stack.push({ a, b, keys: undefined, next: 0, end: a.length });
			return;
		}
		const keys = keysOf(a as Record<string, unknown>, b as Record<string, unknown>);
		if (!keys) {
			this.verdict = false;
			return;
		}
		this.stack.push({ a: a as Container, b: b as Container, keys, next: 0, end: keys.length });
	}
}

/** Whether two JSON-like values are equal (see the file comment); yields through `slicer`. */
export async function sameData(a: unknown, b: unknown, slicer: TimeSlicer = new TimeSlicer()): Promise<boolean> {
	const walk = new Walk(a, b);
	for (;;) {
		const verdict = walk.run(STEPS_PER_CHECK);
		if (verdict !== undefined) {
			return verdict;
		}
		await slicer.pause();
	}
}
