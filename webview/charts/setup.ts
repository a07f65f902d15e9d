import type { Chart, ChartType, InteractionItem, InteractionModeFunction, Plugin } from 'chart.js';
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart as ChartJs,
	Decimation,
	Interaction,
	LinearScale,
	LineController,
	LineElement,
	LogarithmicScale,
	PointElement,
	ScatterController,
	Title,
	Tooltip,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { EventMarker } from '../../src/shared/protocol';

declare module 'chart.js' {
	interface InteractionModeMap {
		eachNearestX: InteractionModeFunction;
	}
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	interface PluginOptionsByType<TType extends ChartType> {
		runEvents?: RunEventsOptions;
	}
}

export interface RunEventsOptions {
	markers: EventMarker[];
	enabled: boolean;
	onHover?: (marker: EventMarker | undefined, x: number, y: number) => void;
}

/**
 * Tooltip mode: for every visible dataset, the point nearest in x to the cursor. Runs have
 * different x samples (host bucketing), so Chart.js's `index` mode would pair unrelated points.
 */
const eachNearestX: InteractionModeFunction = (chart, event) => {
	const items: InteractionItem[] = [];
	const x = event.x;
	if (x === null || x === undefined) {
		return items;
	}
	cursors.set(chart, x);
	chart.data.datasets.forEach((_, datasetIndex) => {
		const meta = chart.getDatasetMeta(datasetIndex);
		if (!chart.isDatasetVisible(datasetIndex) || meta.data.length === 0) {
			return;
		}
		const index = nearestIndex(meta.data, x);
		items.push({ element: meta.data[index], datasetIndex, index });
	});
	return items;
};

const cursors = new WeakMap<object, number>();

/** The pointer's pixel x when `eachNearestX` last picked the points of `chart` (the tooltip's). */
export function cursorX(chart: object): number | undefined {
	return cursors.get(chart);
}

/** Binary search over elements sorted by pixel x (the host sends rows in order). */
export function nearestIndex(points: readonly { x: number }[], x: number): number {
	let lo = 0;
	let hi = points.length - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (points[mid].x < x) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return Math.abs(points[lo].x - x) <= Math.abs(points[hi].x - x) ? lo : hi;
}

/** Vertical lines for run events, drawn after the datasets; hover reports the marker under the cursor. */
const runEventsPlugin: Plugin<'line', RunEventsOptions> = {
	id: 'runEvents',
	afterDatasetsDraw(chart, _args, options) {
		if (!options.enabled || options.markers.length === 0) {
			return;
		}
		const { ctx, chartArea, scales } = chart;
		ctx.save();
		ctx.setLineDash([4, 3]);
		ctx.lineWidth = 1;
		for (const marker of options.markers) {
			const px = scales.x.getPixelForValue(marker.x);
			if (px < chartArea.left || px > chartArea.right) {
				continue;
			}
			ctx.strokeStyle = marker.colour;
			ctx.beginPath();
			ctx.moveTo(px, chartArea.top);
			ctx.lineTo(px, chartArea.bottom);
			ctx.stroke();
		}
		ctx.restore();
	},
	afterEvent(chart, args, options) {
		if (!options.enabled || !options.onHover || args.event.x === null) {
			return;
		}
		const { x, y } = args.event;
		const hit = options.markers.find((m) => Math.abs(chart.scales.x.getPixelForValue(m.x) - x) <= 4);
		options.onHover(args.event.type === 'mouseout' ? undefined : hit, x, y ?? 0);
	},
	defaults: { markers: [], enabled: true },
};

let registered = false;

export function registerChartJs(): typeof ChartJs {
	if (!registered) {
		ChartJs.register(
			LineController,
			LineElement,
			PointElement,
			ScatterController,
			BarController,
			BarElement,
			LinearScale,
			LogarithmicScale,
			CategoryScale,
			Tooltip,
			Title,
			Decimation,
			zoomPlugin,
			runEventsPlugin,
		);
		Interaction.modes.eachNearestX = eachNearestX;
		registered = true;
	}
	return ChartJs;
}

export type { Chart };
