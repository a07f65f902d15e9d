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
	setStyle(twisty, 'marginLeft', `${row.depth * 14}px`);
	setContent(twisty, row.expandable ? (row.expanded ? '▾' : '▸') : '');
	check.hidden = !row.experimentId;
	check.setAttribute('aria-checked', String(row.selected));
	setTip(check, row.selected ? 'Plotted: click to remove from the charts' : 'Click to plot in the charts');
	setStyle(check, 'backgroundColor', row.colour ?? '');
	setStyle(check, 'borderColor', row.colour ?? '');
	setContent(status, STATUS_ICON[row.status ?? ''] ?? '');
	const statusClass = `status s-${row.status ?? 'none'}`;
	if (status.className !== statusClass) {
		status.className = statusClass;
	}
	setTip(status, row.status && row.status !== 'success' ? row.status : '');
	setContent(star, row.starred ? '★' : '');
	setContent(label, name);
	const tooltip = [name, row.status ?? '', row.progressText ?? '', row.error ? `Error: ${row.error}` : ''];
	setTip(cell, tooltip.filter(Boolean).join('\n'));
	bar.hidden = row.progress === undefined;
	setStyle(bar.firstElementChild as HTMLElement, 'width', `${Math.round((row.progress ?? 0) * 100)}%`);
	cell.dataset.vscodeContext = JSON.stringify({ cellValue: name });
}

/** A pooled cell element and what it shows, so unchanged values are never written again. */
export interface CellSlot {
	el: HTMLElement;
	x: number;
	width: number;
	/** The column layout generation its content was filled for. */
	generation: number;
	state: CellState | undefined;
}

interface CellState {
	column: string;
	className: string;
	/** The one text node of a plain cell; undefined while it holds the Experiment cell's parts. */
	text: Text | undefined;
	context: string | undefined;
}

/** One cell's classes, text, tooltip (the exact value or the file's error) and copy context. */
export function fillCellContent(
	slot: CellSlot,
	col: TableColumn,
	row: TableRow | undefined,
	data: TableCell | undefined,
	pinned: boolean,
): void {
	const { el } = slot;
	const state = (slot.state ??= { column: '', className: '', text: undefined, context: undefined });
	if (state.column !== col.id) {
		state.column = col.id;
		el.dataset.column = col.id;
	}
	const className = `cell g-${col.group}${pinned ? ' pinned' : ''}${data?.c ? ' changed' : ''}${data?.e ? ' error' : ''}${
		col.type === 'number' ? ' num' : ''
	}`;
	if (state.className !== className) {
		state.className = className;
		el.className = className;
	}
	if (col.id === 'experiment' && row) {
		state.text = undefined;
		fillExperimentCell(el, row, data?.t ?? '');
		// Its context is the Experiment cell's own.
		state.context = el.dataset.vscodeContext;
		return;
	}
	setText(el, state, data?.t ?? '');
	setTip(el, data ? (data.f ?? data.t) : '');
	const context = data && data.t !== '—' && !data.e ? JSON.stringify({ cellValue: data.f ?? data.t }) : undefined;
	if (state.context !== context) {
		state.context = context;
		if (context === undefined) {
			delete el.dataset.vscodeContext;
		} else {
			el.dataset.vscodeContext = context;
		}
	}
}

/**
 * Changing a text node's data relayouts the text alone; replacing the node (textContent) would
 * also restyle the cell. A cell that held the Experiment cell's parts (pooled) is reset first.
 */
function setText(el: HTMLElement, state: CellState, text: string): void {
	if (!state.text) {
		state.text = document.createTextNode(text);
		el.replaceChildren(state.text);
	} else if (state.text.data !== text) {
		state.text.data = text;
	}
}

/**
 * Tooltips become `title` attributes only when the pointer reaches their element: every title
 * write restyles the element (the browser's own sheet has `abbr[title]`), which on a full re-fill
 * cost as much as the rest of the cells' style work together.
 */
const tips = new WeakMap<Element, string>();

function setTip(el: HTMLElement, tip: string): void {
	tips.set(el, tip);
	// One already shown (the pointer is or was there) follows the new value at once.
	if (el.hasAttribute('title') && el.title !== tip) {
		el.title = tip;
	}
}

/** Pointer over a cell or one of its parts: its tooltip, and its ancestors' up to the row, are set. */
export function showTips(target: Element | null, row: Element): void {
	for (let el = target; el && el !== row; el = el.parentElement) {
		const tip = tips.get(el);
		if (tip !== undefined && (el as HTMLElement).title !== tip) {
			(el as HTMLElement).title = tip;
		}
	}
}

/** Writes only what differs: even an equal write restyles the element. */
function setContent(el: HTMLElement, text: string): void {
	if (el.textContent !== text) {
		el.textContent = text;
	}
}

function setStyle(
	el: HTMLElement,
	property: 'marginLeft' | 'backgroundColor' | 'borderColor' | 'width',
	value: string,
): void {
	if (el.style[property] !== value) {
		el.style[property] = value;
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
