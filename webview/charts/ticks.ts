import type { Scale, Tick } from 'chart.js';
import { Ticks } from 'chart.js';
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

/**
 * Log-y tick labels: Chart.js labels 1, 2 and 5 of every decade, which collide where decades are
 * short (the bottom of a chart spanning several). Label only powers of ten when the axis spans
 * more than two decades, else 1, 2 and 5; the other grid lines stay, unlabelled.
 */
export function logTick(this: Scale, value: number | string, _index: number, ticks: Tick[]): string {
	const v = Number(value);
	if (!(v > 0)) {
		return '';
	}
	const values = ticks.map((t) => t.value).filter((t) => t > 0);
	const decades = values.length > 1 ? Math.log10(Math.max(...values) / Math.min(...values)) : 0;
	const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
	const keep = decades > 2 ? [1] : decades > 1 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
	return keep.includes(mantissa) ? compact(v) : '';
}

function compact(v: number): string {
	return v >= 1e5 || v < 1e-3 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(3)));
}
