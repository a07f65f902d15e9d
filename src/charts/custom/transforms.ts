import type { ColumnRange } from '../../experiments/tableFilter';
import type { Experiment, ParamValue } from '../../model/types';
import type { CustomAxis, CustomColumn, CustomPlotConfig, CustomPlotData, CustomPoint } from '../../shared/protocol';
import { categoryOf, cellOf, sortCategories, textOf } from './columns';

/**
 * Pure transforms from experiments to what a custom plot draws: which experiments, the axes and
 * one point (scatter) or polyline (parallel coordinates) per experiment. No `vscode` here.
 */

export interface PlottedExperiments {
	experiments: Experiment[];
	source: 'selection' | 'table' | 'all';
}

/**
 * The ticked experiments if any; else the experiments table's visible rows (when it is open);
 * else every experiment. The table's rows already reflect our own brush: experiments only the
 * brush hides stay in the plot (drawn faded), or brushing would erase what it brushes over and a
 * range could never be widened again.
 */
export function plottedExperiments(
	all: readonly Experiment[],
	selected: readonly string[],
	filteredIds: readonly string[] | undefined,
	hiddenByBrush: (experiment: Experiment) => boolean,
): PlottedExperiments {
	if (selected.length > 0) {
		const byId = new Map(all.map((e) => [e.id, e]));
		const experiments = selected.map((id) => byId.get(id)).filter((e): e is Experiment => e !== undefined);
		return { experiments, source: 'selection' };
	}
	if (filteredIds) {
		const visible = new Set(filteredIds);
		return { experiments: all.filter((e) => visible.has(e.id) || hiddenByBrush(e)), source: 'table' };
	}
	return { experiments: [...all], source: 'all' };
}

/** True when the experiment lies outside at least one range (a missing or non-finite value is outside). */
export function outsideBrush(
	experiment: Experiment,
	ranges: readonly ColumnRange[],
	columns: ReadonlyMap<string, CustomColumn>,
): boolean {
	return ranges.some((range) => {
		const column = columns.get(range.column);
		const value = column ? cellOf(experiment, column) : undefined;
		return typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max;
	});
}

export interface PlotInputs {
	experiments: readonly Experiment[];
	columns: ReadonlyMap<string, CustomColumn>;
	colourOf: (id: string) => string | undefined;
}

/** The axes a plot's configuration names, in order; unknown columns (renamed, removed) are dropped. */
export function plotColumns(config: CustomPlotConfig, columns: ReadonlyMap<string, CustomColumn>): CustomColumn[] {
	const ids = config.kind === 'scatter' ? [config.x, config.y] : config.columns;
	return ids.map((id) => (id === undefined ? undefined : columns.get(id))).filter((c): c is CustomColumn => !!c);
}

/**
 * One point per experiment that has a usable value on every axis; the others are counted in
 * `excluded`. A scatter needs both axes chosen, else it has no points and excludes nothing.
 */
export function plotData(config: CustomPlotConfig, inputs: PlotInputs): CustomPlotData {
	const builder = new PlotBuilder(config, inputs.columns);
	inputs.experiments.forEach((e) => builder.add(e));
	return builder.finish(inputs.colourOf);
}

/** `plotData` one experiment at a time, so the host can yield between chunks of a large repo. */
export class PlotBuilder {
	private readonly columns: CustomColumn[];
	private readonly logs: boolean[];
	private readonly rows: KeptRow[] = [];
	private excluded = 0;

	constructor(
		private readonly config: CustomPlotConfig,
		columns: ReadonlyMap<string, CustomColumn>,
	) {
		this.columns = plotColumns(config, columns);
		this.logs = config.kind === 'scatter' ? [!!config.logX, !!config.logY] : [];
	}

	private get drawable(): boolean {
		return this.config.kind === 'parallel' || this.columns.length === 2;
	}

	add(experiment: Experiment): void {
		if (!this.drawable) {
			return;
		}
		const cells = this.columns.map((c) => cellOf(experiment, c));
		if (cells.every((v, i) => usable(v, this.columns[i], this.logs[i] ?? false))) {
			this.rows.push({ experiment, cells: cells as ParamValue[] });
		} else {
			this.excluded++;
		}
	}

	finish(colourOf: (id: string) => string | undefined): CustomPlotData {
		const axes = this.axisColumns().map((_, i) => this.axis(i));
		const f = this.finishing(axes, colourOf);
		return f.done(f.rows.map(f.point));
	}

	/** The columns that get an axis: none for a scatter short of one (add() kept no row then). */
	axisColumns(): readonly CustomColumn[] {
		return this.drawable ? this.columns : [];
	}

	/** Axis `i` over the kept rows (one pass over them; a categorical one sorts its categories). */
	axis(i: number): CustomAxis {
		return axisOf(
			this.columns[i],
			this.rows.map((r) => r.cells[i]),
		);
	}

	/**
	 * The points for these axes, one per kept row: apart from `axis` so the host can make the axes
	 * and points of a large plot in slices (`done(rows.map(point))` with every axis is `finish`).
	 */
	finishing(axes: CustomAxis[], colourOf: (id: string) => string | undefined): PlotFinishing {
		const { config, rows, excluded } = this;
		const index = axes.map((a) => (a.categories ? new Map(a.categories.map((c, i) => [c, i])) : undefined));
		const point = ({ experiment, cells }: KeptRow): CustomPoint => {
			const colour = colourOf(experiment.id);
			return {
				experimentId: experiment.id,
				label: experiment.name,
				...(colour ? { colour } : {}),
				values: cells.map((v, i) => index[i]?.get(categoryOf(v)) ?? (v as number)),
				texts: cells.map(textOf),
			};
		};
		return { rows, point, done: (points) => ({ config, axes, points, excluded }) };
	}
}

export interface KeptRow {
	experiment: Experiment;
	cells: ParamValue[];
}

export interface PlotFinishing {
	rows: readonly KeptRow[];
	point: (row: KeptRow) => CustomPoint;
	done: (points: CustomPoint[]) => CustomPlotData;
}

function usable(value: ParamValue | undefined, column: CustomColumn, log: boolean): boolean {
	if (value === undefined) {
		return false;
	}
	if (column.kind === 'categorical') {
		return true;
	}
	return typeof value === 'number' && Number.isFinite(value) && (!log || value > 0);
}

function axisOf(column: CustomColumn, values: ParamValue[]): CustomAxis {
	if (column.kind === 'categorical') {
		const categories = sortCategories(values.map(categoryOf));
		return { column: column.id, kind: 'categorical', min: 0, max: Math.max(0, categories.length - 1), categories };
	}
	const numbers = values as number[];
	let min = Infinity;
	let max = -Infinity;
	for (const n of numbers) {
		min = Math.min(min, n);
		max = Math.max(max, n);
	}
	return numbers.length === 0
		? { column: column.id, kind: 'numeric', min: 0, max: 1 }
		: { column: column.id, kind: 'numeric', min, max };
}
