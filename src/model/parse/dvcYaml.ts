/**
 * dvc.yaml reading (schema `MULTI_STAGE_SCHEMA` in `dvc/schema.py`, resolution in
 * `dvc/parsing`). Bad entries become `errors` and are left out; the rest is kept, so one typo does
 * not hide a whole project. Paths are relative to the dvc.yaml directory, POSIX.
 *
 * Interpolation: `${...}` from top-level/stage `vars` mappings, `opts.params` (the `params.yaml`
 * next to dvc.yaml, which DVC loads by default) and `opts.varsFiles` (other vars files, already
 * parsed, keyed by path relative to the dvc.yaml dir). A vars file not given is an error on the
 * entries that need it. Not supported: interpolating `cmd`, directory expansion of plot/metric
 * paths (the caller lists directories).
 */
import type { ArtifactDef, FileError, ParamValue, PlotDefinition, Result } from '../types';
import { fail, ok } from '../types';
import type { Context } from './interpolate';
import { mergeVars, resolveValue } from './interpolate';
import type { StageSpec, VarsLoader } from './dvcYamlStages';
import { errorMessage, expandStage, joinNorm, StageError } from './dvcYamlStages';
import { normalisePlots, stagePlotDefinitions } from './dvcYamlPlots';
import { selectParams } from './flatten';
import { isPlainObject, parseStructured } from './structured';

export type { DepDef, OutDef, PlotOutDef, StageParam, StageSpec } from './dvcYamlStages';

export type { ArtifactDef } from '../types';

export interface DvcYamlSpec {
	metrics: string[];
	params: string[];
	plots: PlotDefinition[];
	artifacts: ArtifactDef[];
	stages: StageSpec[];
	errors: FileError[];
}

export interface DvcYamlOptions {
	params?: unknown;
	varsFiles?: Record<string, unknown>;
}

const TOP_KEYS = new Set(['stages', 'vars', 'params', 'metrics', 'plots', 'artifacts', 'datasets']);
/** GTO's artifact name rule (`gto/constants.py`); Python's `$` also matches before one final newline. */
const ARTIFACT_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-/_]*[a-zA-Z0-9])?\n?$/;
const ARTIFACT_KEYS = new Set(['path', 'type', 'desc', 'labels', 'meta']);

export function parseDvcYaml(text: string, file: string, opts: DvcYamlOptions = {}): Result<DvcYamlSpec> {
	const parsed = parseStructured(text, file.endsWith('.yaml') || file.endsWith('.yml') ? file : `${file}.yaml`);
	if (!parsed.ok) {
		return parsed;
	}
	if (!isPlainObject(parsed.value)) {
		return fail(`'${file}' must be a mapping at the top level`, 1);
	}
	const doc = parsed.value;
	const spec: DvcYamlSpec = { metrics: [], params: [], plots: [], artifacts: [], stages: [], errors: [] };
	const err = (message: string) => spec.errors.push({ file, message, line: lineOf(text, message) });
	for (const key of Object.keys(doc)) {
		if (!TOP_KEYS.has(key)) {
			err(`extra keys not allowed: '${key}'`);
		}
	}
	const loader = varsLoader(opts);
	const ctx = topContext(doc.vars, opts, loader, err);
	spec.params = pathList(doc.params, 'params', ctx, err);
	spec.metrics = pathList(doc.metrics, 'metrics', ctx, err);
	spec.plots = normalisePlots(resolveTop(doc.plots, 'plots', ctx, err), err);
	spec.artifacts = artifacts(resolveTop(doc.artifacts, 'artifacts', ctx, err), err);
	if (doc.stages !== undefined && !isPlainObject(doc.stages)) {
		err(`'stages' must be a mapping`);
	}
	for (const [name, def] of Object.entries(isPlainObject(doc.stages) ? doc.stages : {})) {
		try {
			spec.stages.push(...expandStage(name, def, ctx, loader));
		} catch (e) {
			err(`stage '${name}': ${errorMessage(e).replace(`stage '${name}': `, '')}`);
		}
	}
	for (const stage of spec.stages) {
		spec.plots.push(...stagePlotDefinitions(stage));
	}
	return ok(spec);
}

/** Best-effort line of the entry an error is about: the first line mentioning its quoted name. */
function lineOf(text: string, message: string): number | undefined {
	const name = /'([^']+)'/.exec(message)?.[1]?.split('@')[0];
	if (!name) {
		return undefined;
	}
	const idx = text.split('\n').findIndex((l) => l.includes(name));
	return idx >= 0 ? idx + 1 : undefined;
}

