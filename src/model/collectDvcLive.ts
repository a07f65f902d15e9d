/**
 * What a DVCLive directory holds at one revision: metric series (`plots/metrics/**.tsv|csv`),
 * images, `events.jsonl`, example tables (files with a `.table.json` sidecar).
 */
import * as path from 'node:path';
import { imageRefFromPath, metricNameFromSeriesPath } from './parse/dvclive';
import { parseEventsJsonl } from './parse/events';
import { isImageFile } from './parse/plotData';
import { decode } from './decode';
import type { FileSource } from './fileSource';
import { joinPosix } from './fileSource';
import type { FileError, ImageRef, MetricSeries, PlotDefinition, RunEvent, ExampleTableRef } from './types';

export interface DvcLiveParts {
	series: MetricSeries[];
	images: ImageRef[];
	events: RunEvent[];
	tables: ExampleTableRef[];
	errors: FileError[];
}

const SERIES_RE = /\.(tsv|csv)$/i;
const SERIES_RESERVED = new Set(['step', 'timestamp']);

/** DVCLive dirs: parents of `metrics.json` metrics and of `plots/metrics`/`plots/images` plot entries. */
export async function findDvcLiveDirs(
	source: FileSource,
	metricsPaths: string[],
	plots: PlotDefinition[],
): Promise<string[]> {
	const dirs = new Set<string>();
	for (const m of metricsPaths) {
		if (path.posix.basename(m) === 'metrics.json') {
			const dir = path.posix.dirname(m) === '.' ? '' : path.posix.dirname(m);
			if ((await source.listDirs(dir)).includes('plots') || (await source.stat?.(m)) !== undefined) {
				dirs.add(dir);
			}
		}
	}
	for (const plot of plots) {
		for (const file of [plot.id, ...Object.keys(plot.y)]) {
			const m = /^(.*?)\/?plots\/(metrics|images)$/.exec(file);
			if (m) {
				dirs.add(m[1]);
			}
		}
	}
	return [...dirs].sort();
}

export async function collectDvcLiveDir(source: FileSource, dir: string, into: DvcLiveParts): Promise<void> {
	const metricsDir = joinPosix(dir, 'plots/metrics');
	const known = new Set(into.series.map((s) => s.id));
	for (const file of await source.list(metricsDir, true)) {
		if (!SERIES_RE.test(file)) {
			continue;
		}
		const name = metricNameFromSeriesPath(file.slice(metricsDir.length + 1));
		const column = path.posix.basename(name);
		const id = `${file}#${column}`;
		if (SERIES_RESERVED.has(column) || known.has(id)) {
			continue;
		}
		known.add(id);
		into.series.push({ id, name, file, column, x: 'step' });
	}
	const imagesDir = joinPosix(dir, 'plots/images');
	for (const file of await source.list(imagesDir, true)) {
		if (isImageFile(file)) {
			into.images.push({ ...imageRefFromPath(file.slice(imagesDir.length + 1)), file });
		}
	}
	await addEvents(source, joinPosix(dir, 'events.jsonl'), into);
	await addTables(source, dir, into);
}

async function addEvents(source: FileSource, file: string, into: DvcLiveParts): Promise<void> {
	const r = await source.readResult(file);
	if (!r.ok) {
		if (!r.missing) {
			into.errors.push({ file, message: r.error });
		}
		return;
	}
	// A committed file is final: its last line counts even without a newline.
	const parsed = parseEventsJsonl(decode(r.data), file, { complete: source.immutable === true });
	into.events.push(...parsed.events);
	into.errors.push(...parsed.errors);
}

async function addTables(source: FileSource, dir: string, into: DvcLiveParts): Promise<void> {
	const files = await source.list(dir, true);
	const set = new Set(files);
	for (const file of files) {
		if (file.endsWith('.table.json') && set.has(file.slice(0, -'.table.json'.length))) {
			into.tables.push({ file: file.slice(0, -'.table.json'.length), errors: [] });
		}
	}
}
