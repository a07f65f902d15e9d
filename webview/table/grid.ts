import type { SortLevel, TableColumn, TableRendered, TableRow } from '../../src/shared/tableProtocol';
import { attachHeaderDrag, defaultWidth, renderHeader } from './header';
import type { HeaderCallbacks } from './header';
import { fillDataCell, reportRows, rowClass } from './rowCell';

/**
 * The experiments grid, virtual in both directions: a spacer as large as the whole table gives the
 * scroll bars, and only the rows and columns in view exist in the DOM (pooled row elements whose
 * cells are re-filled as the view scrolls). The Experiment column can be pinned to the left.
 * Everything file-derived is written with textContent / attributes, never as HTML.
 */

export const ROW_HEIGHT = 24;
export const HEADER_HEIGHT = 48;
const OVERSCAN_ROWS = 6;
const OVERSCAN_PX = 200;

export interface GridCallbacks extends HeaderCallbacks {
	need(start: number, count: number): void;
	sort(column: string, add: boolean): void;
	filterColumn(column: TableColumn): void;
	hide(column: string): void;
	toggleExpand(key: string): void;
	toggleSelect(experimentId: string): void;
	scrolled(top: number, left: number, focused: number): void;
	/** Called after every render (the page reports what it drew once it settles). */
	rendered(): void;
}

export class Grid {
	readonly element = document.createElement('div');
	private readonly spacer = document.createElement('div');
	private readonly header = document.createElement('div');
	private readonly body = document.createElement('div');
	private columns: TableColumn[] = [];
	private offsets: number[] = [];
	private pinned = false;
	private total = 0;
	private sort: SortLevel[] = [];
	private cache = new Map<number, TableRow>();
	private pool: HTMLElement[] = [];
	private focused = -1;
	private frame = 0;
	/** scrollLeft as read at the start of the current render. */
	private left = 0;

	constructor(private readonly cb: GridCallbacks) {
		this.element.className = 'grid';
		this.element.tabIndex = 0;
		this.element.setAttribute('role', 'grid');
		this.spacer.className = 'grid-spacer';
		this.header.className = 'grid-header';
		this.body.className = 'grid-body';
		this.spacer.append(this.body, this.header);
		this.element.append(this.spacer);
		this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
		new ResizeObserver(() => this.render()).observe(this.element);
		this.body.addEventListener('click', (e) => this.onBodyClick(e));
		this.element.addEventListener('keydown', (e) => this.onKey(e));
		this.header.addEventListener('click', (e) => this.onHeaderClick(e));
		attachHeaderDrag(this.header, cb, () => this.columns);
	}

	setView(columns: TableColumn[], total: number, sort: SortLevel[], pinned: boolean, rows: TableRow[]): void {
		this.columns = columns;
		this.pinned = pinned && columns[0]?.id === 'experiment';
		this.total = total;
		this.sort = sort;
		this.cache.clear();
		this.layoutColumns();
		for (const r of rows) {
			this.cache.set(r.index, r);
		}
		for (const row of this.pool.splice(0)) {
			row.remove();
		}
		this.focused = Math.min(this.focused, total - 1);
		this.render();
	}

	private layoutColumns(): void {
		this.offsets = [];
		let x = 0;
		for (const c of this.columns) {
			this.offsets.push(x);
			x += defaultWidth(c);
		}
		this.spacer.style.width = `${x}px`;
		this.spacer.style.height = `${this.total * ROW_HEIGHT + HEADER_HEIGHT}px`;
	}

	addRows(rows: TableRow[]): void {
		for (const r of rows) {
			this.cache.set(r.index, r);
		}
		this.render();
	}

	/** Live updates: replaces cached rows in place and redraws only the ones on screen. */
	patch(rows: TableRow[]): void {
		const cols = this.visibleColumns();
		for (const r of rows) {
			if (this.cache.get(r.index)?.key === r.key) {
				this.cache.set(r.index, r);
				const el = this.pool.find((p) => Number(p.dataset.index) === r.index);
				if (el) {
					this.fillRow(el, r.index, r, cols);
					this.cb.rendered();
				}
			}
		}
	}

	scrollTo(top: number, left: number, focused = -1): void {
		this.element.scrollTop = top;
		this.element.scrollLeft = left;
		this.focused = focused;
		this.render();
	}

	private schedule(): void {
		if (!this.frame) {
			this.frame = requestAnimationFrame(() => {
				this.frame = 0;
				this.render();
				this.cb.scrolled(this.element.scrollTop, this.element.scrollLeft, this.focused);
			});
		}
	}

	/**
	 * Column indices in view (plus overscan), the pinned Experiment column always first. Reads the
	 * scroll offset once, before any write: reading it between cell writes would force a layout
	 * per row (the pinned cell follows it).
	 */
	private visibleColumns(): number[] {
		this.left = this.element.scrollLeft;
		const left = this.left - OVERSCAN_PX;
		const right = this.left + this.element.clientWidth + OVERSCAN_PX;
		const out: number[] = this.pinned ? [0] : [];
		for (let i = this.pinned ? 1 : 0; i < this.columns.length; i++) {
			const x = this.offsets[i];
			if (x + defaultWidth(this.columns[i]) >= left && x <= right) {
				out.push(i);
			}
		}
		return out;
	}

