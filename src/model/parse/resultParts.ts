/**
 * Large flattened results (params and metrics with 100 k keys) cross from the parse worker in
 * parts: a structured clone is rebuilt on the receiving thread in one go, and one message of 100 k
 * keys blocked the main thread for 200–400 ms. The pool asks for each next part only after taking
 * the previous one, so other work runs between parts (messages already queued would all be read
 * in one turn). Splitting and merging keep keys, their order and every value as they were.
 */
import type { FlatValues, ParamValue, Result } from '../types';
import type { ParseTask } from './parseTasks';

/** Cost units per part: cloning and merging one took 5–25 ms on a loaded 2-core machine. */
export const PART_UNITS = 2048;

/** Roughly what cloning a value costs: a unit per key, list item and 1 kB of string (counted up to `cap`). */
function cloneCost(v: ParamValue, cap: number): number {
	if (typeof v === 'string') {
		return 1 + (v.length >> 10);
	}
	if (typeof v !== 'object' || v === null) {
		return 1;
	}
	let units = 1;
	for (const item of Array.isArray(v) ? v : Object.values(v)) {
		units += cloneCost(item, cap - units);
		if (units >= cap) {
			break;
		}
	}
	return units;
}

/** `__proto__` read from a file is a key like any other, never a prototype. */
function put(into: FlatValues, key: string, value: ParamValue): void {
	if (key === '__proto__') {
		Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
	} else {
		into[key] = value;
	}
}

/** A run of consecutive keys: two arrays clone faster than an object (no key hashing on arrival). */
export interface FlatPart {
	keys: string[];
	values: ParamValue[];
}

/** Consecutive parts of `values` (at least one), each of about `units` clone cost. */
export function splitFlat(values: FlatValues, units = PART_UNITS): FlatPart[] {
	const parts: FlatPart[] = [];
	let part: FlatPart = { keys: [], values: [] };
	let used = 0;
	for (const key of Object.keys(values)) {
		if (used >= units) {
			parts.push(part);
			part = { keys: [], values: [] };
			used = 0;
		}
		part.keys.push(key);
		part.values.push(values[key]);
		used += cloneCost(values[key], units);
	}
	parts.push(part);
	return parts;
}

/** Appends a part's keys to the values received so far, in order. */
export function mergeFlat(into: FlatValues, part: FlatPart): void {
	for (let i = 0; i < part.keys.length; i++) {
		put(into, part.keys[i], part.values[i]);
	}
}

/**
 * A task's result ready to send: flattened values too big for one part go as an empty record plus
 * `rest`, the parts to merge into it. Every other result goes whole.
 */
export function splitResult(task: ParseTask, result: unknown): { result: unknown; rest: FlatPart[] } {
	if (task.kind !== 'flatParams' && task.kind !== 'metrics') {
		return { result, rest: [] };
	}
	const r = result as Result<FlatValues>;
	const parts = r.ok ? splitFlat(r.value) : [];
	return parts.length > 1 ? { result: { ...r, value: {} }, rest: parts } : { result, rest: [] };
}
