import type { CustomAxis, CustomPoint } from '../../../src/shared/protocol';

/**
 * Parallel-coordinates geometry, DOM-free: where each axis is, value <-> pixel on an axis, and the
 * range a vertical drag covers. Numeric axes run from min (bottom) to max (top); categorical axes
 * space their categories evenly.
 */
export interface Layout {
	left: number;
	right: number;
	top: number;
	bottom: number;
}

export interface BrushRange {
	column: string;
	min: number;
	max: number;
}

export function axisX(index: number, count: number, layout: Layout): number {
	if (count <= 1) {
		return (layout.left + layout.right) / 2;
	}
	return layout.left + ((layout.right - layout.left) * index) / (count - 1);
}

/** The drawn domain: a single value gets a little room either side, so it sits mid-axis. */
export function domain(axis: CustomAxis): [number, number] {
	if (axis.kind === 'categorical') {
		return axis.max > axis.min ? [axis.min, axis.max] : [axis.min - 1, axis.min + 1];
	}
	if (axis.max > axis.min) {
		return [axis.min, axis.max];
	}
	const pad = Math.abs(axis.min) * 0.1 || 1;
	return [axis.min - pad, axis.max + pad];
}

export function valueToY(axis: CustomAxis, value: number, layout: Layout): number {
	const [lo, hi] = domain(axis);
	return layout.bottom - ((value - lo) / (hi - lo)) * (layout.bottom - layout.top);
}

export function yToValue(axis: CustomAxis, y: number, layout: Layout): number {
	const [lo, hi] = domain(axis);
	const clamped = Math.min(layout.bottom, Math.max(layout.top, y));
	return lo + ((layout.bottom - clamped) / (layout.bottom - layout.top)) * (hi - lo);
}

/** The range of a drag from y0 to y1 (either direction) on a numeric axis. */
export function brushFromDrag(axis: CustomAxis, y0: number, y1: number, layout: Layout): BrushRange {
	const a = yToValue(axis, y0, layout);
	const b = yToValue(axis, y1, layout);
	return { column: axis.column, min: Math.min(a, b), max: Math.max(a, b) };
}

/** The numeric axis nearest to x within `slop` pixels, if any. */
export function axisAt(axes: readonly CustomAxis[], x: number, layout: Layout, slop = 14): number | undefined {
	let best: number | undefined;
	let distance = slop;
	axes.forEach((_axis, i) => {
		const d = Math.abs(axisX(i, axes.length, layout) - x);
		if (d <= distance) {
			best = i;
			distance = d;
		}
	});
	return best;
}

/** A line is inside when it lies within every range on the plot's axes (ranges on other columns do not apply here). */
export function inside(point: CustomPoint, axes: readonly CustomAxis[], ranges: readonly BrushRange[]): boolean {
	return ranges.every((range) => {
		const i = axes.findIndex((a) => a.column === range.column);
		return i < 0 || (point.values[i] >= range.min && point.values[i] <= range.max);
	});
}

/** Replaces the range on `range.column` (one brush per column), keeping every other column's. */
export function withRange(ranges: readonly BrushRange[], range: BrushRange): BrushRange[] {
	return [...ranges.filter((r) => r.column !== range.column), range];
}
