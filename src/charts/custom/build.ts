import type { SelectionModel } from '../../experiments/selection';
import type { TableFilterBridge } from '../../experiments/tableFilter';
import type { Experiment } from '../../model/types';
import type {
	CustomAxis,
	CustomColumn,
	CustomPlotData,
	CustomPlotsConfig,
	CustomPlotsSnapshot,
	CustomPoint,
} from '../../shared/protocol';
import { ColumnCollector } from './columns';
import { outsideBrush, PlotBuilder, plottedExperiments } from './transforms';

/**
 * Builds the custom plots snapshot without blocking the extension host: columns, plot rows and
 * points are made in slices of about 15 ms with a yield between them (10,000 runs x 200 columns
 * take hundreds of ms in all; figures in `npm run bench`, section customPlots). `stale()` stops a
 * build early. No `vscode` here.
 */
const SLICE_MS = 15;
// The clock is read every 16 items: an item costs up to a few hundred µs (200 columns), so a slice
// overshoots 15 ms by little.
const CHECK_EVERY = 16;

export interface Columns {
	list: CustomColumn[];
	byId: Map<string, CustomColumn>;
}

/** Calls `step` for each item, yielding every ~15 ms; resolves false when `stale()` turned true. */
export async function eachSliced<T>(
	items: readonly T[],
	step: (item: T) => void,
	stale: () => boolean,
	sliceMs = SLICE_MS,
	checkEvery = CHECK_EVERY,
): Promise<boolean> {
	let started = performance.now();
	for (let i = 0; i < items.length; i++) {
		step(items[i]);
		if (i % checkEvery === checkEvery - 1 && performance.now() - started > sliceMs) {
			await new Promise((resolve) => setImmediate(resolve));
			if (stale()) {
				return false;
			}
			started = performance.now();
		}
	}
	return true;
}

export async function buildColumns(
	experiments: readonly Experiment[],
	stale: () => boolean,
): Promise<Columns | undefined> {
	const collector = new ColumnCollector();
	if (!(await eachSliced(experiments, (e) => collector.add(e), stale))) {
		return undefined;
	}
	const list = collector.columns();
	return { list, byId: new Map(list.map((c) => [c.id, c])) };
}

export interface BuildInputs {
	config: CustomPlotsConfig;
	all: readonly Experiment[];
	columns: Columns;
	selection: SelectionModel;
	tableFilter: TableFilterBridge;
}

export async function buildSnapshot(
	inputs: BuildInputs,
	stale: () => boolean,
): Promise<CustomPlotsSnapshot | undefined> {
	const { config, all, columns, selection, tableFilter } = inputs;
	const brush = [...tableFilter.brush];
	if (!config.enabled) {
		return { config, source: 'all', experiments: 0, columns: [], plots: [], brush };
	}
	const { experiments, source } = plottedExperiments(all, selection.selected, tableFilter.filteredIds, (e) =>
		outsideBrush(e, brush, columns.byId),
	);
	const builders = config.plots.map((plot) => new PlotBuilder(plot, columns.byId));
	if (!(await eachSliced(experiments, (e) => builders.forEach((b) => b.add(e)), stale))) {
		return undefined;
	}
	const plots: CustomPlotData[] = [];
	for (const builder of builders) {
		// An axis is one pass over up to every experiment: the clock is read after each.
		const axes: CustomAxis[] = [];
		const columns = builder.axisColumns();
		if (!(await eachSliced(columns, () => axes.push(builder.axis(axes.length)), stale, SLICE_MS, 1))) {
			return undefined;
		}
		const finishing = builder.finishing(axes, (id) => selection.colourOf(id));
		const points: CustomPoint[] = [];
		if (!(await eachSliced(finishing.rows, (row) => points.push(finishing.point(row)), stale))) {
			return undefined;
		}
		plots.push(finishing.done(points));
	}
	return { config, source, experiments: experiments.length, columns: columns.list, plots, brush };
}
