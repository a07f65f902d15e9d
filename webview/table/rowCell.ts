import type { TableCell, TableColumn, TableRendered, TableRow } from '../../src/shared/tableProtocol';

/**
 * The Experiment cell: nesting, expand toggle, the selection tick in the run's chart colour, the
 * status (running/queued/failed, progress bar) and the name. Text only, never HTML.
 */

const STATUS_ICON: Record<string, string> = { running: '◔', queued: '⧗', failed: '✕', success: '' };

export function fillExperimentCell(cell: HTMLElement, row: TableRow, name: string): void {
	let parts = cell.firstElementChild?.classList.contains('twisty') ? Array.from(cell.children) : undefined;
	if (!parts) {
		const twisty = span('twisty');
		const check = span('check');
		check.setAttribute('role', 'checkbox');
		const status = span('status');
		const star = span('star');
		const label = span('label');
		const bar = span('bar');
		bar.append(span('fill'));
		cell.replaceChildren(twisty, check, status, star, label, bar);
		parts = Array.from(cell.children);
	}
	const [twisty, check, status, star, label, bar] = parts as HTMLElement[];
	twisty.style.marginLeft = `${row.depth * 14}px`;
	twisty.textContent = row.expandable ? (row.expanded ? '▾' : '▸') : '';
	check.hidden = !row.experimentId;
	check.setAttribute('aria-checked', String(row.selected));
	check.title = row.selected ? 'Plotted: click to remove from the charts' : 'Click to plot in the charts';
	check.style.backgroundColor = row.colour ?? '';
	check.style.borderColor = row.colour ?? '';
	status.textContent = STATUS_ICON[row.status ?? ''] ?? '';
	status.className = `status s-${row.status ?? 'none'}`;
	status.title = row.status && row.status !== 'success' ? row.status : '';
	star.textContent = row.starred ? '★' : '';
	if (label.textContent !== name) {
		label.textContent = name;
	}
	const tooltip = [name, row.status ?? '', row.progressText ?? '', row.error ? `Error: ${row.error}` : ''];
	cell.title = tooltip.filter(Boolean).join('\n');
	bar.hidden = row.progress === undefined;
	(bar.firstElementChild as HTMLElement).style.width = `${Math.round((row.progress ?? 0) * 100)}%`;
	cell.dataset.vscodeContext = JSON.stringify({ cellValue: name });
}

/** One cell's classes, text, tooltip (the exact value or the file's error) and copy context. */
export function fillDataCell(
	cell: HTMLElement,
	col: TableColumn,
	row: TableRow | undefined,
	data: TableCell | undefined,
	pinned: boolean,
): void {
	cell.dataset.column = col.id;
	cell.className = `cell g-${col.group}${pinned ? ' pinned' : ''}${data?.c ? ' changed' : ''}${data?.e ? ' error' : ''}${
		col.type === 'number' ? ' num' : ''
	}`;
	if (col.id === 'experiment' && row) {
		fillExperimentCell(cell, row, data?.t ?? '');
		return;
	}
	const text = data?.t ?? '';
	// A cell that held the Experiment cell's parts (pooled) is reset to plain text.
	if (cell.firstElementChild || cell.textContent !== text) {
		cell.textContent = text;
	}
	const title = data ? (data.f ?? data.t) : '';
	if (cell.title !== title) {
		cell.title = title;
	}
	if (data && data.t !== '—' && !data.e) {
		cell.dataset.vscodeContext = JSON.stringify({ cellValue: data.f ?? data.t });
	} else {
		delete cell.dataset.vscodeContext;
	}
}

function span(cls: string): HTMLElement {
	const s = document.createElement('span');
	s.className = cls;
	return s;
}

/** What the pooled row elements show, top to bottom (for the host's test hooks). */
export function reportRows(pool: readonly HTMLElement[]): TableRendered['rows'] {
	return pool
		.filter((el) => !el.classList.contains('loading'))
		.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
		.map((el) => {
			const cells: Record<string, string> = {};
			for (const cell of Array.from(el.children) as HTMLElement[]) {
				const label = cell.querySelector('.label');
				cells[cell.dataset.column ?? ''] = (label ?? cell).textContent ?? '';
			}
			const check = el.querySelector<HTMLElement>('.check');
			const row = { key: el.dataset.key ?? '', selected: el.classList.contains('selected'), cells };
			return check?.style.backgroundColor ? { ...row, colour: check.style.backgroundColor } : row;
		});
}

export function rowClass(row: TableRow | undefined, focused: boolean): string {
	const parts = ['row'];
	if (!row) {
		parts.push('loading');
	} else {
		parts.push(`k-${row.kind}`);
		if (row.context) {
			parts.push('context');
		}
		if (row.selected) {
			parts.push('selected');
		}
	}
	if (focused) {
		parts.push('focused');
	}
	return parts.join(' ');
}
