/**
 * Plot definitions of every dvc.yaml of a revision, rebased from dvc.yaml-relative to
 * project-relative paths, and the series they name (directories expanded to their data files, as
 * DVC does for a directory plot id).
 */
import type { FileSource } from './fileSource';
import { joinPosix } from './fileSource';
import type { DvcYamlSpec } from './parse/dvcYaml';
import { isPlotDataFile, parsePlotData } from './parse/plotData';
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

/** DVC's default y: the last field of the first datapoint. */
async function lastField(source: FileSource, file: string, header: boolean | undefined): Promise<string[]> {
	const r = await source.readResult(file, SV_RE.test(file) ? Number.MAX_SAFE_INTEGER : MAX_PLOT_BYTES);
	if (!r.ok) {
		return [];
	}
	const bytes = SV_RE.test(file) ? firstLines(r.data) : r.data;
	const parsed = parsePlotData(bytes, file, { header });
	const first = parsed.ok ? parsed.value.rows[0] : undefined;
	const keys = first ? Object.keys(first) : [];
	return keys.length ? [keys[keys.length - 1]] : [];
}

/** Header plus one record is all the default-y rule needs: never parse a huge TSV for it. */
function firstLines(data: Uint8Array): Uint8Array {
	let nl = 0;
	for (let i = 0; i < data.length && i < 1024 * 1024; i++) {
		if (data[i] === 10 && ++nl === 2) {
			return data.subarray(0, i + 1);
		}
	}
	return data.subarray(0, Math.min(data.length, 1024 * 1024));
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
