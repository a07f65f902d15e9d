import type { SeriesAppend } from '../model/api';
import type { ChartsHostMessage, ChartsViewOptions, LineSeries } from '../shared/protocol';
import type { LineState, RunInput } from './chartModel';
import { appendPoints } from './chartModel';
import { labelsChanged } from './labelSplit';

const FLUSH_MS = 100; // at most ~10 updates per second per chart

type LivePoints = Extract<ChartsHostMessage, { type: 'charts/append' }>['appends'][number];

export interface LiveAppendsHost {
	/** The lines of the last snapshot, by line key (shared: a chart rebuilt on another axis swaps its own). */
	readonly states: () => Map<string, LineState>;
	readonly options: () => ChartsViewOptions;
	/** Target points per line: a line grown past twice this is re-bucketed in place. */
	readonly budget: number;
	post(message: ChartsHostMessage): void;
	range(chartId: string, x0: number, x1: number, pixels: number): LineSeries[];
}

/**
 * A live run's new rows as points for the lines drawn from its table: queued per line and sent
 * at most every FLUSH_MS, so a run writing every few milliseconds costs the page ~10 updates a
 * second. Only the rows past what a line has drawn are sent; the page appends them in place.
 */
export class LiveAppends {
	private pending = new Map<string, LivePoints>();
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(private readonly host: LiveAppendsHost) {}

	/**
	 * Queues the rows of `e` for the run's lines; false when the charts must be rebuilt instead
	 * (a new metric, a rewritten file, a new label value or a run not loaded yet).
	 */
	accept(run: RunInput | undefined, e: SeriesAppend): boolean {
		const lines = [...this.host.states().values()].filter(
			(s) => s.experimentId === e.experimentId && s.metric.file === e.file,
		);
		const relayout = lines.some((s) => s.rows > e.table.length || labelsChanged(s, e.table));
		if (e.reset || !run || lines.length === 0 || relayout) {
			return false;
		}
		(run.tables as Map<string, typeof e.table>).set(e.file, e.table);
		for (const state of lines) {
			this.queue(state, e);
		}
		this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
		return true;
	}

	/** Drops the queued points of a line (its chart was rebuilt, or a snapshot replaced them all). */
	forget(key?: string): void {
		if (key === undefined) {
			this.pending.clear();
		} else {
			this.pending.delete(key);
		}
	}

	private queue(state: LineState, e: SeriesAppend): void {
		const { xAxis, smoothing } = this.host.options();
		const points = appendPoints(state, e.table, xAxis, smoothing);
		if (!points || points.x.length === 0) {
			return;
		}
		const entry = this.pending.get(state.key) ?? { chartId: state.chartId, key: state.key, x: [], y: [], total: 0 };
		entry.x.push(...points.x);
		entry.y.push(...points.y);
		if (points.smoothed) {
			(entry.smoothed ??= []).push(...points.smoothed);
		}
		entry.total = state.total;
		this.pending.set(state.key, entry);
	}

	private flush(): void {
		this.timer = undefined;
		if (this.pending.size === 0) {
			return;
		}
		const appends = [...this.pending.values()];
		this.pending.clear();
		this.host.post({ type: 'charts/append', appends });
		// Long live runs: once a line has grown well past its budget, re-bucket its chart in place.
		const states = this.host.states();
		const budget = this.host.budget;
		const grown = new Set(appends.filter((a) => (states.get(a.key)?.appended ?? 0) > 2 * budget).map((a) => a.chartId));
		const all = { x0: -Number.MAX_VALUE, x1: Number.MAX_VALUE };
		for (const chartId of grown) {
			const series = this.host.range(chartId, all.x0, all.x1, budget);
			states.forEach((s) => s.chartId === chartId && (s.appended = 0));
			this.host.post({ type: 'charts/range', requestId: 0, chartId, ...all, series });
		}
	}

	dispose(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.pending.clear();
	}
}
