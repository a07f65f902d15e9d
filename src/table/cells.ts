import { formatNumber, formatValue, fullValue, valuesEqual } from '../experiments/format';
import { experimentProgress, formatProgressInfo } from '../experiments/progress';
import type { Experiment, ParamValue } from '../model/types';
import type { TableCell, TableColumn, TableRow } from '../shared/tableProtocol';
import { cellError, rawValue } from './columns';
import type { VisibleRow } from './view';

/**
 * Turns visible rows into what the page draws: display text as the tree formats values (5
 * significant digits, NaN/Inf kept), the exact value for the tooltip, "—" for missing, the file's
 * error when its file failed to parse, and a flag where the value differs from the row's baseline.
 */
export interface RowDecor {
	colourOf(id: string): string | undefined;
	isStarred(id: string): boolean;
}

export const MISSING = '—';

export function displayText(col: TableColumn, v: ParamValue | undefined): string {
	if (v === undefined) {
		return MISSING;
	}
	if (col.id === 'created' && typeof v === 'number') {
		return new Date(v).toISOString().slice(0, 16).replace('T', ' ');
	}
	return typeof v === 'number' ? formatNumber(v) : formatValue(v);
}

export function fullText(col: TableColumn, v: ParamValue | undefined): string {
	if (col.id === 'created' && typeof v === 'number') {
		return new Date(v).toISOString();
	}
	return fullValue(v);
}

export function tableCell(exp: Experiment | undefined, baseline: Experiment | undefined, col: TableColumn): TableCell {
	if (!exp) {
		return { t: '' };
	}
	const v = rawValue(exp, col);
	if (v === undefined) {
		const error = cellError(exp, col);
		return error ? { t: '!', f: error, e: 1 } : { t: MISSING };
	}
	const cell: TableCell = { t: displayText(col, v) };
	const full = fullText(col, v);
	if (full !== cell.t) {
		cell.f = full;
	}
	if (baseline && col.group !== 'fixed' && !valuesEqual(v, rawValue(baseline, col))) {
		cell.c = 1;
	}
	return cell;
}

export function tableRow(row: VisibleRow, index: number, columns: readonly TableColumn[], decor: RowDecor): TableRow {
	const { node } = row;
	const exp = node.experiment;
	const out: TableRow = {
		index,
		key: node.key,
		depth: row.depth,
		expandable: node.children.length > 0,
		expanded: row.expanded,
		kind: node.kind,
		selected: false,
		starred: false,
		cells: columns.map((c) => (c.id === 'experiment' ? { t: node.label } : tableCell(exp, node.baseline, c))),
	};
	if (row.context) {
		out.context = true;
	}
	if (!exp) {
		return out;
	}
	out.experimentId = exp.id;
	out.status = exp.status;
	const colour = decor.colourOf(exp.id);
	out.selected = colour !== undefined;
	if (colour) {
		out.colour = colour;
	}
	out.starred = decor.isStarred(exp.id);
	if (exp.error) {
		out.error = exp.error;
	}
	if (exp.status === 'running') {
		const info = experimentProgress(exp);
		if (info?.fraction !== undefined) {
			out.progress = info.fraction;
		}
		const text = formatProgressInfo(info);
		if (text) {
			out.progressText = text;
		}
	}
	return out;
}
