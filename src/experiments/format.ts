import type { Experiment, ParamValue } from '../model/types';
import { experimentProgress, formatProgressInfo } from './progress';

/**
 * Compact display of values for the tree. Every formatted value has a full form next to it
 * (tooltip, copy) so rounding here never loses information for the user.
 */

const MAX_TEXT = 40;

export function formatNumber(n: number): string {
	if (Number.isNaN(n)) {
		return 'NaN';
	}
	if (!Number.isFinite(n)) {
		return n > 0 ? 'Inf' : '-Inf';
	}
	if (Number.isInteger(n) && Math.abs(n) < 1e6) {
		return String(n);
	}
	const abs = Math.abs(n);
	if (abs >= 1e-4 && abs < 1e6) {
		// 5 significant digits, without the trailing zeros toPrecision pads with.
		return stripZeros(n.toPrecision(5));
	}
	if (abs === 0) {
		return '0';
	}
	const [mantissa, exponent] = n.toExponential(3).split('e');
	return `${stripZeros(mantissa)}e${exponent.replace('+', '')}`;
}

function stripZeros(text: string): string {
	return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function truncate(text: string, max = MAX_TEXT): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatValue(value: ParamValue | undefined): string {
	if (value === undefined) {
		return '—';
	}
	if (typeof value === 'number') {
		return formatNumber(value);
	}
	if (typeof value === 'string') {
		return truncate(value.replace(/\s+/g, ' '));
	}
	if (value === null || typeof value === 'boolean') {
		return String(value);
	}
	return truncate(JSON.stringify(value));
}

/** The exact value, for tooltips and the clipboard. */
export function fullValue(value: ParamValue | undefined): string {
	if (value === undefined) {
		return '';
	}
	if (typeof value === 'number') {
		return Number.isFinite(value) || Number.isNaN(value) ? String(value) : value > 0 ? 'Infinity' : '-Infinity';
	}
	if (typeof value === 'string') {
		return value;
	}
	return JSON.stringify(value);
}

export function valuesEqual(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
	if (typeof a === 'number' && typeof b === 'number') {
		return a === b || (Number.isNaN(a) && Number.isNaN(b));
	}
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
		return a === b;
	}
	return JSON.stringify(a) === JSON.stringify(b);
}

export function shortSha(rev: string): string {
	return /^[0-9a-f]{40}$/i.test(rev) ? rev.slice(0, 7) : rev;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function humanSize(bytes: number | undefined): string {
	if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) {
		return '';
	}
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	return unit === 0
		? `${value} B`
		: `${value >= 100 ? Math.round(value) : stripZeros(value.toFixed(1))} ${UNITS[unit]}`;
}

/** An experiment's progress with a bar when its fraction is known (see progress.ts). */
export function formatProgress(exp: Pick<Experiment, 'metrics' | 'progress'>): string | undefined {
	return formatProgressInfo(experimentProgress(exp));
}

export function firstLine(text: string | undefined): string {
	return (text ?? '').split('\n', 1)[0].trim();
}
