/**
 * Key flattening as DVC does it (`dvc/utils/flatten.py` = `flatten_dict.flatten(d, reducer="dot")`)
 * and metric leaf filtering (`_extract_metrics` in `dvc/repo/metrics/show.py`).
 */
import type { FlatValues, ParamValue } from '../types';

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `{a: {b: 1}, c: [1, 2], d: {}}` -> `{'a.b': 1, c: [1, 2]}`: lists stay one value, empty objects
 * vanish (flatten_dict's default). A duplicate flat key (`{'a.b': 1, a: {b: 2}}`) makes Python raise;
 * we keep the first instead of failing the whole file.
 */
export function flattenParams(obj: unknown): FlatValues {
	const out: FlatValues = {};
	if (isObject(obj)) {
		flattenInto(obj, undefined, out);
	}
	return out;
}

function flattenInto(obj: Record<string, unknown>, parent: string | undefined, out: FlatValues): void {
	for (const [key, value] of Object.entries(obj)) {
		const flatKey = parent === undefined ? key : `${parent}.${key}`;
		if (isObject(value)) {
			flattenInto(value, flatKey, out);
		} else if (!(flatKey in out)) {
			out[flatKey] = toParamValue(value);
		}
	}
}

function toParamValue(v: unknown): ParamValue {
	if (v === undefined) {
		return null;
	}
	if (typeof v === 'bigint') {
		return Number(v);
	}
	if (Array.isArray(v)) {
		return v.map(toParamValue);
	}
	if (isObject(v)) {
		const out: Record<string, ParamValue> = {};
		for (const [k, val] of Object.entries(v)) {
			out[k] = toParamValue(val);
		}
		return out;
	}
	return v as ParamValue;
}

/** Metrics keep only number, string and bool leaves (Python bool is an int); nulls and lists are dropped. */
export function flattenMetrics(obj: unknown): FlatValues {
	const extracted = extractMetrics(obj);
	return isObject(extracted) ? flattenParams(extracted) : {};
}

type MetricTree = string | number | boolean | { [key: string]: MetricTree };

/**
 * DVC's `_extract_metrics`: scalars kept, objects filtered recursively (a key whose filtered value is
 * `None` or `{}` is dropped), anything else (list, null) is `undefined`.
 */
export function extractMetrics(v: unknown): MetricTree | undefined {
	if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {
		return v;
	}
	if (typeof v === 'bigint') {
		return Number(v);
	}
	if (!isObject(v)) {
		return undefined;
	}
	const out: Record<string, MetricTree> = {};
	for (const [key, val] of Object.entries(v)) {
		const m = extractMetrics(val);
		if (m !== undefined && !(isObject(m) && Object.keys(m).length === 0)) {
			out[key] = m;
		}
	}
	return out;
}

/** Inverse of flattening: splits keys on `.` (ambiguous for keys containing dots, as in DVC). */
export function unflatten(flat: FlatValues): Record<string, ParamValue> {
	const out: Record<string, ParamValue> = {};
	for (const [key, value] of Object.entries(flat)) {
		const parts = key.split('.');
		let node: Record<string, ParamValue> = out;
		for (const part of parts.slice(0, -1)) {
			const next = node[part];
			if (!isObject(next)) {
				node[part] = {};
			}
			node = node[part] as Record<string, ParamValue>;
		}
		node[parts[parts.length - 1]] = value;
	}
	return out;
}

/**
 * The subset of a params file a stage tracks (`read_param_file` with key paths: dpath search on
 * `.`-separated paths, merged). Missing keys are simply absent, as in DVC.
 */
export function selectParams(obj: unknown, keys: readonly string[]): Record<string, ParamValue> {
	const out: Record<string, ParamValue> = {};
	if (!isObject(obj)) {
		return out;
	}
	for (const key of new Set(keys)) {
		const parts = key.split('.');
		let node: unknown = obj;
		for (const part of parts) {
			node = isObject(node) && Object.hasOwn(node, part) ? node[part] : undefined;
		}
		if (node !== undefined) {
			setPath(out, parts, toParamValue(node));
		}
	}
	return out;
}

function setPath(target: Record<string, ParamValue>, parts: string[], value: ParamValue): void {
	let node = target;
	for (const part of parts.slice(0, -1)) {
		if (!isObject(node[part])) {
			node[part] = {};
		}
		node = node[part];
	}
	node[parts[parts.length - 1]] = value;
}
