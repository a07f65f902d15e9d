/**
 * Metrics/params file loading, chosen by extension exactly like DVC's `dvc/utils/serialize`
 * `LOADERS` (`.json`, `.toml`, `.py`, everything else YAML 1.2), plus the top-level rules of
 * `dvc/repo/metrics/show.py` and `dvc/repo/params/show.py`.
 */
import { parse as parseToml, TomlDate } from 'smol-toml';
import { parseDocument } from 'yaml';
import type { ScalarTag } from 'yaml';
import type { ParamValue, Result } from '../types';
import { fail, ok } from '../types';
import { extractMetrics } from './flatten';
import { jsonErrorOffset } from './jsonErrorPos';
import { parsePythonParams } from './pyParams';

export type StructuredKind = 'json' | 'toml' | 'py' | 'yaml';

export function structuredKindOf(path: string): StructuredKind {
	const base = path.slice(path.lastIndexOf('/') + 1);
	const dot = base.lastIndexOf('.');
	// Python's splitext ignores a leading dot: `.json` alone has no extension.
	const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
	if (ext === '.json') {
		return 'json';
	}
	if (ext === '.toml') {
		return 'toml';
	}
	if (ext === '.py') {
		return 'py';
	}
	return 'yaml';
}

export function parseStructured(text: string, path: string): Result<unknown> {
	try {
		const parsed = parseByKind(text, path);
		return parsed.ok && nestingDepth(parsed.value) > MAX_NESTING ? fail(TOO_DEEP, 1) : parsed;
	} catch (e) {
		// Defence in depth: third-party parsers may throw on inputs we did not foresee.
		return fail(`${path}: ${e instanceof Error ? e.message : String(e)}`);
	}
}

function parseByKind(text: string, path: string): Result<unknown> {
	switch (structuredKindOf(path)) {
		case 'json':
			return parseJsonLikePython(text);
		case 'toml':
			return parseTomlText(text);
		case 'py':
			return parsePythonParams(text);
		default:
			return parseYamlText(text);
	}
}

/**
 * Python's recursion limit (1000) makes DVC fail on documents nested deeper than this; the
 * recursive flatteners here would overflow the stack on far deeper ones (a "JSON bomb").
 */
export const MAX_NESTING = 900;
const TOO_DEEP = `structure is nested more than ${MAX_NESTING} levels deep`;

/** Depth of nested arrays/objects, iteratively (a deep document must not overflow the stack here). */
function nestingDepth(root: unknown): number {
	let max = 0;
	const stack: [unknown, number][] = [[root, 0]];
	while (stack.length) {
		const [v, d] = stack.pop()!;
		if (typeof v !== 'object' || v === null) {
			continue;
		}
		max = Math.max(max, d + 1);
		if (max > MAX_NESTING) {
			return max;
		}
		for (const child of Array.isArray(v) ? v : Object.values(v)) {
			stack.push([child, d + 1]);
		}
	}
	return max;
}

/** A params file: any top-level value that is not an object gives `{}` (DVC's `or {}` + flatten). */
export function parseParamsFile(text: string, path: string): Result<Record<string, ParamValue>> {
	const parsed = parseStructured(text, path);
	if (!parsed.ok) {
		return parsed;
	}
	return ok(isPlainObject(parsed.value) ? (parsed.value as Record<string, ParamValue>) : {});
}

/**
 * A metrics file after DVC's `_extract_metrics`: only int/float/str (and bool) leaves survive,
 * a top-level array gives no metrics. A top-level bare number or string is what `exp show` keys by
 * the file name, so it is returned under `path`.
 */