	render(): void {
		const top = this.element.scrollTop;
		const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
		const visible = Math.ceil(Math.max(0, this.element.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) + OVERSCAN_ROWS * 2;
		const count = Math.max(0, Math.min(visible, this.total - first));
		const cols = this.visibleColumns();
		this.header.style.transform = `translateY(${top}px)`;
		this.renderHeader(cols);
		while (this.pool.length < count) {
			const row = document.createElement('div');
			row.className = 'row';
			row.setAttribute('role', 'row');
			this.body.append(row);
			this.pool.push(row);
		}
		while (this.pool.length > count) {
			this.pool.pop()!.remove();
		}
		let missing = -1;
		for (let k = 0; k < count; k++) {
			const index = first + k;
			const row = this.cache.get(index);
			this.fillRow(this.pool[k], index, row, cols);
			if (!row && missing < 0) {
				missing = index;
			}
		}
		if (missing >= 0) {
			this.cb.need(Math.max(0, missing - visible), visible * 3);
		}
		this.cb.rendered();
	}

	/** The rows as drawn: what the integration tier compares with the tree and the model. */
	report(): TableRendered['rows'] {
		return reportRows(this.pool);
	}

	private fillRow(el: HTMLElement, index: number, row: TableRow | undefined, cols: number[]): void {
		el.dataset.index = String(index);
		el.dataset.key = row?.key ?? '';
		el.style.transform = `translateY(${HEADER_HEIGHT + index * ROW_HEIGHT}px)`;
		el.style.width = this.spacer.style.width;
		el.className = rowClass(row, index === this.focused);
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
		while (el.children.length < cols.length) {
			const cell = document.createElement('div');
			cell.setAttribute('role', 'gridcell');
			el.append(cell);
		}
		while (el.children.length > cols.length) {
			el.lastElementChild!.remove();
		}
		for (let k = 0; k < cols.length; k++) {
			const ci = cols[k];
			this.fillCell(el.children[k] as HTMLElement, ci, row);
		}
	}

	private fillCell(cell: HTMLElement, ci: number, row: TableRow | undefined): void {
		const col = this.columns[ci];
		const pinned = this.pinned && ci === 0;
		cell.style.transform = `translateX(${pinned ? this.left : this.offsets[ci]}px)`;
		cell.style.width = `${defaultWidth(col)}px`;
		fillDataCell(cell, col, row, row?.cells[ci], pinned);
	}

	private renderHeader(cols: number[]): void {
		const layout = {
			columns: this.columns,
			offsets: this.offsets,
			pinned: this.pinned,
			scrollLeft: this.left,
		};
		renderHeader(this.header, layout, cols, this.sort);
	}

	private onHeaderClick(e: MouseEvent): void {
		const target = e.target as HTMLElement;
		const cell = target.closest<HTMLElement>('.hcell');
		const col = this.columns.find((c) => c.id === cell?.dataset.column);
		if (!col || target.classList.contains('resize')) {
			return;
		}
		if (target.dataset.action === 'filter') {
			this.cb.filterColumn(col);
		} else if (target.dataset.action === 'hide') {
			this.cb.hide(col.id);
		} else {
			this.cb.sort(col.id, e.shiftKey);
		}
	}

	private onBodyClick(e: MouseEvent): void {
		const target = e.target as HTMLElement;
		const rowEl = target.closest<HTMLElement>('.row');
		const row = rowEl ? this.cache.get(Number(rowEl.dataset.index)) : undefined;
		if (!row) {
			return;
		}
		this.focus(row.index);
		if (target.closest('.twisty') && row.expandable) {
			this.cb.toggleExpand(row.key);
		} else if (target.closest('.check') && row.experimentId) {
			this.cb.toggleSelect(row.experimentId);
		}
	}

	private focus(index: number): void {
		this.focused = Math.max(0, Math.min(this.total - 1, index));
		const top = HEADER_HEIGHT + this.focused * ROW_HEIGHT;
		const view = this.element.scrollTop;
		if (top - HEADER_HEIGHT < view) {
			this.element.scrollTop = top - HEADER_HEIGHT;
		} else if (top + ROW_HEIGHT > view + this.element.clientHeight) {
			this.element.scrollTop = top + ROW_HEIGHT - this.element.clientHeight;
		}
		this.render();
		this.cb.scrolled(this.element.scrollTop, this.element.scrollLeft, this.focused);
	}

	private onKey(e: KeyboardEvent): void {
		const row = this.cache.get(this.focused);
		const page = Math.floor(this.element.clientHeight / ROW_HEIGHT) - 2;
		const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
		if (e.key in moves) {
			this.focus(this.focused < 0 ? 0 : this.focused + moves[e.key]);
		} else if (e.key === 'Home' || e.key === 'End') {
			this.focus(e.key === 'Home' ? 0 : this.total - 1);
		} else if (e.key === ' ' && row?.experimentId) {
			this.cb.toggleSelect(row.experimentId);
		} else if ((e.key === 'Enter' || e.key === 'ArrowRight' || e.key === 'ArrowLeft') && row?.expandable) {
			if (e.key === 'Enter' || row.expanded === (e.key === 'ArrowLeft')) {
				this.cb.toggleExpand(row.key);
			}
		} else {
			return;
		}
		e.preventDefault();
	}
}
