import type { ExperimentsModel } from '../model/api';
import type { Result, RunEvent, SeriesTable } from '../model/types';
import type { AxisSettings, ChartsSnapshot, ChartsViewOptions, LineChart, LineSeries, XAxis } from '../shared/protocol';
import type { LineOptions, LineState, RunInput } from './chartModel';
import { availableXAxes, buildLineCharts, buildLines, resolveX, xAxisLabel } from './chartModel';
import { chartIdFor, type Compositions, compositionOf } from './compose';
import { chartEvents } from './events';
import type { GroupsConfig } from './groups';
import { chartSettings, chartXAxis } from './groups';
import { imageGroups } from './images';
import { labelColumns, rowLabel } from './labelSplit';
import { applyTitles, resolvePlots } from './plotDirs';
import type { PlotRow } from './plotRows';
import { parsePlotRows } from './plotRows';
import type { PlotRun } from './plots';
import { buildPlot } from './plots';

/**
 * Loads what the chart panel shows for the selected experiments from the model and shapes it
 * into a snapshot. No `vscode` here: the panel passes settings in as plain values.
 */
export interface SnapshotInput {
	model: ExperimentsModel;
	selected: readonly string[];
	colourOf: (id: string) => string | undefined;
	options: ChartsViewOptions;
	axes: Readonly<Record<string, AxisSettings>>;
	/** `runlens.charts.groups` (see groups.ts). */
	groups?: GroupsConfig;
	ignoreOutliers: boolean;
	budget: number;
	/** An experiment's events with the recorded lifecycle (LifecycleRecorder.eventsFor); its file events when absent. */
	eventsOf?: (experimentId: string) => RunEvent[];
}

export interface LoadedSnapshot {
	snapshot: ChartsSnapshot;
	runs: RunInput[];
	states: LineState[];
}

export async function loadRuns(
	model: ExperimentsModel,
	selected: readonly string[],
	colourOf: (id: string) => string | undefined,
	eventsOf?: (experimentId: string) => RunEvent[],
): Promise<RunInput[]> {
	const runs: RunInput[] = [];
	for (const id of selected) {
		const found = model.getExperiment(id);
		if (!found) {
			continue;
		}
		const experiment = { ...found, events: chartEvents(eventsOf ? eventsOf(id) : found.events) };
		const tables = new Map<string, SeriesTable>();
		for (const file of new Set(experiment.series.map((s) => s.file))) {
			const table = await model.readSeriesTable(id, file);
			if (table) {
				tables.set(file, table);
			}
		}
		runs.push({ experiment, colour: colourOf(id) ?? '#888888', tables });
	}
	return runs;
}

async function loadPlotRuns(model: ExperimentsModel, runs: readonly RunInput[]): Promise<PlotRun[]> {
	const out: PlotRun[] = [];
	for (const run of runs) {
		const rows = new Map<string, Result<PlotRow[]>>();
		for (const def of run.experiment.plots) {
			for (const file of Object.keys(def.y)) {
				if (rows.has(file)) {
					continue;
				}
				const bytes = await model.readFile(run.experiment.id, file);
				rows.set(file, bytes ? parsePlotRows(file, bytes) : { ok: false, error: 'file not found at this revision' });
			}
		}
		out.push({ id: run.experiment.id, label: run.experiment.name, colour: run.colour, rows });
	}
	return out;
}

export async function loadSnapshot(input: SnapshotInput): Promise<LoadedSnapshot> {
	const runs = await loadRuns(input.model, input.selected, input.colourOf, input.eventsOf);
	const titles = resolvePlots(runs);
	const { charts, states } = buildLineCharts(runs, {
		...input.options,
		budget: input.budget,
		axes: input.axes,
		groups: input.groups,
	});
	applyTitles(charts, titles);
	const plotRuns = await loadPlotRuns(input.model, runs);
	const defs = new Map(runs.flatMap((r) => r.experiment.plots.map((d) => [d.id, d] as const)).reverse());
	const snapshot: ChartsSnapshot = {
		options: input.options,
		xAxes: availableXAxes(runs),
		experiments: runs.map((r) => ({ id: r.experiment.id, label: r.experiment.name, colour: r.colour })),
		charts,
		plots: [...defs.values()].map((def) => buildPlot(def, plotRuns)),
		images: imageGroups(
			runs.map((r) => ({
				id: r.experiment.id,
				label: r.experiment.name,
				colour: r.colour,
				images: r.experiment.images,
			})),
		),
		pointBudget: input.budget,
		ignoreOutliers: input.ignoreOutliers,
	};
	return { snapshot, runs, states };
}

/** The lines of one chart re-bucketed over [x0, x1] (reply to a zoom). */
export function rangeSeries(
	runs: readonly RunInput[],
	chartId: string,
	options: ChartsViewOptions,
	x0: number,
	x1: number,
	pixels: number,
	groups?: GroupsConfig,
): LineSeries[] {
	const budget = Math.max(50, Math.min(pixels, 4000));
	const pairs = runs.flatMap((run) =>
		run.experiment.series
			.filter((m) => chartIdFor(m.name, options.compose) === chartId)
			.map((metric) => ({ run, metric })),
	);
	if (pairs.length === 0) {
		return [];
	}
	const settings = chartSettings(pairs[0].metric.name, undefined, groups);
	// The same axis the chart was built on (buildLineCharts): the wanted one, else the panel's, else step.
	const wanted = chartXAxis(options.xAxis, settings, options.chartX?.[chartId]);
	for (const xAxis of new Set([wanted, options.xAxis, 'step'])) {
		const lines = pairs.flatMap((p) => buildLines(p.run, p.metric, { ...options, xAxis, budget }, [x0, x1]));
		if (lines.length > 0) {
			return lines.map((b) => b.series);
		}
	}
	return [];
}

/** One line chart rebuilt with the current options (after its own x axis changed) and the states continuing it. */
export function rebuildChart(
	runs: readonly RunInput[],
	chartId: string,
	opts: LineOptions,
): { chart: LineChart | undefined; states: LineState[] } {
	const only = runs.map((run) => ({
		...run,
		experiment: {
			...run.experiment,
			series: run.experiment.series.filter((m) => chartIdFor(m.name, opts.compose) === chartId),
		},
	}));
	const { charts, states } = buildLineCharts(only, opts);
	applyTitles(charts, resolvePlots([...runs]));
	return { chart: charts[0], states };
}

/** CSV of a chart's full-resolution data: one row per (experiment, point). */
export function chartCsv(runs: readonly RunInput[], chartId: string, xAxis: XAxis, compose?: Compositions): string {
	const composed = compositionOf(chartId, compose) !== undefined;
	const lines = [['experiment', xAxisLabel(xAxis), 'value'].map(csvCell).join(',')];
	for (const run of runs) {
		for (const metric of run.experiment.series) {
			const table = run.tables.get(metric.file);
			const y = table?.data[metric.column];
			const x = table && resolveX(table, xAxis, metric)?.values;
			if (chartIdFor(metric.name, compose) !== chartId || !table || !y || !x) {
				continue;
			}
			const labels = labelColumns(table, [metric.column, metric.x]);
			for (let i = 0; i < table.length; i++) {
				const label = labels.length > 0 ? rowLabel(table, labels, i) : '';
				const name = [run.experiment.name, label, composed ? metric.name : ''].filter(Boolean).join(' · ');
				lines.push([csvCell(name), String(x[i]), String(y[i])].join(','));
			}
		}
	}
	return lines.join('\n') + '\n';
}

export function csvCell(text: string): string {
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
