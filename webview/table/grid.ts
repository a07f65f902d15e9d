import type { SortLevel, TableColumn, TableRendered, TableRow } from '../../src/shared/tableProtocol';
import { HeaderView, attachHeaderDrag, defaultWidth } from './header';
import type { HeaderCallbacks } from './header';
import { showTips } from './rowCell';
import { HEADER_HEIGHT, ROW_HEIGHT, RowPool } from './rowPool';
import type { ColumnLayout } from './rowPool';

/**
 * The experiments grid, virtual in both directions: a spacer as large as the whole table gives the
 * scroll bars, and only the rows and columns in view (plus a small overscan) exist in the DOM. A
 * new snapshot (a sort, a filter) re-fills the pooled elements in place; the header is rebuilt only
 * when the columns or the sort change. The Experiment column can be pinned to the left.
 * Everything file-derived is written with textContent / attributes, never as HTML.
 */

export { HEADER_HEIGHT, ROW_HEIGHT };
const OVERSCAN_ROWS = 3;
const OVERSCAN_PX = 120;

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
	private readonly headerView = new HeaderView(this.header);
	private readonly pool = new RowPool(this.body);
	private layout: ColumnLayout = { columns: [], offsets: [], widths: [], pinned: false, width: '0px', generation: 0 };
	private layoutKey = '';
	private sortKey = '';
	private total = 0;
	private cache = new Map<number, TableRow>();
	private focused = -1;
	private frame = 0;
	/** What the last render read and drew: live patches re-fill rows with the same columns. */
	private left = 0;
	private top = Number.NaN;
	private cols: number[] = [];

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
		this.body.addEventListener('mouseover', (e) => {
			const target = e.target as Element;
			const row = target.closest('.row');
			if (row) {
				showTips(target, row);
			}
		});
		this.element.addEventListener('keydown', (e) => this.onKey(e));
		this.header.addEventListener('click', (e) => this.onHeaderClick(e));
		attachHeaderDrag(this.header, cb, () => this.layout.columns);
	}

	/** A snapshot: the row elements stay and are re-filled; columns are laid out again only if they changed. */
	setView(columns: TableColumn[], total: number, sort: SortLevel[], pinned: boolean, rows: TableRow[]): void {
		this.total = total;
		this.cache.clear();
		for (const r of rows) {
			this.cache.set(r.index, r);
		}
		const layoutKey = JSON.stringify([pinned, columns.map((c) => [c.id, c.group, c.file, c.label, c.type, c.width])]);
		const sortKey = JSON.stringify(sort);
		const relaid = layoutKey !== this.layoutKey;
		if (relaid) {
			this.layoutKey = layoutKey;
			this.layout = layoutOf(columns, pinned, this.layout.generation + 1);
		} else {
			this.layout.columns = columns;
		}
		if (relaid || sortKey !== this.sortKey) {
			this.sortKey = sortKey;
			this.headerView.reset(sort);
		}
		this.spacer.style.width = this.layout.width;
		this.spacer.style.height = `${total * ROW_HEIGHT + HEADER_HEIGHT}px`;
		this.focused = Math.min(this.focused, total - 1);
		this.render();
	}

	addRows(rows: TableRow[]): void {
		for (const r of rows) {
			this.cache.set(r.index, r);
		}
		this.render();
	}

	/** Live updates: replaces cached rows in place and re-fills only the ones on screen. */
	patch(rows: TableRow[]): void {
		const view = { layout: this.layout, focused: this.focused, left: this.left };
		let drawn = false;
		for (const r of rows) {
			if (this.cache.get(r.index)?.key === r.key) {
				this.cache.set(r.index, r);
				drawn = this.pool.refill(r.index, r, this.cols, view) || drawn;
			}
		}
		if (drawn) {
			this.cb.rendered();
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

	/** Column indices in view (plus overscan), the pinned Experiment column always first. */
	private visibleColumns(scrollLeft: number, width: number): number[] {
		const { offsets, widths, pinned } = this.layout;
		const left = scrollLeft - OVERSCAN_PX;
		const right = scrollLeft + width + OVERSCAN_PX;
		const out: number[] = pinned ? [0] : [];
		for (let i = pinned ? 1 : 0; i < offsets.length; i++) {
			if (offsets[i] + widths[i] >= left && offsets[i] <= right) {
				out.push(i);
			}
		}
		return out;
	}

	render(): void {
		// Every geometry read comes before any write, so a render forces no layout of its own.
		const { scrollTop: top, scrollLeft: left, clientWidth, clientHeight } = this.element;
		const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
		const visible = Math.ceil(Math.max(0, clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) + OVERSCAN_ROWS * 2;
		const count = Math.max(0, Math.min(visible, this.total - first));
		this.left = left;
		this.cols = this.visibleColumns(left, clientWidth);
		if (this.top !== top) {
			this.top = top;
			this.header.style.transform = `translateY(${top}px)`;
		}
		const { columns, offsets, pinned } = this.layout;
		this.headerView.render({ columns, offsets, pinned, scrollLeft: left }, this.cols);
		const view = { layout: this.layout, focused: this.focused, left };
		this.pool.render(first, count, this.cols, (i) => this.cache.get(i), view);
		let missing = -1;
		for (let index = first; index < first + count && missing < 0; index++) {
			missing = this.cache.has(index) ? -1 : index;
		}
		if (missing >= 0) {
			this.cb.need(Math.max(0, missing - visible), visible * 3);
		}
		this.cb.rendered();
	}

	/** The rows as drawn: what the integration tier compares with the tree and the model. */
	report(): TableRendered['rows'] {
		return this.pool.report();
	}

	private onHeaderClick(e: MouseEvent): void {
		const target = e.target as HTMLElement;
		const cell = target.closest<HTMLElement>('.hcell');
		const col = this.layout.columns.find((c) => c.id === cell?.dataset.column);
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

/** Column offsets and widths; the spacer (and every row) is as wide as all columns together. */
function layoutOf(columns: TableColumn[], pinned: boolean, generation: number): ColumnLayout {
	const offsets: number[] = [];
	const widths: number[] = [];
	let x = 0;
	for (const c of columns) {
		offsets.push(x);
		widths.push(defaultWidth(c));
		x += widths[widths.length - 1];
	}
	return { columns, offsets, widths, pinned: pinned && columns[0]?.id === 'experiment', width: `${x}px`, generation };
}
