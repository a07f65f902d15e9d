/**
 * `dvc exp run -S` overrides from the values a user typed. DVC parses each `-S [file:]key=value`
 * with Hydra's override grammar, so a value is written as a Hydra literal: numbers, booleans and
 * null bare, lists `[...]`, dicts `{k:v}`, and strings bare only when Hydra would read them back
 * as that same string, quoted otherwise. Arguments go to dvc as argv (no shell), so no shell quoting.
 */
import { parse as parseYaml } from 'yaml';
import type { FlatValues, ParamValue } from '../model/types';

/** DVC's default params file: its keys need no `file:` prefix. */
export const DEFAULT_PARAMS_FILE = 'params.yaml';

export interface ParamEdit {
	/** Params file relative to the project root (the model's `params` key). */
	file: string;
	key: string;
	/** The value before editing (its type decides how the text is read). */
	current: ParamValue | undefined;
	/** What the user typed. */
	text: string;
	/**
	 * The value `dvc exp run` would use without an override (the workspace's); an edit equal to it
	 * needs no `-S`. Defaults to `current`.
	 */
	base?: ParamValue;
}

/** Hydra's unquoted strings: an identifier-ish start and no grammar characters (`,=[]{}()'"` or spaces at the ends). */
const BARE_STRING = /^[A-Za-z_/.~][\w\-./+@~%^&*$]*$/;
const HYDRA_KEYWORDS = /^(true|false|null|nan|inf|[-+]?inf)$/i;

/** A string as a Hydra quoted string: `\'` for quotes, and backslashes before a quote or the end doubled. */
export function quoteHydra(s: string): string {
	const escaped = s.replace(/(\\*)('|$)/g, (_m, slashes: string, q: string) =>
		q === "'" ? `${slashes}${slashes}\\'` : `${slashes}${slashes}`,
	);
	return `'${escaped}'`;
}

/** Any param value as a Hydra literal that parses back to it. */
export function hydraValue(v: ParamValue): string {
	if (v === null) {
		return 'null';
	}
	if (typeof v === 'boolean') {
		return v ? 'true' : 'false';
	}
	if (typeof v === 'number') {
		return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
	}
	if (typeof v === 'string') {
		return BARE_STRING.test(v) && !HYDRA_KEYWORDS.test(v) ? v : quoteHydra(v);
	}
	if (Array.isArray(v)) {
		return `[${v.map(hydraValue).join(',')}]`;
	}
	return `{${Object.entries(v)
		.map(([k, x]) => `${dictKey(k)}:${hydraValue(x)}`)
		.join(',')}}`;
}

/** Hydra has no quoted dict keys: a key it cannot read bare cannot be sent at all. */
function dictKey(k: string): string {
	if (!/^[\w\-./]+$/.test(k)) {
		throw new Error(`the key "${k}" cannot be written in a DVC -S override`);
	}
	return k;
}

/**
 * What the typed text means: a string param stays a string whatever is typed (`3` is the text
 * "3"); for any other param the text is read as YAML flow (`0.01`, `true`, `[1, 2]`, `{a: 1}`),
 * and text that is not valid YAML is a string.
 */
export function typedValue(current: ParamValue | undefined, text: string): ParamValue {
	if (typeof current === 'string') {
		return text;
	}
	try {
		const v = parseYaml(text) as unknown;
		return isParamValue(v) ? v : text;
	} catch {
		return text;
	}
}

function isParamValue(v: unknown): v is ParamValue {
	if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) {
		return true;
	}
	if (Array.isArray(v)) {
		return v.every(isParamValue);
	}
	return typeof v === 'object' && Object.values(v).every(isParamValue);
}

/** One `-S` value per edit whose value changed: `key=value` for params.yaml, `file:key=value` otherwise. */
export function buildOverrides(edits: readonly ParamEdit[]): string[] {
	const out: string[] = [];
	for (const e of edits) {
		const value = typedValue(e.current, e.text);
		const base = 'base' in e ? e.base : e.current;
		if (base !== undefined && sameValue(value, base)) {
			continue;
		}
		const target = e.file === DEFAULT_PARAMS_FILE ? e.key : `${e.file}:${e.key}`;
		out.push('-S', `${target}=${hydraValue(value)}`);
	}
	return out;
}

/** The text a quick input is pre-filled with: what typing it back would leave unchanged. */
export function editText(v: ParamValue | undefined): string {
	if (v === undefined) {
		return '';
	}
	return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Every param of an experiment as an edit target, file by file, in key order. */
export function paramTargets(params: Record<string, FlatValues>): { file: string; key: string; value: ParamValue }[] {
	return Object.entries(params).flatMap(([file, values]) =>
		Object.entries(values).map(([key, value]) => ({ file, key, value })),
	);
}

function sameValue(a: ParamValue, b: ParamValue): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