export function parseMetricsFile(text: string, path: string): Result<Record<string, ParamValue>> {
	const parsed = parseStructured(text, path);
	if (!parsed.ok) {
		return parsed;
	}
	const extracted = extractMetrics(parsed.value);
	if (extracted === undefined || extracted === '' || extracted === 0 || extracted === false) {
		return ok({});
	}
	if (typeof extracted !== 'object') {
		return ok({ [path]: extracted });
	}
	return ok(extracted);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const NON_FINITE = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g;
const SENTINEL = '@@runlens-nonfinite@@:';

/** Python's `json.loads(text) or {}`: also accepts NaN/Infinity/-Infinity, which JSON.parse does not. */
export function parseJsonLikePython(text: string): Result<unknown> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		const replaced = text.replace(NON_FINITE, (m: string, tok?: string) => (tok ? `"${SENTINEL}${tok}"` : m));
		if (replaced === text) {
			return jsonError(text, e);
		}
		try {
			value = JSON.parse(replaced, (_k, v: unknown) =>
				typeof v === 'string' && v.startsWith(SENTINEL) ? nonFinite(v) : v,
			);
		} catch (e2) {
			return jsonError(text, e2);
		}
	}
	return ok(isFalsy(value) ? {} : value);
}

function nonFinite(v: string): number {
	const tok = v.slice(SENTINEL.length);
	return tok === 'NaN' ? NaN : tok.startsWith('-') ? -Infinity : Infinity;
}

function jsonError(text: string, e: unknown): Result<unknown> {
	const message = e instanceof Error ? e.message : String(e);
	const pos = jsonErrorOffset(text);
	const line = pos >= 0 ? lineAt(text, pos) : undefined;
	return fail(`JSON file structure is corrupted: ${message}`, line);
}

export function lineAt(text: string, offset: number): number {
	let line = 1;
	const end = Math.min(offset, text.length);
	for (let i = 0; i < end; i++) {
		if (text.charCodeAt(i) === 10) {
			line++;
		}
	}
	return line;
}

function isFalsy(v: unknown): boolean {
	if (Array.isArray(v)) {
		return v.length === 0;
	}
	if (isPlainObject(v)) {
		return Object.keys(v).length === 0;
	}
	return v === null || v === false || v === 0 || v === '';
}

/** ruamel (DVC's YAML loader) reads `1_000` as an int even in 1.2 mode; the `yaml` core schema does not. */
const underscoreInt: ScalarTag = {
	tag: 'tag:yaml.org,2002:int',
	default: true,
	test: /^[-+]?[0-9][0-9_]*$/,
	resolve: (s: string) => Number(s.replace(/_/g, '')),
};
const underscoreFloat: ScalarTag = {
	tag: 'tag:yaml.org,2002:float',
	default: true,
	test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$/,
	resolve: (s: string) => Number(s.replace(/_/g, '')),
};

function parseYamlText(text: string): Result<unknown> {
	const doc = parseDocument(text, {
		schema: 'core',
		customTags: [underscoreInt, underscoreFloat],
		prettyErrors: false,
	});
	const err = doc.errors[0];
	if (err) {
		return fail(`YAML file structure is corrupted: ${err.message.split('\n')[0]}`, lineAt(text, err.pos[0]));
	}
	const value: unknown = doc.toJS({ maxAliasCount: 1000 });
	return ok(isFalsy(value) ? {} : value);
}

function parseTomlText(text: string): Result<unknown> {
	try {
		return ok(normaliseToml(parseToml(text, { integersAsBigInt: 'asNeeded' })));
	} catch (e) {
		const line = (e as { line?: unknown }).line;
		const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
		return fail(`TOML file structure is corrupted: ${message}`, typeof line === 'number' ? line : undefined);
	}
}

/** Dates become their TOML text; big integers become (lossy) numbers so the model only sees JSON types. */
function normaliseToml(v: unknown): unknown {
	if (typeof v === 'bigint') {
		return Number(v);
	}
	if (v instanceof TomlDate) {
		return v.toISOString();
	}
	if (Array.isArray(v)) {
		return v.map(normaliseToml);
	}
	if (isPlainObject(v)) {
		const out: Record<string, unknown> = {};
		for (const [k, val] of Object.entries(v)) {
			out[k] = normaliseToml(val);
		}
		return out;
	}
	return v;
}
