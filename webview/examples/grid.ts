import type { ExamplesCell, ExamplesColumn, ExamplesRow } from '../../src/shared/protocol';

/**
 * A virtual-scrolling grid: fixed row height, a tall spacer for the scroll bar and a sticky
 * window holding only the visible rows (a reused pool of elements). Everything file-derived is
 * written with textContent / attributes, never as HTML.
 */

export const ROW_HEIGHT = 26;
/** Chromium caps element heights near 33.5 M px: beyond this the scroll position maps to rows by ratio. */
const MAX_SCROLL_PX = 15_000_000;
const OVERSCAN = 4;

export interface GridCallbacks {
	/** Rows [start, start+count) are needed and not cached. */
	need(start: number, count: number): void;
	headerClick(column: ExamplesColumn): void;
	rowClick(index: number, column: ExamplesColumn): void;
}

export class Grid {
	readonly element = document.createElement('div');
	private readonly spacer = document.createElement('div');
	private readonly window = document.createElement('div');
	private readonly header = document.createElement('div');
	private readonly body = document.createElement('div');
	private columns: ExamplesColumn[] = [];
	private total = 0;
	private cache = new Map<number, ExamplesRow>();
	private pool: HTMLElement[] = [];
	private sort: { column: string; descending: boolean } | undefined;

	constructor(private readonly cb: GridCallbacks) {
		this.element.className = 'grid-scroller';
		this.spacer.className = 'grid-spacer';
		this.window.className = 'grid-window';
		this.header.className = 'grid-row grid-header';
		this.body.className = 'grid-body';
		this.window.append(this.header, this.body);
		this.spacer.append(this.window);
		this.element.append(this.spacer);
		this.element.addEventListener('scroll', () => this.render(), { passive: true });
		new ResizeObserver(() => this.render()).observe(this.element);
		this.body.addEventListener('click', (e) => this.onClick(e));
	}

	setView(columns: ExamplesColumn[], total: number, sort?: { column: string; descending: boolean }): void {
		this.columns = columns;
		this.total = total;
		this.sort = sort;
		this.cache.clear();
		const template = columns.map(widthOf).join(' ');
		this.window.style.gridTemplateColumns = template;
		this.window.style.setProperty('--grid-columns', template);
		this.renderHeader();
		for (const row of this.pool) {
			row.remove();
		}
		this.pool = [];
		this.spacer.style.height = `${Math.min(total * ROW_HEIGHT, MAX_SCROLL_PX) + ROW_HEIGHT}px`;
		this.render();
	}

	addRows(rows: ExamplesRow[]): void {
		for (const r of rows) {
			this.cache.set(r.index, r);
		}
		this.render();
	}

	/** The first visible row index for the current scroll position. */
	firstVisible(): number {
		const visible = this.visibleCount();
		const scrollable = Math.min(this.total * ROW_HEIGHT, MAX_SCROLL_PX) + ROW_HEIGHT - this.element.clientHeight;
		if (this.total * ROW_HEIGHT <= MAX_SCROLL_PX || scrollable <= 0) {
			return Math.floor(this.element.scrollTop / ROW_HEIGHT);
		}
		return Math.round((this.element.scrollTop / scrollable) * Math.max(0, this.total - visible));
	}

	private visibleCount(): number {
		return Math.ceil(Math.max(0, this.element.clientHeight - ROW_HEIGHT) / ROW_HEIGHT) + 1;
	}

	render(): void {
		const first = Math.min(this.firstVisible(), Math.max(0, this.total - 1));
		const count = Math.min(this.visibleCount(), this.total - first);
		const scaled = this.total * ROW_HEIGHT > MAX_SCROLL_PX;
		// Unscaled, the sticky window sits at the top while the content scrolls under it by a fraction of a row.
		this.body.style.transform = `translateY(${scaled ? 0 : -(this.element.scrollTop % ROW_HEIGHT)}px)`;
		this.ensurePool(Math.max(0, count));
		let missing = -1;
		for (let k = 0; k < this.pool.length; k++) {
			const index = first + k;
			const row = this.cache.get(index);
			this.fillRow(this.pool[k], index, row);
			if (!row && missing < 0) {
				missing = index;
			}
		}
		if (missing >= 0) {
			const start = Math.max(0, missing - OVERSCAN * 10);
			this.cb.need(start, count + OVERSCAN * 20);
		}
	}

	private ensurePool(count: number): void {
		while (this.pool.length < count) {
			const row = document.createElement('div');
			row.className = 'grid-row';
			for (let c = 0; c < this.columns.length; c++) {
				const cell = document.createElement('div');
				cell.className = `grid-cell ${this.columns[c].kind}`;
				row.append(cell);
			}
			this.body.append(row);
			this.pool.push(row);
		}
		while (this.pool.length > count) {
			this.pool.pop()!.remove();
		}
	}

	private fillRow(el: HTMLElement, index: number, row: ExamplesRow | undefined): void {
		el.dataset.index = String(index);
		el.classList.toggle('loading', !row);
		const cells = el.children;
		for (let c = 0; c < this.columns.length; c++) {
			const cell = cells[c] as HTMLElement;
			const thumb = row?.thumbs?.[c];
			const text = row ? formatCell(row.cells[c]) : '';
			if (thumb) {
				setImage(cell, thumb, text);
			} else if (cell.textContent !== text || cell.firstElementChild) {
				cell.textContent = text;
			}
			cell.title = row ? fullText(row.cells[c]) : '';
		}
	}

	private renderHeader(): void {
		this.header.replaceChildren(
			...this.columns.map((col) => {
				const cell = document.createElement('button');
				cell.type = 'button';
				cell.className = `grid-cell header-cell ${col.kind} source-${col.source}`;
				const sorted = this.sort?.column === col.id ? (this.sort.descending ? ' ▼' : ' ▲') : '';
				cell.textContent = col.name + sorted;
				cell.title = `${col.name}: click to sort`;
				cell.dataset.column = col.id;
				cell.setAttribute('aria-sort', sorted ? (this.sort!.descending ? 'descending' : 'ascending') : 'none');
				cell.addEventListener('click', () => this.cb.headerClick(col));
				return cell;
			}),
		);
	}

	private onClick(e: MouseEvent): void {
		const target = e.target as HTMLElement;
		const rowEl = target.closest<HTMLElement>('.grid-row');
		const cellEl = target.closest<HTMLElement>('.grid-cell');
		if (!rowEl || !cellEl || rowEl.classList.contains('loading')) {
			return;
		}
		const column = this.columns[Array.prototype.indexOf.call(rowEl.children, cellEl)];
		if (column) {
			this.cb.rowClick(Number(rowEl.dataset.index), column);
		}
	}
}

function widthOf(col: ExamplesColumn): string {
	if (col.image) {
		return '64px';
	}
	if (col.source === 'id') {
		return '90px';
	}
	return col.kind === 'num' ? 'minmax(90px, 120px)' : 'minmax(120px, 280px)';
}

function setImage(cell: HTMLElement, src: string, alt: string): void {
	let img = cell.firstElementChild as HTMLImageElement | null;
	if (!img || img.tagName !== 'IMG') {
		cell.textContent = '';
		img = document.createElement('img');
		img.className = 'thumb';
		img.loading = 'lazy';
		cell.append(img);
	}
	if (img.getAttribute('src') !== src) {
		img.src = src;
	}
	img.alt = alt;
}

export function formatCell(v: ExamplesCell): string {
	if (v === null) {
		return '';
	}
	if (typeof v === 'number') {
		return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(5)));
	}
	return String(v);
}

function fullText(v: ExamplesCell): string {
	return v === null ? '' : String(v);
}
