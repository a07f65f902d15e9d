import type { TableColumn, TableRendered, TableRow } from '../../src/shared/tableProtocol';
import { fillCellContent, reportRows, rowClass } from './rowCell';
import type { CellSlot } from './rowCell';

/**
 * The body's row elements, pooled and keyed by row index: a row that stays in view keeps its
 * element and is not touched again, and a row element keeps its cells keyed by column, so a
 * horizontal scroll only re-fills the columns that came into view. Every DOM write is skipped when
 * the value is already there: a write, even of an equal class or style, costs a style recalc.
 */

export const ROW_HEIGHT = 24;
export const HEADER_HEIGHT = 48;

/** Where the columns are, shared by every row; `generation` bumps when they move or change. */
export interface ColumnLayout {
	columns: TableColumn[];
	offsets: number[];
	widths: number[];
	pinned: boolean;
	/** The spacer's width, as a CSS length. */
	width: string;
	generation: number;
}

interface RowSlot {
	el: HTMLElement;
	index: number;
	row: TableRow | undefined;
	className: string;
	width: string;
	cells: Map<number, CellSlot>;
}

export class RowPool {
	private readonly byIndex = new Map<number, RowSlot>();

	constructor(private readonly body: HTMLElement) {}

	/** Shows rows `first` .. `first + count - 1` in columns `cols` (indices into the layout's columns). */
	render(first: number, count: number, cols: number[], rowOf: (i: number) => TableRow | undefined, view: View): void {
		const free: RowSlot[] = [];
		for (const [index, slot] of this.byIndex) {
			if (index < first || index >= first + count) {
				this.byIndex.delete(index);
				free.push(slot);
			}
		}
		for (let index = first; index < first + count; index++) {
			let slot = this.byIndex.get(index);
			if (!slot) {
				slot = free.pop() ?? this.create();
				this.byIndex.set(index, slot);
			}
			this.fill(slot, index, rowOf(index), cols, view);
		}
		for (const slot of free) {
			slot.el.remove();
		}
	}

	/** Re-fills the row at `index` if it is on screen (a live patch); true when it was. */
	refill(index: number, row: TableRow, cols: number[], view: View): boolean {
		const slot = this.byIndex.get(index);
		if (slot) {
			this.fill(slot, index, row, cols, view);
		}
		return slot !== undefined;
	}

	elements(): HTMLElement[] {
		return [...this.byIndex.values()].map((s) => s.el);
	}

	report(): TableRendered['rows'] {
		return reportRows(this.elements());
	}

	private create(): RowSlot {
		const el = document.createElement('div');
		el.setAttribute('role', 'row');
		this.body.append(el);
		return { el, index: -1, row: undefined, className: '', width: '', cells: new Map() };
	}

	private fill(slot: RowSlot, index: number, row: TableRow | undefined, cols: number[], view: View): void {
		const { el } = slot;
		if (slot.index !== index) {
			slot.index = index;
			el.dataset.index = String(index);
			el.style.transform = `translateY(${HEADER_HEIGHT + index * ROW_HEIGHT}px)`;
		}
		const changed = slot.row !== row;
		if (changed) {
			slot.row = row;
			el.dataset.key = row?.key ?? '';
			setRowContext(el, row);
		}
		const className = rowClass(row, index === view.focused);
		if (slot.className !== className) {
			slot.className = className;
			el.className = className;
		}
		if (slot.width !== view.layout.width) {
			slot.width = view.layout.width;
			el.style.width = slot.width;
		}
		this.fillCells(slot, row, cols, view, changed);
	}

	private fillCells(slot: RowSlot, row: TableRow | undefined, cols: number[], view: View, changed: boolean): void {
		const spare: CellSlot[] = [];
		const wanted = new Set(cols);
		for (const [ci, cell] of slot.cells) {
			if (!wanted.has(ci)) {
				slot.cells.delete(ci);
				spare.push(cell);
			}
		}
		for (const ci of cols) {
			let cell = slot.cells.get(ci);
			const fresh = !cell;
			if (!cell) {
				cell = spare.pop() ?? createCell(slot.el);
				slot.cells.set(ci, cell);
			}
			placeCell(cell, ci, view);
			if (fresh || changed || cell.generation !== view.layout.generation) {
				cell.generation = view.layout.generation;
				fillCellContent(cell, view.layout.columns[ci], row, row?.cells[ci], view.layout.pinned && ci === 0);
			}
		}
		for (const cell of spare) {
			cell.el.remove();
		}
	}
}

/** What every row of one render shares. */
export interface View {
	layout: ColumnLayout;
	focused: number;
	/** scrollLeft, read once before any write (the pinned cell follows it). */
	left: number;
}

function createCell(row: HTMLElement): CellSlot {
	const el = document.createElement('div');
	el.setAttribute('role', 'gridcell');
	row.append(el);
	return { el, x: NaN, width: NaN, generation: -1, state: undefined };
}

function placeCell(cell: CellSlot, ci: number, view: View): void {
	const { layout } = view;
	const x = layout.pinned && ci === 0 ? view.left : layout.offsets[ci];
	if (cell.x !== x) {
		cell.x = x;
		cell.el.style.transform = `translateX(${x}px)`;
	}
	const width = layout.widths[ci];
	if (cell.width !== width) {
		cell.width = width;
		cell.el.style.width = `${width}px`;
	}
}

function setRowContext(el: HTMLElement, row: TableRow | undefined): void {
	if (row?.experimentId) {
		el.dataset.vscodeContext = JSON.stringify({
			webviewSection: 'experiment',
			experimentId: row.experimentId,
			experimentKind: row.kind,
			// Lets package.json offer Stop only on a running row (webview/context `when`).
			experimentStatus: row.status ?? 'none',
			preventDefaultContextMenuItems: true,
		});
	} else {
		delete el.dataset.vscodeContext;
	}
}
