import type { CustomAxis, CustomColumn, CustomPlotData } from '../../../src/shared/protocol';
import type { Theme } from '../../shared/theme';
import { el, withAlpha } from '../../shared/theme';
import { button, columnLabel, columnSelect, shortNumber } from './controls';
import type { BrushRange, Layout } from './geometry';
import { axisAt, axisX, brushFromDrag, inside, valueToY, withRange } from './geometry';
import { excludedNote } from './scatter';

type ParallelConfig = Extract<CustomPlotData['config'], { kind: 'parallel' }>;

export interface ParallelEvents {
	onChange(config: ParallelConfig): void;
	onRemove(): void;
	/** Every range after a brush was drawn or cleared (one per column, shared by all plots). */
	onBrush(ranges: BrushRange[]): void;
}

const HEIGHT = 300;
const MARGIN = { left: 48, right: 48, top: 44, bottom: 16 };
const MIN_DRAG_PX = 3;

/**
 * One polyline per experiment across the chosen columns, drawn on a canvas. Drag vertically on a
 * numeric axis to brush a range (one per axis, several axes); double-click an axis to clear its
 * brush, or elsewhere to clear all. Axis names are DOM text above the canvas.
 */
export class ParallelCard {
	readonly element = el('div', 'chart-card custom-card custom-parallel');
	private readonly canvas = el('canvas', 'parallel-canvas');
	private readonly titles = el('div', 'parallel-titles');
	private drag: { axis: number; y0: number; y1: number } | undefined;
	private stroked = 0;
	private readonly resize = new ResizeObserver(() => this.draw());

	constructor(
		readonly data: CustomPlotData & { config: ParallelConfig },
		private readonly columns: readonly CustomColumn[],
		private ranges: BrushRange[],
		private readonly theme: Theme,
		private readonly events: ParallelEvents,
	) {
		this.element.dataset.customPlot = data.config.id;
		this.element.dataset.kind = 'parallel';
		this.element.append(this.head(), this.chips());
		if (data.axes.length === 0) {
			this.element.append(el('div', 'custom-hint', 'Add columns to draw one line per experiment across them.'));
			return;
		}
		const body = el('div', 'parallel-body');
		body.append(this.titles, this.canvas);
		this.element.append(body, excludedNote(data.excluded, 'a value in every column'));
		this.listen();
		this.resize.observe(body);
	}

	private head(): HTMLElement {
		const head = el('div', 'chart-head');
		const clear = button('Clear brushes', 'Clear every brushed range', () => this.events.onBrush([]));
		head.append(
			el('span', 'custom-title', 'Parallel coordinates'),
			clear,
			button('Remove', 'Remove this plot', () => this.events.onRemove()),
		);
		return head;
	}

	private chips(): HTMLElement {
		const { config } = this.data;
		const byId = new Map(this.columns.map((c) => [c.id, c]));
		const row = el('div', 'custom-controls');
		for (const id of config.columns) {
			const column = byId.get(id);
			const chip = el('span', 'custom-chip');
			chip.dataset.column = id;
			chip.append(el('span', 'custom-chip-label', column ? columnLabel(column) : `${id} (not found)`));
			chip.title = id;
			const others = config.columns.filter((c) => c !== id);
			chip.append(button('\u00d7', 'Remove this column', () => this.events.onChange({ ...config, columns: others })));
			row.append(chip);
		}
		const rest = this.columns.filter((c) => !config.columns.includes(c.id));
		const add = columnSelect(
			rest,
			undefined,
			(id) => this.events.onChange({ ...config, columns: [...config.columns, id] }),
			'Add column…',
		);
		add.classList.add('parallel-add');
		row.append(add);
		return row;
	}

