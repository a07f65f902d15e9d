/**
 * Everything one revision of one project holds, read through a FileSource: what `dvc exp show`
 * reads (params, metrics, deps) plus what Runlens shows beyond it (series, images, artifacts,
 * events, example tables, progress). Per-file failures become FileErrors; nothing throws.
 */
import * as path from 'node:path';
import { cachedDvcYaml, cachedFlatParams, cachedMetrics, cachedParams } from './parseCache';
import type { DvcYamlSpec } from './parse/dvcYaml';
import { flattenParams, selectParams } from './parse/flatten';
import type { FileSource } from './fileSource';
import { joinPosix } from './fileSource';
import { collectArtifacts } from './collectArtifacts';
import { collectDeps } from './collectDeps';
import { collectDvcLiveDir, findDvcLiveDirs } from './collectDvcLive';
import { expandPlotDirsAt, plotSeries, rebasePlots } from './collectPlots';
import { decode } from './decode';
import { isIgnored, readDvcIgnore } from './dvcIgnore';
import { addRemote } from './notPulled';
import { readText } from './readText';
import type { Experiment, FileError, FlatValues } from './types';

export type RevisionData = Pick<
	Experiment,
	| 'params'
	| 'metrics'
	| 'deps'
	| 'series'
	| 'images'
	| 'artifacts'
	| 'plots'
	| 'events'
	| 'tables'
	| 'errors'
	| 'progress'
> & {
	/** DVCLive directories found (project-relative): what the watcher and poller care about. */
	dvcliveDirs: string[];
	dvcYamlFiles: string[];
};

export interface CollectOptions {
	/** `dvc`: a DVC root (or dvc.yaml root); `bare`: a DVCLive dir with no dvc.yaml. */
	kind: 'dvc' | 'bare';
	/** For bare projects: the DVCLive dir relative to the project root. */
	bareDir?: string;
	/** Known dvc.yaml files (skips the recursive listing; the model caches it for the workspace). */
	dvcYamlFiles?: string[];
	/** Project-relative directories that are other projects (nested DVC roots). */
	excludeDirs?: string[];
}

const TOTAL_KEYS = ['epochs', 'epoch', 'num_epochs', 'max_steps', 'steps', 'total_steps'];

export { decode };

function isExcluded(file: string, excludeDirs: string[]): boolean {
	return excludeDirs.some((d) => file === d || file.startsWith(`${d}/`));
}

export async function findDvcYamlFiles(source: FileSource, excludeDirs: string[] = []): Promise<string[]> {
	const files = await source.list('', true);
	const ignore = await readDvcIgnore(source);
	return files.filter(
		(f) => path.posix.basename(f) === 'dvc.yaml' && !isExcluded(f, excludeDirs) && !isIgnored(ignore, f),
	);
}

interface ParamsNeed {
	whole: boolean;
	keys: Set<string>;
	required: boolean;
}

function needParams(needs: Map<string, ParamsNeed>, file: string, keys: string[] | 'all', required = true): void {
	const need = needs.get(file) ?? { whole: false, keys: new Set<string>(), required };
	need.required ||= required;
	if (keys === 'all' || keys.length === 0) {
		need.whole = true;
	} else {
		for (const k of keys) {
			need.keys.add(k);
		}
	}
	needs.set(file, need);
}

export interface Spec {
	dir: string;
	spec: DvcYamlSpec;
}

/** DVC interpolates `${...}` from the params.yaml next to dvc.yaml; a bad one is reported by collectParams. */
async function interpolationParams(source: FileSource, dir: string): Promise<unknown> {
	const r = await source.readResult(joinPosix(dir, 'params.yaml'));
	if (!r.ok) {
		return undefined;
	}
	const parsed = await cachedParams(decode(r.data), 'params.yaml');
	return parsed.ok ? parsed.value : undefined;
}

async function readSpecs(source: FileSource, files: string[], errors: FileError[]): Promise<Spec[]> {
	const specs: Spec[] = [];
	for (const file of files) {
		const text = await readText(source, file, errors);
		if (text === undefined) {
			continue;
		}
		const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
		// Only a dvc.yaml that interpolates needs (and is keyed by) the params next to it.
		const params = text.includes('${') ? await interpolationParams(source, dir) : undefined;
		const parsed = await cachedDvcYaml(text, file, { params });
		if (!parsed.ok) {
			errors.push({ file, message: parsed.error, line: parsed.line });
			continue;
		}
		errors.push(...parsed.value.errors);
		specs.push({ dir, spec: parsed.value });
	}
	return specs;
}

async function collectParams(
	source: FileSource,
	specs: Spec[],
	errors: FileError[],
): Promise<Record<string, FlatValues>> {
	// DVC's order (`_collect_params`): stage params deps, then top-level `params:`, then the root params.yaml.
	const needs = new Map<string, ParamsNeed>();
	for (const { dir, spec } of specs) {
		for (const stage of spec.stages) {
			for (const p of stage.params) {
				needParams(needs, joinPosix(dir, p.file), p.keys);
			}
		}
	}
	for (const { dir, spec } of specs) {
		for (const file of spec.params) {
			needParams(needs, joinPosix(dir, file), 'all');
		}
	}
	needParams(needs, 'params.yaml', 'all', false);
	const out: Record<string, FlatValues> = {};
	for (const [file, need] of needs) {
		const text = await readText(source, file, errors, need.required);
		if (text === undefined) {
			continue;
		}
		const parsed = need.whole ? await cachedFlatParams(text, file) : await cachedParams(text, file);
		if (!parsed.ok) {
			errors.push({ file, message: parsed.error, line: parsed.line });
			continue;
		}
		out[file] = need.whole ? parsed.value : flattenParams(selectParams(parsed.value, [...need.keys]));
	}
	return out;
}

