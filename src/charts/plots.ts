import type { PlotDefinition, Result } from '../model/types';
import type { PlotChart, PlotKind } from '../shared/protocol';
import type { PlotRow } from './plotRows';
import { cellText, toNumber } from './plotRows';

/** One selected revision's data for dvc.yaml plots. */
export interface PlotRun {
	id: string;
	label: string;
	colour: string;
	rows: ReadonlyMap<string, Result<PlotRow[]>>;
}

export function plotKind(template: string): PlotKind {
	if (template.startsWith('scatter')) {
		return 'scatter';
	}
	if (template.startsWith('bar_horizontal')) {
		return 'bar';
	}
	if (template.startsWith('confusion')) {
		return 'confusion';
	}
	// linear, simple, smooth and custom templates are drawn as lines.
	return 'line';
}

/** A plot definition's data across the selected revisions, with DVC's field defaults. */
export function buildPlot(def: PlotDefinition, runs: readonly PlotRun[]): PlotChart {
	const kind = plotKind(def.template);
	const firstX = def.x ? Object.values(def.x)[0] : undefined;
	const firstY = Object.values(def.y)[0]?.[0];
	const chart: PlotChart = {
		id: `plot:${def.id}`,
		kind,
		title: def.title ?? def.id,
		xLabel: def.x_label ?? firstX ?? 'step',
		yLabel: def.y_label ?? firstY ?? '',
		sorted: def.template === 'bar_horizontal_sorted' || undefined,
		series: [],
		errors: [],
	};
	if (kind === 'confusion') {
		chart.matrices = [];
	}
	for (const run of runs) {
		for (const [file, fields] of Object.entries(def.y)) {
			addFile(chart, def, run, file, fields);
		}
	}
	return chart;
}

function addFile(chart: PlotChart, def: PlotDefinition, run: PlotRun, file: string, fields: string[]): void {
	const rows = run.rows.get(file);
	if (!rows) {
		return;
	}
	if (!rows.ok) {
		chart.errors.push(`${run.label}: ${file}${rows.line ? `:${rows.line}` : ''}: ${rows.error}`);
		return;
	}
	const data = rows.value;
	// DVC: an empty y list means "the last field of the first datapoint"; no x means the row index.
	const yFields = fields.length > 0 ? fields : Object.keys(data[0] ?? {}).slice(-1);
	const xField = def.x?.[file];
	for (const yField of yFields) {
		const label = yFields.length > 1 || Object.keys(def.y).length > 1 ? `${run.label} ${yField}` : run.label;
		if (chart.kind === 'confusion') {
			chart.matrices?.push({
				label,
				colour: run.colour,
				...confusion(data, xField ?? 'actual', yField),
				normalized: def.template === 'confusion_normalized',
			});
		} else if (chart.kind === 'bar') {
			chart.series.push(bars(data, label, run.colour, xField, yField, chart.sorted === true));
		} else {
			const x = data.map((row, i) => (xField ? toNumber(row[xField]) : i));
			chart.series.push({ label, colour: run.colour, x, y: data.map((row) => toNumber(row[yField])) });
		}
	}
}

/** bar_horizontal: the x field holds the values, the y field the category of each bar. */
function bars(
	data: PlotRow[],
	label: string,
	colour: string,
	xField: string | undefined,
	yField: string,
	sorted: boolean,
) {
	let pairs = data.map((row, i) => ({ category: cellText(row[yField]), value: xField ? toNumber(row[xField]) : i }));
	if (sorted) {
		pairs = [...pairs].sort((a, b) => b.value - a.value);
	}
	return {
		label,
		colour,
		x: pairs.map((p) => p.value),
		y: pairs.map((_, i) => i),
		categories: pairs.map((p) => p.category),
	};
}

/** Counts per (y, x) pair, classes sorted ascending as DVC's Vega template sorts both axes. */
export function confusion(data: PlotRow[], xField: string, yField: string): { classes: string[]; counts: number[][] } {
	const classSet = new Set<string>();
	for (const row of data) {
		classSet.add(cellText(row[xField]));
		classSet.add(cellText(row[yField]));
	}
	const classes = [...classSet].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
	const index = new Map(classes.map((c, i) => [c, i]));
	const counts = classes.map(() => classes.map(() => 0));
	for (const row of data) {
		counts[index.get(cellText(row[yField])) ?? 0][index.get(cellText(row[xField])) ?? 0]++;
	}
	return { classes, counts };
}
