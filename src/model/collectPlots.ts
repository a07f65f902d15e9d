/**
 * Plot definitions of every dvc.yaml of a revision, rebased from dvc.yaml-relative to
 * project-relative paths, and the series they name (directories expanded to their data files, as
 * DVC does for a directory plot id).
 */
import type { FileSource } from './fileSource';
import { joinPosix } from './fileSource';
import type { DvcYamlSpec } from './parse/dvcYaml';
import { parseAsync } from './parse/parsePool';
import { isPlotDataFile } from './parse/plotData';
import type { MetricSeries, PlotDefinition } from './types';

const SV_RE = /\.(tsv|csv)$/i;
/** Only the first datapoint matters for DVC's default y; JSON/YAML plot files are read whole up to this size. */
const MAX_PLOT_BYTES = 10 * 1024 * 1024;

function rebaseKeys<T>(rec: Record<string, T>, dir: string): Record<string, T> {
	return Object.fromEntries(Object.entries(rec).map(([k, v]) => [joinPosix(dir, k), v]));
}

export function rebasePlots(specs: { dir: string; spec: DvcYamlSpec }[]): PlotDefinition[] {
	return specs.flatMap(({ dir, spec }) =>
		spec.plots.map((p) => {
			if (!dir) {
				return p;
			}
			const def: PlotDefinition = { ...p, y: rebaseKeys(p.y, dir) };
			if (p.x) {
				def.x = rebaseKeys(p.x, dir);
			}
			if (p.y[p.id] !== undefined) {
				def.id = joinPosix(dir, p.id);
			}
			return def;
		}),
	);
}

/** DVC's default y: the last field of the first datapoint, parsed in the parse worker when large. */
async function lastField(source: FileSource, file: string, header: boolean | undefined): Promise<string[]> {
	const r = await source.readResult(file, SV_RE.test(file) ? Number.MAX_SAFE_INTEGER : MAX_PLOT_BYTES);
	if (!r.ok) {
		return [];
	}
	const bytes = SV_RE.test(file) ? firstLines(r.data) : r.data;
	return parseAsync({ kind: 'defaultY', bytes, file, header });
}

/** Header plus one record is all the default-y rule needs: never parse a huge TSV for it. */
function firstLines(data: Uint8Array): Uint8Array {
	const limit = Math.min(data.length, 1024 * 1024);
	const first = data.indexOf(10);
	const second = first < 0 ? -1 : data.indexOf(10, first + 1);
	return data.subarray(0, second >= 0 && second < limit ? second + 1 : limit);
}

async function filesOf(source: FileSource, file: string): Promise<string[]> {
	const st = await source.stat?.(file);
	if (st?.isDirectory) {
		return (await source.list(file, true)).filter(isPlotDataFile);
	}
	return st && isPlotDataFile(file) ? [file] : [];
}

/** Series named by plot definitions, skipping ids already known (DVCLive dirs are collected first). */
export async function plotSeries(
	source: FileSource,
	plots: PlotDefinition[],
	known: Set<string>,
): Promise<MetricSeries[]> {
	const out: MetricSeries[] = [];
	// Files DVCLive collection already described are not re-read for their default y.
	const knownFiles = new Set([...known].map((id) => id.slice(0, id.lastIndexOf('#'))));
	for (const plot of plots) {
		for (const [target, fields] of Object.entries(plot.y)) {
			for (const file of await filesOf(source, target)) {
				if (knownFiles.has(file)) {
					continue;
				}
				const columns = fields.length ? fields : await lastField(source, file, plot.header);
				for (const column of columns) {
					const id = `${file}#${column}`;
					if (known.has(id)) {
						continue;
					}
					known.add(id);
					out.push({ id, name: column, file, column, x: plot.x?.[target] ?? 'step' });
				}
			}
		}
	}
	return out;
}

/** A path-id plot (`- dir_or_file: {props}`): its id is also its only data source. */
function isPathPlot(def: PlotDefinition): boolean {
	return Object.keys(def.y).length === 1 && def.y[def.id] !== undefined;
}

/** DVC's `_closest_parent`: the plot id sharing the longest common path with the file (first wins ties). */
function closestParent(file: string, parents: readonly string[]): string {
	let best = '';
	for (const parent of parents) {
		const common = commonPath(file, parent);
		if (common.length > best.length) {
			best = common;
		}
	}
	return best;
}

function commonPath(a: string, b: string): string {
	const pa = a.split('/');
	const pb = b.split('/');
	let i = 0;
	while (i < pa.length && i < pb.length && pa[i] === pb[i]) {
		i++;
	}
	return pa.slice(0, i).join('/');
}

/**
 * DVC's directory plot ids: every data file inside becomes its own plot with the directory's props,
 * unless a more specific plot id covers it. `filesUnder(id)` lists a directory's plot data files and
 * returns undefined for anything that is not a directory (files and missing paths stay as they are).
 */
export function expandPlotDirs(
	plots: readonly PlotDefinition[],
	filesUnder: (dir: string) => readonly string[] | undefined,
): PlotDefinition[] {
	const parents = plots.map((p) => p.id);
	return plots.flatMap((def) => {
		const files = isPathPlot(def) ? filesUnder(def.id) : undefined;
		if (!files) {
			return [def];
		}
		const fields = def.y[def.id];
		const xField = def.x?.[def.id];
		return [...files]
			.sort()
			.filter((file) => closestParent(file, parents) === def.id)
			.map((file) => {
				const one: PlotDefinition = { ...def, id: file, y: { [file]: fields } };
				if (xField !== undefined) {
					one.x = { [file]: xField };
				}
				return one;
			});
	});
}

/** expandPlotDirs against a revision's files (workspace or git tree). */
export async function expandPlotDirsAt(
	source: FileSource,
	plots: readonly PlotDefinition[],
): Promise<PlotDefinition[]> {
	const dirs = new Map<string, string[]>();
	for (const def of plots) {
		if (isPathPlot(def) && (await source.stat?.(def.id))?.isDirectory) {
			dirs.set(def.id, (await source.list(def.id, true)).filter(isPlotDataFile));
		}
	}
	return expandPlotDirs(plots, (dir) => dirs.get(dir));
}