export function metricsPaths(specs: Spec[]): string[] {
	const paths = new Set<string>();
	for (const { dir, spec } of specs) {
		for (const m of spec.metrics) {
			paths.add(joinPosix(dir, m));
		}
		for (const stage of spec.stages) {
			for (const m of stage.metrics) {
				paths.add(joinPosix(dir, m.path));
			}
		}
	}
	return [...paths];
}

async function collectMetrics(
	source: FileSource,
	paths: string[],
	errors: FileError[],
	required: boolean,
): Promise<Record<string, FlatValues>> {
	const out: Record<string, FlatValues> = {};
	const ignore = await readDvcIgnore(source);
	for (const p of paths) {
		const st = await source.stat?.(p);
		const files = st?.isDirectory ? (await source.list(p, true)).filter((f) => !isIgnored(ignore, f)) : [p];
		for (const file of files) {
			const text = await readText(source, file, errors, required);
			if (text === undefined) {
				continue;
			}
			const parsed = await cachedMetrics(text, file);
			if (parsed.ok) {
				out[file] = parsed.value;
			} else {
				errors.push({ file, message: parsed.error, line: parsed.line });
			}
		}
	}
	return out;
}

/** Total steps from the first params key named like an epoch/step budget (top level wins over nested). */
export function progressTotal(params: Record<string, FlatValues>): number | undefined {
	const all = Object.values(params);
	for (const nested of [false, true]) {
		for (const key of TOTAL_KEYS) {
			for (const values of all) {
				for (const [k, v] of Object.entries(values)) {
					const match = nested ? k.endsWith(`.${key}`) : k === key;
					if (match && typeof v === 'number' && Number.isFinite(v) && v > 0) {
						return v;
					}
				}
			}
		}
	}
	return undefined;
}

export async function collectRevision(source: FileSource, opts: CollectOptions): Promise<RevisionData> {
	const errors: FileError[] = [];
	const excludeDirs = opts.excludeDirs ?? [];
	const dvcYamlFiles = opts.kind === 'bare' ? [] : (opts.dvcYamlFiles ?? (await findDvcYamlFiles(source, excludeDirs)));
	const specs = await readSpecs(source, dvcYamlFiles, errors);
	const params = opts.kind === 'bare' ? {} : await collectParams(source, specs, errors);
	const deps = await collectDeps(source, specs, errors);
	const mPaths = metricsPaths(specs);
	const plots = rebasePlots(specs);
	const dvcliveDirs =
		opts.kind === 'bare' && opts.bareDir !== undefined ? [opts.bareDir] : await findDvcLiveDirs(source, mPaths, plots);
	if (opts.kind === 'bare') {
		mPaths.push(joinPosix(opts.bareDir ?? '', 'metrics.json'));
	}
	const metrics = await collectMetrics(source, mPaths, errors, opts.kind !== 'bare');
	const empty = { series: [], images: [], artifacts: [], events: [], tables: [] };
	const data: RevisionData = { ...empty, params, metrics, deps, plots, errors, dvcliveDirs, dvcYamlFiles };
	for (const dir of dvcliveDirs) {
		await collectDvcLiveDir(source, dir, data);
		if (opts.kind === 'bare') {
			await addBareParams(source, dir, data);
		}
	}
	// Directory plot ids become one plot per file, as DVC does; after findDvcLiveDirs, which needs the raw ids.
	data.plots = await expandPlotDirsAt(source, plots);
	data.series.push(...(await plotSeries(source, data.plots, new Set(data.series.map((s) => s.id)))));
	data.artifacts = await collectArtifacts(source, specs, dvcliveDirs);
	await addRefusals(
		source,
		[...data.plots.flatMap((p) => Object.keys(p.y)), ...data.artifacts.map((a) => a.path)],
		errors,
	);
	await addRemote(source, errors);
	const step = stepFromMetrics(metrics, dvcliveDirs);
	if (step !== undefined) {
		data.progress = { step, total: progressTotal(params) };
	}
	return data;
}

/** Plot and artifact paths are stat'ed, not read, at scan time: a refused one still gets its error. */
async function addRefusals(source: FileSource, paths: string[], errors: FileError[]): Promise<void> {
	if (!source.refusal) {
		return;
	}
	for (const file of new Set(paths)) {
		const why = /:\/\//.test(file) || errors.some((e) => e.file === file) ? undefined : await source.refusal(file);
		if (why) {
			errors.push({ file, message: why });
		}
	}
}

async function addBareParams(source: FileSource, dir: string, data: RevisionData): Promise<void> {
	const file = joinPosix(dir, 'params.yaml');
	const text = await readText(source, file, data.errors);
	if (text === undefined) {
		return;
	}
	const parsed = await cachedFlatParams(text, file);
	if (parsed.ok) {
		data.params[file] = parsed.value;
	} else {
		data.errors.push({ file, message: parsed.error, line: parsed.line });
	}
}

function stepFromMetrics(metrics: Record<string, FlatValues>, dirs: string[]): number | undefined {
	for (const dir of dirs) {
		const step = metrics[joinPosix(dir, 'metrics.json')]?.step;
		if (typeof step === 'number') {
			return step;
		}
	}
	return undefined;
}
