import type { FontSpec, Scale, Tick } from 'chart.js';
import { Ticks } from 'chart.js';
import { toFont } from 'chart.js/helpers';
import { groupDigits } from './lineData';

/**
 * Chart.js's own numeric tick label (`Ticks.formatters.numeric`), made without `Intl.NumberFormat`
 * for English: its first use loads ICU data, ~40-50 ms of the panel's first draw. Other locales,
 * scientific notation or a tick `format` go to Chart.js.
 */
export function numericTick(this: Scale, value: number | string, index: number, ticks: Tick[]): string {
	const v = Number(value);
	if (v === 0) {
		return '0';
	}
	let delta = v;
	if (ticks.length > 1) {
		const maxTick = Math.max(Math.abs(ticks[0].value), Math.abs(ticks[ticks.length - 1].value));
		if (maxTick < 1e-4 || maxTick > 1e15) {
			return Ticks.formatters.numeric.call(this, v, index, ticks);
		}
		delta = ticks.length > 3 ? ticks[2].value - ticks[1].value : ticks[1].value - ticks[0].value;
		if (Math.abs(delta) >= 1 && v !== Math.floor(v)) {
			delta = v - Math.floor(v);
		}
	}
	const logDelta = Math.log10(Math.abs(delta));
	const digits = Number.isNaN(logDelta) ? 1 : Math.max(Math.min(-1 * Math.floor(logDelta), 20), 0);
	const format = (this.options as { ticks?: { format?: unknown } }).ticks?.format;
	// Chart.js formats in the chart's locale, else the page's (VS Code's display language).
	const locale = this.chart.options.locale ?? navigator.language;
	const text = (locale === 'en-US' || locale === 'en') && !format ? fixed(v, digits) : undefined;
	return text ?? Ticks.formatters.numeric.call(this, v, index, ticks);
}

/**
 * `v` with exactly `digits` decimals, rounded half away from zero on its shortest decimal form
 * and grouped with commas, as `Intl.NumberFormat('en-US')` does; undefined when not plain decimal.
 */
export function fixed(v: number, digits: number): string | undefined {
	const shortest = String(Math.abs(v));
	if (!Number.isFinite(v) || !/^\d+(\.\d+)?$/.test(shortest)) {
		return undefined;
	}
	const [whole, frac = ''] = shortest.split('.');
	let scaled = BigInt(whole + frac.slice(0, digits).padEnd(digits, '0'));
	if (frac.length > digits && frac[digits] >= '5') {
		scaled += 1n;
	}
	const all = scaled.toString().padStart(digits + 1, '0');
	const intPart = groupDigits(Number(all.slice(0, all.length - digits)));
	const decimals = digits > 0 ? `.${all.slice(all.length - digits)}` : '';
	return `${v < 0 ? '-' : ''}${intPart}${decimals}`;
}

/** A log-y tick's label: the thinning (`thinLogLabels`) decides which ticks keep theirs. */
export function logTick(value: number | string): string {
	const v = Number(value);
	return v > 0 ? compact(v) : '';
}

function compact(v: number): string {
	return v >= 1e5 || v < 1e-3 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(3)));
}

/**
 * Log-y labels by pixel distance: Chart.js places log ticks at 1..9 of every decade (and at set
 * bounds), which crowd towards each decade's top and at a bound next to a round value, and its
 * autoSkip drops ticks by index, not by position. Every tick keeps its grid line; a label is kept
 * only `gap` pixels from every kept one, rounder values first (powers of ten, then 5, 2, other
 * integers, then the rest), so no two labels overlap at any chart height.
 */
export function keptLogLabels(values: readonly number[], pixel: (v: number) => number, gap: number): Set<number> {
	const order = values
		.map((v, i) => ({ v, i, rank: roundness(v) }))
		.filter((t) => t.v > 0 && Number.isFinite(pixel(t.v)))
		.sort((a, b) => a.rank - b.rank || a.i - b.i);
	const kept: number[] = [];
	const out = new Set<number>();
	for (const t of order) {
		const px = pixel(t.v);
		if (kept.every((k) => Math.abs(k - px) >= gap)) {
			kept.push(px);
			out.add(t.i);
		}
	}
	return out;
}

function roundness(v: number): number {
	const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
	const near = (n: number) => Math.abs(m - n) < 1e-6 * n;
	return near(1) || near(10) ? 0 : near(5) ? 1 : near(2) ? 2 : near(Math.round(m)) ? 3 : 4;
}

/** `afterTickToLabelConversion` of a vertical log scale: blanks the labels `keptLogLabels` drops. */
export function thinLogLabels(scale: Scale): void {
	const lo = Math.log10(scale.min);
	const span = Math.log10(scale.max) - lo;
	const length = scale.height; // the axis's length in this layout pass; its top is placed later
	if (!(span > 0) || !Number.isFinite(lo) || !(length > 0)) {
		return;
	}
	const pixel = (v: number) => ((Math.log10(v) - lo) / span) * length;
	const font = (scale.options as { ticks?: { font?: Partial<FontSpec> } }).ticks?.font ?? {};
	const kept = keptLogLabels(
		scale.ticks.map((t) => t.value),
		pixel,
		toFont(font).lineHeight + 2,
	);
	scale.ticks.forEach((t, i) => {
		if (!kept.has(i)) {
			t.label = '';
		}
	});
}
