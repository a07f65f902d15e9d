/**
 * dvc_studio_client's `_post_in_chunks`: a data event with plots becomes two requests, the first
 * without plots, the second with base fields, step and the plots that fit Studio's limits. What does
 * not fit is returned as warnings (shown to the user), never dropped silently.
 */
import type { StudioBody } from './events';

export const MAX_REQUEST_SIZE = 29_000_000;
export const MAX_PLOT_SIZE = 10_000_000;
export const MAX_NUMBER_OF_PLOTS = 200;

export type SkipReason = 'count' | 'size' | 'total';

export interface ChunkedRequests {
	requests: StudioBody[];
	/** Plot names included in the second request. */
	sent: string[];
	skipped: { name: string; reason: SkipReason }[];
	warnings: string[];
}

/** Python `repr(float)`: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
export function pyFloatRepr(value: number): string {
	if (Number.isNaN(value)) {
		return 'NaN';
	}
	if (!Number.isFinite(value)) {
		return value > 0 ? 'Infinity' : '-Infinity';
	}
	if (value === 0) {
		return Object.is(value, -0) ? '-0.0' : '0.0';
	}
	const [mantissa, expText] = value.toExponential().split('e');
	const exp = Number(expText);
	if (exp < -4 || exp >= 16) {
		return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
	}
	const fixed = value.toFixed(Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - exp));
	return fixed.includes('.') ? fixed : `${fixed}.0`;
}

function pyString(text: string): string {
	// ensure_ascii=True: every non-ASCII UTF-16 unit becomes a 6-byte \uXXXX escape.
	let out = '"';
	for (const ch of text) {
		for (let i = 0; i < ch.length; i++) {
			const code = ch.charCodeAt(i);
			if (ch === '"' || ch === '\\') {
				out += `\\${ch}`;
			} else if (code === 0x0a || code === 0x0d || code === 0x09 || code === 0x08 || code === 0x0c) {
				out += JSON.stringify(String.fromCharCode(code)).slice(1, -1);
			} else if (code < 0x20 || code > 0x7e) {
				out += `\\u${code.toString(16).padStart(4, '0')}`;
			} else {
				out += ch[i];
			}
		}
	}
	return `${out}"`;
}

/**
 * `json.dumps(value)` as Python would print it for plot rows built like DVCLive's: a number under
 * the key `step` is an int, every other number a float (so `1` prints as `1.0`).
 */
export function pyJsonDumps(value: unknown, key?: string): string {
	if (value === null || value === undefined) {
		return 'null';
	}
	if (typeof value === 'boolean') {
		return value ? 'true' : 'false';
	}
	if (typeof value === 'number') {
		return key === 'step' && Number.isInteger(value) ? String(value) : pyFloatRepr(value);
	}
	if (typeof value === 'string') {
		return pyString(value);
	}
	if (Array.isArray(value)) {
		return `[${value.map((v) => pyJsonDumps(v)).join(', ')}]`;
	}
	const items = Object.entries(value as Record<string, unknown>).map(
		([k, v]) => `${pyString(k)}: ${pyJsonDumps(v, k)}`,
	);
	return `{${items.join(', ')}}`;
}

function plotSize(entry: Record<string, unknown>): number | undefined {
	if (Array.isArray(entry.data)) {
		// ensure_ascii output is pure ASCII: its length is its UTF-8 byte length.
		return pyJsonDumps(entry.data).length;
	}
	if (typeof entry.image === 'string') {
		return entry.image.length;
	}
	return undefined;
}

export function chunkDataBody(body: StudioBody): ChunkedRequests {
	const { plots, ...first } = body as StudioBody & { plots?: Record<string, Record<string, unknown>> };
	if (body.type !== 'data' || !plots || Object.keys(plots).length === 0) {
		return { requests: [first], sent: [], skipped: [], warnings: [] };
	}
	const { metrics: _m, params: _p, ...rest } = first;
	const kept: Record<string, Record<string, unknown>> = {};
	const result: ChunkedRequests = { requests: [first], sent: [], skipped: [], warnings: [] };
	const names = Object.keys(plots);
	let total = 0;
	for (let n = 0; n < names.length; n++) {
		const name = names[n];
		if (n >= MAX_NUMBER_OF_PLOTS) {
			result.skipped.push(...names.slice(n).map((skippedName) => ({ name: skippedName, reason: 'count' as const })));
			result.warnings.push(
				`Number of plots exceeds Studio limit (${MAX_NUMBER_OF_PLOTS}): ${names.length - n} not sent.`,
			);
			break;
		}
		// Entries with neither data nor image are never built by Runlens (upstream mis-sizes them).
		const size = plotSize(plots[name]) ?? 0;
		if (size > MAX_PLOT_SIZE) {
			result.skipped.push({ name, reason: 'size' });
			result.warnings.push(`Size of plot exceeds Studio limit (${MAX_PLOT_SIZE}): ${name} not sent.`);
			continue;
		}
		total += size;
		if (total > MAX_REQUEST_SIZE) {
			result.skipped.push(...names.slice(n).map((skippedName) => ({ name: skippedName, reason: 'total' as const })));
			result.warnings.push(
				`Total size of plots exceeds Studio limit (${MAX_REQUEST_SIZE}): ${names.length - n} plots not sent.`,
			);
			break;
		}
		kept[name] = plots[name];
		result.sent.push(name);
	}
	if (result.sent.length > 0) {
		result.requests.push({ ...rest, plots: kept });
	}
	return result;
}
