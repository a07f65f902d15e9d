import type { TableColumn } from '../shared/tableProtocol';
import { columnTitle } from '../shared/tableProtocol';
import { rawValue } from './columns';
import { displayText, fullText, MISSING } from './cells';
import type { VisibleRow } from './view';

/**
 * The visible table (its rows, columns and order) as CSV (exact values, RFC 4180 quoting, for a
 * spreadsheet) or as a GitHub Markdown table (display values, for a PR comment). Pure.
 */

function cellValue(row: VisibleRow, col: TableColumn, exact: boolean): string | undefined {
	if (col.id === 'experiment') {
		return row.node.label;
	}
	const exp = row.node.experiment;
	const v = exp ? rawValue(exp, col) : undefined;
	if (v === undefined) {
		return undefined;
	}
	return exact ? fullText(col, v) : displayText(col, v);
}

function csvField(text: string): string {
	return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly VisibleRow[], columns: readonly TableColumn[]): string {
	const lines = [columns.map((c) => csvField(columnTitle(c))).join(',')];
	for (const row of rows) {
		lines.push(columns.map((c) => csvField(cellValue(row, c, true) ?? '')).join(','));
	}
	return lines.join('\r\n') + '\r\n';
}

function mdField(text: string): string {
	// A pipe would end the cell and a newline the row; backslashes and HTML-ish text stay literal.
	return text
		.replace(/\\/g, '\\\\')
		.replace(/\|/g, '\\|')
		.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
		.replace(/\r?\n/g, ' ');
}

export function toMarkdown(rows: readonly VisibleRow[], columns: readonly TableColumn[]): string {
	const header = `| ${columns.map((c) => mdField(columnTitle(c))).join(' | ')} |`;
	const rule = `| ${columns.map((c) => (c.type === 'number' ? '---:' : '---')).join(' | ')} |`;
	const body = rows.map((row) => {
		const cells = columns.map((c) => {
			const text = mdField(cellValue(row, c, false) ?? MISSING);
			// Nesting shows as indentation of the name, as in the table.
			return c.id === 'experiment' && row.depth > 0 ? `${'&nbsp;'.repeat(row.depth * 2)}${text}` : text;
		});
		return `| ${cells.join(' | ')} |`;
	});
	return [header, rule, ...body].join('\n') + '\n';
}
