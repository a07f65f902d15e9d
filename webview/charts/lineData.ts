import type { ChartDataset, Point } from 'chart.js';

/** Small pure helpers of the line chart view: datasets, points, axis padding and x formatting. */
export function lineDataset(
	label: string,
	colour: string,
	data: Point[],
	hidden: boolean,
	order: number,
): ChartDataset<'line', Point[]> {
	return {
		label,
		data,
		borderColor: colour,
		backgroundColor: colour,
		hidden,
		order,
		pointRadius: 0,
		borderWidth: order === 2 ? 1 : 1.5,
	};
}

export function toPoints(x: readonly number[], y: readonly number[]): Point[] {
	const out = new Array<Point>(x.length);
	for (let i = 0; i < x.length; i++) {
		out[i] = { x: x[i], y: y[i] };
	}
	return out;
}

/**
 * `n.toLocaleString('en-US')` for integers, without Intl: the first Intl call loads ICU data,
 * which cost ~60 ms of the panel's first draw.
 */
export function groupDigits(n: number): string {
	return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}

export function padded(bounds?: [number, number]): [number, number] | undefined {
	if (!bounds) {
		return undefined;
	}
	const pad = (bounds[1] - bounds[0]) * 0.05 || Math.abs(bounds[0]) * 0.05 || 1;
	return [bounds[0] - pad, bounds[1] + pad];
}

export function formatX(value: number, axis: string): string {
	if (!Number.isFinite(value)) {
		return '';
	}
	if (axis === 'wall') {
		return new Date(value).toLocaleString();
	}
	if (axis === 'relative') {
		const s = Math.round(value);
		const h = Math.floor(s / 3600);
		const m = Math.floor((s % 3600) / 60);
		return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
	}
	// Steps past 1,000 read as whole numbers (`11,240`, not `1.124e+4`).
	return Number.isInteger(value) || Math.abs(value) >= 1000 ? groupDigits(Math.round(value)) : value.toPrecision(4);
}

/** The chart as PNG on the theme background (the canvas itself is transparent). */
export function pngWithBackground(source: HTMLCanvasElement, background: string): string {
	const canvas = document.createElement('canvas');
	canvas.width = source.width;
	canvas.height = source.height;
	const ctx = canvas.getContext('2d');
	if (!ctx) {
		return source.toDataURL('image/png');
	}
	ctx.fillStyle = background;
	ctx.fillRect(0, 0, canvas.width, canvas.height);
	ctx.drawImage(source, 0, 0);
	return canvas.toDataURL('image/png');
}
