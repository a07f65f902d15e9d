/**
 * `stages:` of dvc.yaml (schema: `STAGE_DEFINITION` in `dvc/schema.py`; params merging:
 * `_merge_params` in `dvc/dependency/__init__.py`; foreach/matrix: `dvc/parsing/__init__.py`).
 * Paths come out relative to the dvc.yaml directory (the stage's `wdir` is applied).
 */
import type { ParamValue } from '../types';
import type { Context } from './interpolate';
import { InterpolationError, mergeVars, resolveValue, toStr } from './interpolate';

export interface OutDef {
	path: string;
	cache: boolean;
	persist: boolean;
	push: boolean;
	desc?: string;
	type?: string;
	labels?: string[];
	meta?: ParamValue;
}

export interface PlotOutDef extends OutDef {
	template?: string;
	x?: string;
	y?: string;
	x_label?: string;
	y_label?: string;
	title?: string;
	header?: boolean;
}

export interface StageParam {
	file: string;
	keys: string[] | 'all';
}

/** A `deps:` entry: `def` as written (dvc.lock's key for it), `path` with the stage's `wdir` applied. */
export interface DepDef {
	def: string;
	path: string;
}

export interface StageSpec {
	name: string;
	deps: DepDef[];
	params: StageParam[];
	outs: OutDef[];
	metrics: OutDef[];
	plots: PlotOutDef[];
}

export class StageError extends Error {}

const STAGE_KEYS = new Set([
	'cmd',
	'wdir',
	'deps',
	'params',
	'outs',
	'metrics',
	'plots',
	'frozen',
	'always_changed',
	'desc',
	'meta',
	'vars',
	'matrix',
]);
const OUT_FLAGS = new Set(['cache', 'persist', 'checkpoint', 'remote', 'push', 'desc', 'type', 'labels', 'meta']);
const PLOT_PROPS = new Set(['template', 'x', 'y', 'x_label', 'y_label', 'title', 'header']);

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** posixpath.normpath of `wdir/path` (wdir relative to the dvc.yaml dir). */
export function joinNorm(wdir: string, p: string): string {
	const parts: string[] = [];
	for (const seg of (wdir && !p.startsWith('/') ? `${wdir}/${p}` : p).split('/')) {
		if (seg === '' || seg === '.') {
			continue;
		}
		if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') {
			parts.pop();
		} else {
			parts.push(seg);
		}
	}
	return (p.startsWith('/') ? '/' : '') + (parts.join('/') || '.');
}

/** Expands one `stages.<name>` entry (plain, foreach/do or matrix) into resolved stages. */
export function expandStage(name: string, def: unknown, ctx: Context, vars: VarsLoader): StageSpec[] {
	if (!isObject(def)) {
		throw new StageError(`stage '${name}' must be a mapping`);
	}
	if ('foreach' in def || 'do' in def) {
		if (!('foreach' in def) || !('do' in def)) {
			throw new StageError(`stage '${name}': 'foreach' needs 'do'`);
		}
		const extra = Object.keys(def).filter((k) => k !== 'foreach' && k !== 'do');
		if (extra.length > 0) {
			throw new StageError(`stage '${name}': extra keys not allowed with 'foreach': ${extra.join(', ')}`);
		}
		return foreachMembers(name, resolveValue(def.foreach, ctx)).map(([key, item, withKey]) =>
			oneStage(`${name}@${key}`, def.do, { ...ctx, item, ...(withKey ? { key } : {}) }, vars),
		);
	}
	if ('matrix' in def) {
		const { matrix, ...template } = def;
		return matrixMembers(name, resolveValue(matrix, ctx)).map(([key, item]) =>
			oneStage(`${name}@${key}`, template, { ...ctx, key, item }, vars),
		);
	}
	return [oneStage(name, def, ctx, vars)];
}

function foreachMembers(name: string, iterable: unknown): [string, ParamValue, boolean][] {
	if (isObject(iterable)) {
		return Object.entries(iterable).map(([k, v]) => [k, v as ParamValue, true]);
	}
	if (!Array.isArray(iterable)) {
		throw new StageError(`failed to resolve 'stages.${name}.foreach': expected list/dictionary`);
	}
	const composite = iterable.some((v) => typeof v === 'object' && v !== null);
	return iterable.map((v, i) => [composite ? String(i) : toStr(v as ParamValue), v as ParamValue, false]);
}

function matrixMembers(name: string, matrix: unknown): [string, Record<string, ParamValue>][] {
	if (!isObject(matrix)) {
		throw new StageError(`failed to resolve 'stages.${name}.matrix': expected a mapping`);
	}
	let combos: [string[], Record<string, ParamValue>][] = [[[], {}]];
	for (const [k, values] of Object.entries(matrix)) {
		if (!Array.isArray(values)) {
			throw new StageError(`stage '${name}': matrix.${k} must be a list`);
		}
		combos = combos.flatMap(([frags, item]) =>
			values.map((v, i): [string[], Record<string, ParamValue>] => {
				const composite = typeof v === 'object' && v !== null;
				return [[...frags, composite ? `${k}${i}` : toStr(v as ParamValue)], { ...item, [k]: v as ParamValue }];
			}),
		);
	}
	return combos.map(([frags, item]) => [frags.join('-'), item]);
}

export type VarsLoader = (entry: string, stage: string) => Record<string, unknown>;

