/**
 * `${...}` interpolation of dvc.yaml values, after `dvc/parsing/interpolate.py` and `context.py`:
 * an exact `${expr}` becomes the selected value itself, a `${expr}` inside text becomes its string
 * form (`true`/`false` for booleans, Python's `str()` for numbers); `\${` escapes. Expressions are
 * dotted paths with optional `[index]` parts. Not supported: DVC's `--key value` rendering of a
 * dict inside `cmd` (we never interpolate `cmd`).
 */
import type { ParamValue } from '../types';

export type Context = Record<string, ParamValue>;

export class InterpolationError extends Error {}

const KEYCRE = /(?<!\\)\$\{(.*?)\}/g;

export function hasInterpolation(s: string): boolean {
	KEYCRE.lastIndex = 0;
	return KEYCRE.test(s);
}

/** Recursively resolves strings (dict keys too), as `Context.resolve` does. */
export function resolveValue(value: unknown, ctx: Context): unknown {
	if (typeof value === 'string') {
		return resolveString(value, ctx);
	}
	if (Array.isArray(value)) {
		return value.map((v) => resolveValue(v, ctx));
	}
	if (typeof value === 'object' && value !== null) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) {
			out[String(resolveValue(k, ctx))] = resolveValue(v, ctx);
		}
		return out;
	}
	return value;
}

export function resolveString(src: string, ctx: Context): unknown {
	const matches = [...src.matchAll(KEYCRE)];
	if (matches.length === 0) {
		return src;
	}
	if (matches.length === 1 && matches[0][0] === src) {
		return select(ctx, matches[0][1]);
	}
	let out = '';
	let index = 0;
	for (const m of matches) {
		const value = select(ctx, m[1]);
		if (value !== null && typeof value === 'object') {
			throw new InterpolationError(`Cannot interpolate data of type '${Array.isArray(value) ? 'list' : 'dict'}'`);
		}
		out += src.slice(index, m.index) + toStr(value);
		index = (m.index ?? 0) + m[0].length;
	}
	return (out + src.slice(index)).replaceAll('\\${', '${');
}

/** `Context.select`: `a.b[0].c` (brackets read as dots), list parts as integer indices. */
export function select(ctx: Context, expr: string): ParamValue {
	const key = expr.trim();
	if (key === '') {
		throw new InterpolationError(`Could not parse empty expression '\${${expr}}'`);
	}
	const parts = key.replace(/\[/g, '.').replace(/\]/g, '').split('.');
	let node: ParamValue | undefined = ctx;
	for (const raw of parts) {
		const part = raw.trim();
		if (Array.isArray(node) && /^-?\d+$/.test(part)) {
			node = node[Number(part) < 0 ? node.length + Number(part) : Number(part)];
		} else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, part)) {
			node = node[part];
		} else {
			node = undefined;
		}
		if (node === undefined) {
			throw new InterpolationError(`Could not find '${key}'`);
		}
	}
	return node;
}

export function toStr(v: ParamValue): string {
	if (typeof v === 'boolean') {
		return v ? 'true' : 'false';
	}
	if (v === null) {
		return 'None';
	}
	if (typeof v === 'number') {
		return pyNumberStr(v);
	}
	return v as string;
}

/**
 * Python's `str(float)` (repr): shortest round-trip digits, fixed notation when the exponent is in
 * [-4, 16), else `d.ddde-05` style. JS numbers do not remember int vs float: `1.0` prints as `1`.
 */
export function pyNumberStr(n: number): string {
	if (Number.isNaN(n)) {
		return 'nan';
	}
	if (!Number.isFinite(n)) {
		return n > 0 ? 'inf' : '-inf';
	}
	if (Number.isInteger(n) && Math.abs(n) < 1e16) {
		return String(n);
	}
	const [mant, expText] = n.toExponential().split('e');
	const exp = Number(expText);
	if (exp >= -4 && exp < 16) {
		return String(n);
	}
	const sign = exp < 0 ? '-' : '+';
	return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Merges a vars dict into the context; DVC refuses to redefine an existing key. */
export function mergeVars(ctx: Context, vars: Record<string, unknown>, source: string): Context {
	const out: Context = { ...ctx };
	for (const [k, v] of Object.entries(vars)) {
		if (Object.hasOwn(ctx, k) && !isMergeable(ctx[k], v)) {
			throw new InterpolationError(`cannot redefine '${k}' from '${source}'`);
		}
		out[k] = isMergeable(ctx[k], v) ? mergeDeep(ctx[k] as Context, v as Context, source) : (v as ParamValue);
	}
	return out;
}

function isMergeable(a: unknown, b: unknown): boolean {
	const isObj = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
	return isObj(a) && isObj(b);
}

function mergeDeep(a: Context, b: Context, source: string): Context {
	return mergeVars(a, b, source);
}
