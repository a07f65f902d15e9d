import type { ColumnRange } from '../../experiments/tableFilter';
import type { CustomColumn, CustomPlotConfig, CustomPlotsConfig } from '../../shared/protocol';

/**
 * Custom plots' configuration and brush as they arrive from the page or from workspaceState:
 * untrusted input, kept only where well formed. No `vscode` here.
 */
const MAX_PLOTS = 24;
const MAX_AXES = 40;
const MAX_ID = 4096;

export const DEFAULT_CONFIG: CustomPlotsConfig = { enabled: false, plots: [] };

export function sanitizeConfig(raw: unknown): CustomPlotsConfig | undefined {
	if (!isObject(raw) || typeof raw.enabled !== 'boolean' || !Array.isArray(raw.plots)) {
		return undefined;
	}
	const plots: CustomPlotConfig[] = [];
	const seen = new Set<string>();
	for (const item of raw.plots.slice(0, MAX_PLOTS)) {
		const plot = sanitizePlot(item);
		if (plot && !seen.has(plot.id)) {
			seen.add(plot.id);
			plots.push(plot);
		}
	}
	return { enabled: raw.enabled, plots };
}

function sanitizePlot(raw: unknown): CustomPlotConfig | undefined {
	if (!isObject(raw) || !isId(raw.id)) {
		return undefined;
	}
	if (raw.kind === 'scatter') {
		return {
			id: raw.id,
			kind: 'scatter',
			...(isId(raw.x) ? { x: raw.x } : {}),
			...(isId(raw.y) ? { y: raw.y } : {}),
			...(raw.logX === true ? { logX: true } : {}),
			...(raw.logY === true ? { logY: true } : {}),
		};
	}
	if (raw.kind === 'parallel' && Array.isArray(raw.columns)) {
		const columns = [...new Set(raw.columns.filter(isId))].slice(0, MAX_AXES);
		return { id: raw.id, kind: 'parallel', columns };
	}
	return undefined;
}

export type BrushResult = { ok: true; ranges: ColumnRange[] } | { ok: false; error: string };

/**
 * Brush ranges from the page. Only numeric columns can be brushed (the table's range filter is
 * numeric); a reversed range is put in order; one range per column, the last one wins.
 */
export function sanitizeBrush(raw: unknown, columns: ReadonlyMap<string, CustomColumn>): BrushResult {
	if (!Array.isArray(raw)) {
		return { ok: false, error: 'brush ranges must be a list' };
	}
	const byColumn = new Map<string, ColumnRange>();
	for (const item of raw.slice(0, MAX_AXES)) {
		if (!isObject(item) || typeof item.column !== 'string') {
			return { ok: false, error: 'a brush range has no column' };
		}
		const { column, min, max } = item;
		if (columns.get(column)?.kind !== 'numeric') {
			return { ok: false, error: `column ${JSON.stringify(column).slice(0, 200)} is not a numeric column` };
		}
		if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max)) {
			return { ok: false, error: `the range of ${column.slice(0, 200)} is not two finite numbers` };
		}
		byColumn.set(column, { column, min: Math.min(min, max), max: Math.max(min, max) });
	}
	return { ok: true, ranges: [...byColumn.values()] };
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

export type PlotArgResult = { ok: true; plot: CustomPlotConfig } | { ok: false; error: string };

/** A plot named in a command's argument: every column must exist. */
export function parsePlotArg(raw: unknown, columns: ReadonlyMap<string, CustomColumn>): PlotArgResult {
	const kind = isObject(raw) ? raw.kind : undefined;
	const id = `${String(kind)}-${Date.now().toString(36)}`;
	const plot = sanitizePlot(isObject(raw) ? { ...raw, id } : raw);
	if (!plot) {
		return { ok: false, error: "expected { kind: 'scatter', x, y } or { kind: 'parallel', columns }" };
	}
	const named = plot.kind === 'scatter' ? [plot.x, plot.y] : plot.columns;
	if (named.length === 0 || named.some((c) => c === undefined)) {
		return { ok: false, error: plot.kind === 'scatter' ? 'a scatter needs both x and y' : 'no columns given' };
	}
	const unknown = named.find((c) => !columns.has(c!));
	return unknown ? { ok: false, error: `no column ${JSON.stringify(unknown).slice(0, 200)}` } : { ok: true, plot };
}