function varsLoader(opts: DvcYamlOptions): VarsLoader {
	return (entry) => {
		const [file, keys] = entry.split(':', 2);
		const content = opts.varsFiles?.[joinNorm('', file)];
		if (!isPlainObject(content)) {
			throw new StageError(`vars file '${file}' is not available to Runlens`);
		}
		return keys === undefined ? content : selectParams(content, keys.split(','));
	};
}

function topContext(vars: unknown, opts: DvcYamlOptions, loader: VarsLoader, err: (m: string) => void): Context {
	let ctx: Context = isPlainObject(opts.params) ? (opts.params as Context) : {};
	if (vars === undefined || vars === null) {
		return ctx;
	}
	if (!Array.isArray(vars)) {
		err(`'vars' must be a list`);
		return ctx;
	}
	vars.forEach((v, i) => {
		try {
			if (isPlainObject(v)) {
				ctx = mergeVars(ctx, v, `vars[${i}]`);
			} else if (typeof v === 'string') {
				ctx = mergeVars(ctx, loader(v, ''), v);
			} else {
				err(`'vars[${i}]' must be a file name or a mapping`);
			}
		} catch (e) {
			err(`failed to parse 'vars' in dvc.yaml: ${errorMessage(e)}`);
		}
	});
	return ctx;
}

function resolveTop(value: unknown, where: string, ctx: Context, err: (m: string) => void): unknown[] {
	if (value === undefined || value === null) {
		return [];
	}
	if (where === 'artifacts') {
		if (!isPlainObject(value)) {
			return (err(`'artifacts' must be a mapping`), []);
		}
		return Object.entries(value).flatMap(([name, def]) => tryResolve([name, def], `${where}.${name}`, ctx, err));
	}
	if (!Array.isArray(value)) {
		return (err(`'${where}' must be a list`), []);
	}
	return value.flatMap((item, i) => tryResolve(item, `${where}.${i}`, ctx, err));
}

function tryResolve(item: unknown, where: string, ctx: Context, err: (m: string) => void): unknown[] {
	try {
		return [resolveValue(item, ctx)];
	} catch (e) {
		err(`failed to parse '${where}': ${errorMessage(e)}`);
		return [];
	}
}

function pathList(value: unknown, where: string, ctx: Context, err: (m: string) => void): string[] {
	const out: string[] = [];
	resolveTop(value, where, ctx, err).forEach((p, i) => {
		if (typeof p === 'string') {
			out.push(joinNorm('', p));
		} else {
			err(`'${where}[${i}]' must be a path string`);
		}
	});
	return out;
}

function artifacts(entries: unknown[], err: (m: string) => void): ArtifactDef[] {
	const out: ArtifactDef[] = [];
	for (const [name, def] of entries as [string, unknown][]) {
		const bad = artifactProblem(def);
		if (bad) {
			err(`artifact '${name}': ${bad}`);
			continue;
		}
		// DVC only warns about a bad name and keeps the artifact: so do we.
		if (!ARTIFACT_NAME.test(name)) {
			err(
				`Can't use '${name}' as artifact name (ID): only letters, numbers, '_', '-', '/' are allowed, starting and ending with a letter or number`,
			);
		}
		const d = def as Record<string, unknown>;
		const a: ArtifactDef = { name, path: d.path as string };
		if (d.type !== undefined) {
			a.type = d.type as string;
		}
		if (d.desc !== undefined) {
			a.desc = d.desc as string;
		}
		if (d.labels !== undefined) {
			a.labels = d.labels as string[];
		}
		if (d.meta !== undefined) {
			a.meta = d.meta as ParamValue;
		}
		out.push(a);
	}
	return out;
}

function artifactProblem(def: unknown): string | undefined {
	if (!isPlainObject(def)) {
		return 'must be a mapping with a path';
	}
	const extra = Object.keys(def).filter((k) => !ARTIFACT_KEYS.has(k));
	if (extra.length > 0) {
		return `extra keys not allowed: ${extra.join(', ')}`;
	}
	if (typeof def.path !== 'string') {
		return `required key not provided: 'path' (a string)`;
	}
	for (const k of ['type', 'desc']) {
		if (def[k] !== undefined && typeof def[k] !== 'string') {
			return `'${k}' must be a string`;
		}
	}
	const labels = def.labels;
	if (labels !== undefined && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
		return `'labels' must be a list of strings`;
	}
	return undefined;
}
