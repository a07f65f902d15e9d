import type { Experiment, FlatValues } from '../model/types';
import { formatProgress, fullValue, shortSha, valuesEqual } from './format';

/**
 * A plain-text side-by-side table of two experiments' params and metrics, aligned for a monospace
 * editor (a read-only document, so nothing in it is ever interpreted as markup). Rows that differ
 * start with `≠`.
 */
const MAX_CELL = 60;

type Row = [mark: string, key: string, a: string, b: string];

export function compareText(a: Experiment, b: Experiment): string {
	const rows: Row[] = [
		['', '', a.name, b.name],
		['', 'revision', revOf(a), revOf(b)],
		['', 'status', statusOf(a), statusOf(b)],
		...section('params', a.params, b.params),
		...section('metrics', a.metrics, b.metrics),
	];
	const diffs = rows.filter((r) => r[0]).length;
	const cells = rows.map((r) => r.map((c) => oneLine(c)) as Row);
	const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((r) => [...r[i]].length)));
	const lines = cells.map((r) =>
		r
			.map((c, i) => pad(c, widths[i]))
			.join('  ')
			.trimEnd(),
	);
	lines.splice(1, 0, '-'.repeat(widths.reduce((s, w) => s + w + 2, -2)));
	lines.push('', diffs === 1 ? '1 difference' : `${diffs} differences`, '');
	return lines.join('\n');
}

function pad(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - [...text].length));
}

function oneLine(text: string): string {
	const flat = text.replace(/[\r\n\t]+/g, ' ');
	return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

function revOf(e: Experiment): string {
	return e.kind === 'workspace' ? 'workspace' : shortSha(e.rev);
}

function statusOf(e: Experiment): string {
	const progress = formatProgress(e);
	return progress && e.status === 'running' ? `${e.status} (${progress})` : e.status;
}

function section(title: string, a: Record<string, FlatValues>, b: Record<string, FlatValues>): Row[] {
	const files = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
	const out: Row[] = [];
	for (const file of files) {
		const keys = [...new Set([...Object.keys(a[file] ?? {}), ...Object.keys(b[file] ?? {})])];
		// The tree's naming: the file is a heading, its keys listed under it.
		out.push(['', `${title} ${file}`, '', '']);
		for (const key of keys) {
			const inA = a[file] !== undefined && key in a[file];
			const inB = b[file] !== undefined && key in b[file];
			const va = a[file]?.[key];
			const vb = b[file]?.[key];
			const same = inA === inB && valuesEqual(va, vb);
			out.push([same ? '' : '≠', `  ${key}`, inA ? fullValue(va) : '—', inB ? fullValue(vb) : '—']);
		}
	}
	return out;
}