	private layout(): Layout {
		const width = this.canvas.clientWidth;
		return { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
	}

	private listen(): void {
		const pos = (e: MouseEvent) => ({ x: e.offsetX, y: e.offsetY });
		this.canvas.addEventListener('pointerdown', (e) => {
			const { x, y } = pos(e);
			const axis = axisAt(this.data.axes, x, this.layout());
			if (axis === undefined || this.data.axes[axis].kind !== 'numeric') {
				return;
			}
			try {
				this.canvas.setPointerCapture(e.pointerId);
			} catch {
				// A synthetic pointer (simulateDrag) cannot be captured; the drag works without.
			}
			this.drag = { axis, y0: y, y1: y };
		});
		this.canvas.addEventListener('pointermove', (e) => {
			if (this.drag) {
				this.drag.y1 = pos(e).y;
				this.draw();
			}
		});
		this.canvas.addEventListener('pointerup', () => this.endDrag());
		this.canvas.addEventListener('pointercancel', () => ((this.drag = undefined), this.draw()));
		this.canvas.addEventListener('dblclick', (e) => {
			const axis = axisAt(this.data.axes, pos(e).x, this.layout());
			const column = axis === undefined ? undefined : this.data.axes[axis].column;
			this.events.onBrush(column === undefined ? [] : this.ranges.filter((r) => r.column !== column));
		});
	}

	private endDrag(): void {
		const drag = this.drag;
		this.drag = undefined;
		if (drag && Math.abs(drag.y1 - drag.y0) >= MIN_DRAG_PX) {
			const range = brushFromDrag(this.data.axes[drag.axis], drag.y0, drag.y1, this.layout());
			this.events.onBrush(withRange(this.ranges, range));
		} else {
			this.draw();
		}
	}

	/** Drags from `from` to `to` on `column`'s axis through the real pointer handlers (integration tier). */
	simulateDrag(column: string, from: number, to: number): void {
		const i = this.data.axes.findIndex((a) => a.column === column);
		if (i < 0) {
			return;
		}
		const layout = this.layout();
		const box = this.canvas.getBoundingClientRect();
		const x = box.left + axisX(i, this.data.axes.length, layout);
		const at = (value: number) => box.top + valueToY(this.data.axes[i], value, layout);
		const fire = (type: string, value: number) =>
			this.canvas.dispatchEvent(
				new PointerEvent(type, { clientX: x, clientY: at(value), pointerId: 99, bubbles: true }),
			);
		fire('pointerdown', from);
		fire('pointermove', (from + to) / 2);
		fire('pointermove', to);
		fire('pointerup', to);
	}

	/** The brush as the host (or a sibling plot) now holds it. */
	setRanges(ranges: BrushRange[]): void {
		this.ranges = ranges;
		this.draw();
	}

	/** Draws now (the section calls it once the card is in the page); resizes redraw on their own. */
	draw(): void {
		const { canvas } = this;
		const width = canvas.clientWidth;
		if (width === 0 || this.data.axes.length === 0) {
			return;
		}
		const ratio = window.devicePixelRatio || 1;
		canvas.width = Math.round(width * ratio);
		canvas.height = Math.round(HEIGHT * ratio);
		const ctx = canvas.getContext('2d');
		if (!ctx) {
			return;
		}
		ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
		ctx.clearRect(0, 0, width, HEIGHT);
		const layout = this.layout();
		canvas.dataset.top = String(layout.top);
		canvas.dataset.bottom = String(layout.bottom);
		this.drawLines(ctx, layout);
		this.data.axes.forEach((axis, i) => this.drawAxis(ctx, axis, axisX(i, this.data.axes.length, layout), layout));
		this.placeTitles(layout);
	}

	private drawLines(ctx: CanvasRenderingContext2D, layout: Layout): void {
		const { axes, points } = this.data;
		const live = this.liveRanges(layout);
		const faded = withAlpha(this.theme.muted, 0.15);
		// Faded lines first, so brushed-in lines are drawn on top of them.
		const order = points.map((p) => ({ p, in: inside(p, axes, live) })).sort((a, b) => Number(a.in) - Number(b.in));
		ctx.lineWidth = 1.5;
		for (const { p, in: isIn } of order) {
			ctx.strokeStyle = isIn ? withAlpha(p.colour ?? this.theme.muted, p.colour ? 0.9 : 0.6) : faded;
			ctx.beginPath();
			p.values.forEach((v, i) => {
				const x = axisX(i, axes.length, layout);
				const y = valueToY(axes[i], v, layout);
				if (i === 0) {
					ctx.moveTo(x, y);
				} else {
					ctx.lineTo(x, y);
				}
			});
			ctx.stroke();
		}
		this.stroked = order.length;
	}

	/** Committed ranges plus the one being dragged, so lines fade while the mouse moves. */
	private liveRanges(layout: Layout): BrushRange[] {
		const drag = this.drag;
		if (!drag || Math.abs(drag.y1 - drag.y0) < MIN_DRAG_PX) {
			return this.ranges;
		}
		return withRange(this.ranges, brushFromDrag(this.data.axes[drag.axis], drag.y0, drag.y1, layout));
	}

	private drawAxis(ctx: CanvasRenderingContext2D, axis: CustomAxis, x: number, layout: Layout): void {
		ctx.strokeStyle = this.theme.foreground;
		ctx.lineWidth = 1;
		ctx.beginPath();
		ctx.moveTo(x, layout.top);
		ctx.lineTo(x, layout.bottom);
		ctx.stroke();
		ctx.fillStyle = this.theme.foreground;
		ctx.font = `${this.theme.fontSize - 2}px ${this.theme.fontFamily}`;
		ctx.textBaseline = 'middle';
		for (const [value, text] of ticks(axis)) {
			const y = valueToY(axis, value, layout);
			ctx.fillRect(x - 3, y, 6, 1);
			ctx.fillText(text.length > 16 ? `${text.slice(0, 15)}…` : text, x + 5, y);
		}
		const range = this.liveRanges(layout).find((r) => r.column === axis.column);
		if (range) {
			const y0 = valueToY(axis, range.max, layout);
			const y1 = valueToY(axis, range.min, layout);
			ctx.fillStyle = withAlpha('#3794ff', 0.25);
			ctx.fillRect(x - 8, y0, 16, Math.max(1, y1 - y0));
			ctx.strokeStyle = '#3794ff';
			ctx.strokeRect(x - 8, y0, 16, Math.max(1, y1 - y0));
		}
	}

	private placeTitles(layout: Layout): void {
		const { axes } = this.data;
		const byId = new Map(this.columns.map((c) => [c.id, c]));
		const spacing = axes.length > 1 ? (layout.right - layout.left) / (axes.length - 1) : layout.right - layout.left;
		this.titles.replaceChildren(
			...axes.map((axis, i) => {
				const column = byId.get(axis.column);
				const title = el('div', 'parallel-axis');
				title.dataset.column = axis.column;
				title.style.left = `${axisX(i, axes.length, layout)}px`;
				title.style.maxWidth = `${Math.max(40, spacing - 8)}px`;
				title.append(
					el('div', 'parallel-axis-key', column?.key ?? axis.column),
					el('div', 'parallel-axis-file', column?.file ?? ''),
				);
				title.title = `${axis.column}${axis.kind === 'numeric' ? '\nDrag on the axis to brush a range' : ''}`;
				return title;
			}),
		);
	}

	/** Polylines stroked by the last draw. */
	pointsDrawn(): number {
		return this.stroked;
	}

	destroy(): void {
		this.resize.disconnect();
	}
}

/** Min, max and three steps between for numeric axes; every category (thinned past 20). */
function ticks(axis: CustomAxis): [number, string][] {
	if (axis.categories) {
		const step = Math.ceil(axis.categories.length / 20);
		return axis.categories.map((c, i): [number, string] => [i, c]).filter((_, i) => i % step === 0);
	}
	if (axis.max === axis.min) {
		return [[axis.min, shortNumber(axis.min)]];
	}
	return [0, 0.25, 0.5, 0.75, 1].map((f): [number, string] => {
		const v = axis.min + f * (axis.max - axis.min);
		return [v, shortNumber(v)];
	});
}
