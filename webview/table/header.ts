import type { SortLevel, TableColumn } from '../../src/shared/tableProtocol';
import { columnTitle } from '../../src/shared/tableProtocol';

/**
 * The grid's two header rows, virtual like the body: file groups (params, metrics, deps tinted
 * apart) over the column labels with their sort arrows, filter and hide buttons and resize grip.
 */
export interface HeaderLayout {
	columns: TableColumn[];
	offsets: number[];
	pinned: boolean;
	scrollLeft: number;
}

export function defaultWidth(col: TableColumn): number {
	return col.width ?? (col.id === 'experiment' ? 240 : col.group === 'fixed' ? 130 : 110);
}

export function renderHeader(header: HTMLElement, layout: HeaderLayout, cols: number[], sort: SortLevel[]): void {
	const groups: HTMLElement[] = [];
	const cells: HTMLElement[] = [];
	let lastFile: string | undefined;
	let open: { el: HTMLElement; left: number } | undefined;
	for (const ci of cols) {
		const col = layout.columns[ci];
		const pinned = layout.pinned && ci === 0;
		const left = pinned ? layout.scrollLeft : layout.offsets[ci];
		const fileKey = `${col.group}:${col.file}`;
		if (col.group !== 'fixed' && fileKey !== lastFile) {
			const g = document.createElement('div');
			g.className = `group g-${col.group}`;
			g.textContent = col.file;
			g.title = `${col.group}: ${col.file}`;
			g.style.transform = `translateX(${left}px)`;
			groups.push(g);
			open = { el: g, left };
		}
		// A file's label spans its columns only (ellipsis beyond), not over the next file's.
		if (open && col.group !== 'fixed') {
			open.el.style.width = `${left + defaultWidth(col) - open.left}px`;
		}
		lastFile = col.group === 'fixed' ? undefined : fileKey;
		cells.push(headerCell(col, left, pinned, sort));
	}
	header.replaceChildren(...groups, ...cells);
}

function headerCell(col: TableColumn, left: number, pinned: boolean, sort: SortLevel[]): HTMLElement {
	const cell = document.createElement('div');
	cell.className = `hcell g-${col.group}${pinned ? ' pinned' : ''}`;
	cell.style.transform = `translateX(${left}px)`;
	cell.style.width = `${defaultWidth(col)}px`;
	cell.dataset.column = col.id;
	cell.draggable = col.id !== 'experiment';
	cell.setAttribute('role', 'columnheader');
	const level = sort.findIndex((s) => s.column === col.id);
	cell.setAttribute('aria-sort', level < 0 ? 'none' : sort[level].descending ? 'descending' : 'ascending');
	const label = document.createElement('span');
	label.className = 'hlabel';
	const arrow = level < 0 ? '' : `${sort[level].descending ? ' ▼' : ' ▲'}${sort.length > 1 ? level + 1 : ''}`;
	label.textContent = col.label + arrow;
	cell.title = `${columnTitle(col)}\nClick to sort, Shift+click to add a sort level, drag to move`;
	const parts: HTMLElement[] = [label, button('filter', '▿', 'Filter this column')];
	if (col.id !== 'experiment') {
		parts.push(button('hide', '×', 'Hide this column'));
	}
	const grip = document.createElement('div');
	grip.className = 'resize';
	parts.push(grip);
	cell.append(...parts);
	return cell;
}

function button(action: string, text: string, title: string): HTMLElement {
	const b = document.createElement('span');
	b.className = `hbtn ${action}`;
	b.dataset.action = action;
	b.textContent = text;
	b.title = title;
	return b;
}

/** Drag a header to move its column; drag its right edge to resize (sent once, on release). */
/** What header drags change: the grid's callbacks include these (declared here so the grid imports the header, not back). */
export interface HeaderCallbacks {
	move(column: string, before: string | undefined): void;
	resize(column: string, width: number): void;
}

export function attachHeaderDrag(header: HTMLElement, cb: HeaderCallbacks, columns: () => TableColumn[]): void {
	header.addEventListener('dragstart', (e) => {
		const id = (e.target as HTMLElement).closest<HTMLElement>('.hcell')?.dataset.column;
		if (id && e.dataTransfer) {
			e.dataTransfer.setData('text/x-runlens-column', id);
			e.dataTransfer.effectAllowed = 'move';
		}
	});
	header.addEventListener('dragover', (e) => e.preventDefault());
	header.addEventListener('drop', (e) => {
		e.preventDefault();
		const id = e.dataTransfer?.getData('text/x-runlens-column');
		const before = (e.target as HTMLElement).closest<HTMLElement>('.hcell')?.dataset.column;
		if (id && id !== before) {
			cb.move(id, before);
		}
	});
	header.addEventListener('mousedown', (e) => {
		const grip = e.target as HTMLElement;
		const cell = grip.closest<HTMLElement>('.hcell');
		const col = columns().find((c) => c.id === cell?.dataset.column);
		if (!grip.classList.contains('resize') || !cell || !col) {
			return;
		}
		e.preventDefault();
		const startX = e.clientX;
		const startW = defaultWidth(col);
		const move = (m: MouseEvent): void => {
			cell.style.width = `${Math.max(40, startW + m.clientX - startX)}px`;
		};
		const up = (m: MouseEvent): void => {
			window.removeEventListener('mousemove', move);
			window.removeEventListener('mouseup', up);
			cb.resize(col.id, startW + m.clientX - startX);
		};
		window.addEventListener('mousemove', move);
		window.addEventListener('mouseup', up);
	});
}
