import type { CustomAxis, CustomColumn, CustomPlotData, CustomPoint } from '../../../src/shared/protocol';
import type { Theme } from '../../shared/theme';
import { el, withAlpha } from '../../shared/theme';
import type { Chart } from '../setup';
import { registerChartJs } from '../setup';
import { button, checkbox, columnLabel, columnSelect, shortNumber } from './controls';

type ScatterConfig = Extract<CustomPlotData['config'], { kind: 'scatter' }>;

export interface ScatterEvents {
	onChange(config: ScatterConfig): void;
	onRemove(): void;
}

/** One experiment per point: any column against any other, with the run's selection colour. */
export class ScatterCard {
	readonly element = el('div', 'chart-card custom-card');
	private chart: Chart | undefined;
	private readonly canvas = el('canvas');
	private readonly byId: Map<string, CustomColumn>;

	constructor(
		readonly data: CustomPlotData & { config: ScatterConfig },
		columns: readonly CustomColumn[],
		private readonly theme: Theme,
		events: ScatterEvents,
	) {
		const { config } = data;
		this.element.dataset.customPlot = config.id;
		this.element.dataset.kind = 'scatter';
		const byId = (this.byId = new Map(columns.map((c) => [c.id, c])));
		const title = [config.y, config.x].map((id) => (id && byId.get(id) ? byId.get(id)!.key : '…')).join(' vs ');
		const head = el('div', 'chart-head');
		head.append(
			el('span', 'custom-title', title),
			button('Remove', 'Remove this plot', () => events.onRemove()),
		);
		const pickers = el('div', 'custom-controls');
		pickers.append(
			el('span', 'label', 'X'),
			columnSelect(columns, config.x, (x) => events.onChange({ ...config, x }), 'Choose a column'),
			el('span', 'label', 'Y'),
			columnSelect(columns, config.y, (y) => events.onChange({ ...config, y }), 'Choose a column'),
			checkbox('Log x', !!config.logX, (logX) => events.onChange({ ...config, logX })),
			checkbox('Log y', !!config.logY, (logY) => events.onChange({ ...config, logY })),
		);
		this.element.append(head, pickers);
		if (data.axes.length < 2) {
			this.element.append(el('div', 'custom-hint', 'Choose a column for each axis.'));
			return;
		}
		const body = el('div', 'chart-body');
		body.append(this.canvas);
		const what = config.logX || config.logY ? 'both values (> 0 on a log axis)' : 'both values';
		this.element.append(body, excludedNote(data.excluded, what));
	}

	/** Creates the chart once the card is in the page (Chart.js lays out only attached canvases). */
	draw(): void {
		if (!this.chart && this.data.axes.length >= 2) {
			this.chart = this.create(this.canvas, this.byId, this.theme);
		}
	}

	private create(canvas: HTMLCanvasElement, byId: Map<string, CustomColumn>, theme: Theme): Chart {
		const { points, axes, config } = this.data;
		const colours = points.map((p) => p.colour ?? theme.muted);
		const ChartJs = registerChartJs();
		const name = (axis: CustomAxis) => {
			const column = byId.get(axis.column);
			return column ? columnLabel(column) : axis.column;
		};
		return new ChartJs(canvas, {
			type: 'scatter',
			data: {
				datasets: [
					{
						data: points.map((p) => ({ x: p.values[0], y: p.values[1] })),
						pointBackgroundColor: colours.map((c) => withAlpha(c, 0.85)),
						pointBorderColor: colours,
						pointRadius: 4,
						pointHoverRadius: 6,
					},
				],
			},
			options: {
				animation: false,
				maintainAspectRatio: false,
				plugins: {
					legend: { display: false },
					tooltip: {
						callbacks: {
							title: (items) => items.map((i) => points[i.dataIndex].label),
							label: (item) => tooltipLines(points[item.dataIndex], axes, name),
						},
					},
				},
				scales: {
					x: scale(axes[0], !!config.logX, name(axes[0]), theme),
					y: scale(axes[1], !!config.logY, name(axes[1]), theme),
				},
			},
		});
	}

	pointsDrawn(): number {
		// What Chart.js laid out, not what it was given.
		return this.chart?.getDatasetMeta(0).data.length ?? 0;
	}

	destroy(): void {
		this.chart?.destroy();
	}
}

function tooltipLines(point: CustomPoint, axes: CustomAxis[], name: (a: CustomAxis) => string): string[] {
	return axes.map((axis, i) => `${name(axis)}: ${point.texts[i]}`);
}

function scale(axis: CustomAxis, log: boolean, title: string, theme: Theme) {
	const common = {
		title: { display: true, text: title, color: theme.muted },
		grid: { color: theme.grid },
	};
	if (axis.categories) {
		const categories = axis.categories;
		return {
			...common,
			type: 'linear' as const,
			min: -0.5,
			max: categories.length - 0.5,
			ticks: {
				color: theme.foreground,
				stepSize: 1,
				callback: (v: number | string) => categories[Number(v)] ?? '',
			},
		};
	}
	return {
		...common,
		type: log ? ('logarithmic' as const) : ('linear' as const),
		ticks: { color: theme.foreground, callback: (v: number | string) => shortNumber(Number(v)) },
	};
}

export function excludedNote(excluded: number, what: string): HTMLElement {
	const note = el('div', 'custom-note');
	if (excluded > 0) {
		note.textContent = `${excluded} experiment${excluded === 1 ? '' : 's'} without ${what} not shown`;
	}
	return note;
}
