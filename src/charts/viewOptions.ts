import type { ChartsViewOptions } from '../shared/protocol';
import { sanitizeOptions } from './panelIo';

/** workspaceState key of the composed charts (several metrics in one chart), kept across panels and reloads. */
export const COMPOSE_KEY = 'runlens.charts.compose';

/** The part of `vscode.Memento` the options use (the workspace state). */
export interface OptionsMemento {
	get(key: string): unknown;
	update(key: string, value: unknown): Thenable<void>;
}

/**
 * The chart panel's view options: the settings' defaults, then what the page kept in its state
 * (x axis, smoothing, per-chart axes, compositions), every value from the page sanitized first.
 */
export class ChartsViewState {
	constructor(
		public options: ChartsViewOptions,
		private readonly memento: OptionsMemento,
	) {}

	/** The page's saved options on `ready`; a new panel (no page state) gets the workspace's compositions. */
	adopt(state: unknown): void {
		const saved = (state as { options?: Partial<ChartsViewOptions> } | undefined)?.options;
		if (saved) {
			this.options = { ...this.options, ...sanitizeOptions(saved) };
		}
		if (!saved?.compose) {
			const compose = sanitizeOptions({ compose: this.memento.get(COMPOSE_KEY) as string[][] | undefined }).compose;
			this.options = { ...this.options, ...(compose ? { compose } : {}) };
		}
	}

	/** Options the page changed; compositions are also kept for the workspace. */
	async set(changed: Partial<ChartsViewOptions>): Promise<void> {
		const options = sanitizeOptions(changed);
		this.options = { ...this.options, ...options };
		if (options.compose) {
			await this.memento.update(COMPOSE_KEY, options.compose);
		}
	}

	/** A chart's own x axis (not a string or empty: back to the panel's). */
	setChartX(chartId: string, xAxis: unknown): void {
		const chartX = { ...this.options.chartX };
		if (typeof xAxis === 'string' && xAxis.length > 0) {
			chartX[chartId] = xAxis;
		} else {
			delete chartX[chartId];
		}
		this.options = { ...this.options, chartX };
	}
}
