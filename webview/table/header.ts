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

interface Group {
	group: string;
	file: string;
	left: number;
	width: number;
}

/**
 * Header cells are kept per column while the columns and the sort stay the same: a vertical
 * scroll writes nothing and a horizontal one adds and removes only the columns entering and leaving.
 */
export class HeaderView {
	private readonly cells = new Map<number, { el: HTMLElement; x: number }>();
	private groupEls: HTMLElement[] = [];
	private groupsKey = '';
	private sort: SortLevel[] = [];

	constructor(private readonly header: HTMLElement) {}

	/** Columns or sort changed: every header cell is rebuilt at the next render. */
	reset(sort: SortLevel[]): void {
		this.sort = sort;
		for (const c of this.cells.values()) {
			c.el.remove();
		}
		this.cells.clear();
		this.groupsKey = '';
	}

	render(layout: HeaderLayout, cols: number[]): void {
		const wanted = new Set(cols);
		for (const [ci, c] of this.cells) {
			if (!wanted.has(ci)) {
				c.el.remove();
				this.cells.delete(ci);
			}
		}
		for (const ci of cols) {
			const pinned = layout.pinned && ci === 0;
			const x = pinned ? layout.scrollLeft : layout.offsets[ci];
			const cell = this.cells.get(ci);
			if (!cell) {
				const el = headerCell(layout.columns[ci], x, pinned, this.sort);
				this.header.append(el);
				this.cells.set(ci, { el, x });
			} else if (cell.x !== x) {
				cell.x = x;
				cell.el.style.transform = `translateX(${x}px)`;
			}
		}
		this.renderGroups(groupsOf(layout, cols));
	}

	private renderGroups(groups: Group[]): void {
		const key = groups.map((g) => `${g.group}\u0000${g.file}\u0000${g.left}\u0000${g.width}`).join('\u0001');
		if (key === this.groupsKey) {
			return;
		}
		this.groupsKey = key;
		for (const el of this.groupEls) {
			el.remove();
		}
		this.groupEls = groups.map((g) => {
			const el = document.createElement('div');
			el.className = `group g-${g.group}`;
			el.textContent = g.file;
			el.title = `${g.group}: ${g.file}`;
			el.style.transform = `translateX(${g.left}px)`;
			el.style.width = `${g.width}px`;
			return el;
		});
		this.header.prepend(...this.groupEls);
	}
}

/** The file groups over the columns in view; a file's label spans its columns only (ellipsis beyond). */
function groupsOf(layout: HeaderLayout, cols: number[]): Group[] {
	const groups: Group[] = [];
	let lastFile: string | undefined;
	for (const ci of cols) {
		const col = layout.columns[ci];
		const left = layout.pinned && ci === 0 ? layout.scrollLeft : layout.offsets[ci];
		const fileKey = `${col.group}:${col.file}`;
		if (col.group !== 'fixed' && fileKey !== lastFile) {
			groups.push({ group: col.group, file: col.file, left, width: 0 });
		}
		const open = groups[groups.length - 1];
		if (open && col.group !== 'fixed') {
			open.width = left + defaultWidth(col) - open.left;
		}
		lastFile = col.group === 'fixed' ? undefined : fileKey;
	}
	return groups;
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