function oneStage(name: string, raw: unknown, baseCtx: Context, vars: VarsLoader): StageSpec {
	if (!isObject(raw)) {
		throw new StageError(`stage '${name}' must be a mapping`);
	}
	const unknown = Object.keys(raw).filter((k) => !STAGE_KEYS.has(k));
	if (unknown.length > 0) {
		throw new StageError(`stage '${name}': extra keys not allowed: ${unknown.join(', ')}`);
	}
	if (!('cmd' in raw)) {
		throw new StageError(`stage '${name}': required key not provided: cmd`);
	}
	let ctx = baseCtx;
	for (const [i, v] of listOf(raw.vars, name, 'vars').entries()) {
		if (isObject(v)) {
			ctx = mergeVars(ctx, v, `${name}.vars[${i}]`);
		} else if (typeof v === 'string') {
			ctx = mergeVars(ctx, vars(v, name), v);
		} else {
			throw new StageError(`stage '${name}': vars entries must be file names or mappings`);
		}
	}
	const pick = (key: string): unknown => resolveValue(raw[key], ctx);
	const wdirRaw = pick('wdir') ?? '.';
	if (typeof wdirRaw !== 'string') {
		throw new StageError(`stage '${name}': wdir must be a string`);
	}
	const wdir = joinNorm('', wdirRaw) === '.' ? '' : joinNorm('', wdirRaw);
	return {
		name,
		deps: listOf(pick('deps'), name, 'deps').map((d) => depDef(d, wdir, name)),
		params: stageParams(listOf(pick('params'), name, 'params'), wdir, name),
		outs: listOf(pick('outs'), name, 'outs').flatMap((e) => outEntries(e, wdir, name, false)),
		metrics: listOf(pick('metrics'), name, 'metrics').flatMap((e) => outEntries(e, wdir, name, false)),
		plots: listOf(pick('plots'), name, 'plots').flatMap((e) => outEntries(e, wdir, name, true)),
	};
}

function listOf(v: unknown, stage: string, key: string): unknown[] {
	if (v === undefined || v === null) {
		return [];
	}
	if (!Array.isArray(v)) {
		throw new StageError(`stage '${stage}': '${key}' must be a list`);
	}
	return v;
}

/** E.3: a string key is in `params.yaml`; `{file: [keys]}`; `{file: null | []}` tracks the whole file, which wins. */
function stageParams(list: unknown[], wdir: string, stage: string): StageParam[] {
	const whole = new Set<string>();
	const keys = new Map<string, string[]>();
	const add = (file: string, k: string[] | undefined) => {
		const path = joinNorm(wdir, file);
		if (k === undefined || k.length === 0) {
			whole.add(path);
		} else {
			keys.set(path, [...(keys.get(path) ?? []), ...k]);
		}
	};
	for (const item of list) {
		if (typeof item === 'string') {
			add('params.yaml', [item]);
		} else if (isObject(item)) {
			for (const [file, k] of Object.entries(item)) {
				if (k !== null && (!Array.isArray(k) || !k.every((x) => typeof x === 'string'))) {
					throw new StageError(`stage '${stage}': expected list of params for custom params file '${file}'`);
				}
				add(file, k ?? undefined);
			}
		} else {
			throw new StageError(`stage '${stage}': only list of str/dict is supported in params`);
		}
	}
	const files = [...new Set([...keys.keys(), ...whole])];
	return files.map((file) => ({ file, keys: whole.has(file) ? 'all' : [...new Set(keys.get(file))] }));
}

function depDef(entry: unknown, wdir: string, stage: string): DepDef {
	if (typeof entry !== 'string') {
		throw new StageError(`stage '${stage}': deps must be a list of paths`);
	}
	return { def: entry, path: joinNorm(wdir, entry) };
}

function outEntries(entry: unknown, wdir: string, stage: string, plot: boolean): PlotOutDef[] {
	if (typeof entry === 'string') {
		return [{ path: joinNorm(wdir, entry), cache: true, persist: false, push: true }];
	}
	if (!isObject(entry)) {
		throw new StageError(`stage '${stage}': outputs must be paths or {path: flags}`);
	}
	return Object.entries(entry).map(([path, flags]) => outDef(joinNorm(wdir, path), flags, stage, plot));
}

function outDef(path: string, flags: unknown, stage: string, plot: boolean): PlotOutDef {
	if (Array.isArray(flags) && plot) {
		throw new StageError(`stage '${stage}': multiple plots per data file not supported (${path})`);
	}
	if (!isObject(flags)) {
		throw new StageError(`stage '${stage}': flags of '${path}' must be a mapping`);
	}
	const out: PlotOutDef = { path, cache: true, persist: false, push: true };
	for (const [k, v] of Object.entries(flags)) {
		if (!OUT_FLAGS.has(k) && !(plot && PLOT_PROPS.has(k))) {
			throw new StageError(`stage '${stage}': extra key '${k}' in '${path}'`);
		}
		const want =
			k === 'cache' || k === 'persist' || k === 'push' || k === 'checkpoint' || k === 'header' ? 'boolean' : 'string';
		if (k === 'meta') {
			out.meta = v as ParamValue;
		} else if (k === 'labels') {
			out.labels = stringList(v, stage, path);
		} else if (typeof v !== want) {
			throw new StageError(`stage '${stage}': '${k}' of '${path}' must be a ${want}`);
		} else if (k !== 'checkpoint' && k !== 'remote') {
			(out as unknown as Record<string, unknown>)[k] = v;
		}
	}
	return out;
}

function stringList(v: unknown, stage: string, path: string): string[] {
	if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
		throw new StageError(`stage '${stage}': labels of '${path}' must be a list of strings`);
	}
	return v;
}

export function errorMessage(e: unknown): string {
	if (e instanceof StageError || e instanceof InterpolationError) {
		return e.message;
	}
	return e instanceof Error ? e.message : String(e);
}
