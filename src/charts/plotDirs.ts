import { expandPlotDirs } from '../model/collectPlots';
import type { MetricSeries, PlotDefinition } from '../model/types';
import type { LineChart } from '../shared/protocol';
import type { RunExperiment, RunInput } from './chartModel';
import { chartIdOf } from './chartModel';

/**
 * dvc.yaml plots as the chart panel draws them. A directory plot id (DVCLive writes
 * `plots: - dvclive/plots/metrics: {x: step}`) is expanded to one plot per data file, as DVC does;
 * plots whose data is exactly DVCLive metric series are not drawn again, because the metric charts
 * are those plots: their `x` and `title` props go to the metric charts instead.
 */
const DVCLIVE_METRICS_RE = /(^|\/)plots\/metrics\//;

/** Data files of a directory at the experiment's revision, as the model found them (series, images). */
function filesUnder(e: RunExperiment, dir: string): string[] | undefined {
	const prefix = `${dir}/`;
	const series = [...new Set(e.series.map((s) => s.file).filter((f) => f.startsWith(prefix)))];
	const hasImages = e.images.some((i) => i.file.startsWith(prefix));
	// Images are shown in the image groups; a directory of only images has no data plots.
	return series.length > 0 || hasImages ? series : undefined;
}

function isDvcLiveMetricsPlot(def: PlotDefinition, seriesFiles: ReadonlySet<string>): boolean {
	const files = Object.keys(def.y);
	return files.length > 0 && files.every((f) => DVCLIVE_METRICS_RE.test(f) && seriesFiles.has(f));
}

export interface ResolvedPlots {
	experiment: RunExperiment;
	/** Metric chart id -> title from a single-file plot definition. */
	titles: Map<string, string>;
}

export function resolveRunPlots(e: RunExperiment): ResolvedPlots {
	const expanded = expandPlotDirs(e.plots, (dir) => filesUnder(e, dir));
	const seriesFiles = new Set(e.series.map((s) => s.file));
	const plots: PlotDefinition[] = [];
	const xOf = new Map<string, string>();
	const titles = new Map<string, string>();
	for (const def of expanded) {
		if (!isDvcLiveMetricsPlot(def, seriesFiles)) {
			plots.push(def);
			continue;
		}
		for (const [file, x] of Object.entries(def.x ?? {})) {
			xOf.set(file, x);
		}
		const files = Object.keys(def.y);
		const only = files.length === 1 ? e.series.filter((s) => s.file === files[0]) : [];
		if (def.title && only.length === 1) {
			titles.set(chartIdOf(only[0].name), def.title);
		}
	}
	const series = e.series.map((s): MetricSeries => {
		const x = xOf.get(s.file);
		return x && x !== s.x ? { ...s, x } : s;
	});
	return { experiment: { ...e, plots, series }, titles };
}

/** Resolves the plots of every run in place (runs are the panel's own copies) and returns chart titles. */
export function resolvePlots(runs: RunInput[]): Map<string, string> {
	const titles = new Map<string, string>();
	for (const run of runs) {
		const resolved = resolveRunPlots(run.experiment);
		run.experiment = resolved.experiment;
		for (const [id, title] of resolved.titles) {
			titles.set(id, title);
		}
	}
	return titles;
}

export function applyTitles(charts: LineChart[], titles: ReadonlyMap<string, string>): void {
	for (const chart of charts) {
		chart.title = titles.get(chart.id) ?? chart.title;
	}
}
