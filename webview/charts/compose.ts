import type { LineChart } from '../../src/shared/protocol';
import { el } from '../shared/theme';

/**
 * Several metrics in one chart, page side: which metrics a card draws, the compositions after a
 * merge or a split, and the card's controls (an "add metric" select, Split, drag onto a card).
 * The host draws what the compositions say (src/charts/compose.ts).
 */
export type Compose = string[][];

const DRAG_TYPE = 'application/x-runlens-chart';

export function metricsOf(chart: Pick<LineChart, 'id' | 'metrics'>): string[] {
	return chart.metrics ?? [chart.id.replace(/^metric:/, '')];
}

/** `target`'s metrics then `source`'s in one chart; both leave any composition they were in. */
export function merged(compose: Compose, target: readonly string[], source: readonly string[]): Compose {
	const both = [...new Set([...target, ...source])];
	return [...compose.filter((group) => !group.some((m) => both.includes(m))), both];
}

export function split(compose: Compose, metrics: readonly string[]): Compose {
	return compose.filter((group) => !group.some((m) => metrics.includes(m)));
}

export interface ComposeControls {
	/** The other line charts of the panel, as [chart id, title]. */
	others(): [string, string][];
	onCompose(targetId: string, sourceId: string): void;
	onSplit(chartId: string): void;
}

/** The header controls of a card: an "add metric" select, and Split on a composed chart. */
export function composeActions(chart: LineChart, controls: ComposeControls): HTMLElement[] {
	const out: HTMLElement[] = [];
	const others = controls.others();
	if (others.length > 0) {
		const select = el('select', 'chart-add');
		const tip = 'Draw another metric in this chart';
		select.title = tip;
		select.setAttribute('aria-label', tip);
		const first = el('option', '', '+ metric');
		first.value = '';
		select.append(
			first,
			...others.map(([id, title]) => {
				const o = el('option', '', title);
				o.value = id;
				return o;
			}),
		);
		select.addEventListener('change', () => select.value && controls.onCompose(chart.id, select.value));
		out.push(select);
	}
	if (chart.metrics) {
		const b = el('button', 'chart-button chart-split', 'Split');
		b.type = 'button';
		b.title = 'Draw these metrics in their own charts again';
		b.setAttribute('aria-label', b.title);
		b.addEventListener('click', () => controls.onSplit(chart.id));
		out.push(b);
	}
	return out;
}

/** Dragging a card's header onto another card draws both in one chart. */
export function makeDroppable(
	card: HTMLElement,
	handle: HTMLElement,
	chartId: string,
	controls: ComposeControls,
): void {
	handle.draggable = true;
	// The title stays the full metric name (a long name is cut off); the grab cursor says it drags.
	handle.addEventListener('dragstart', (e) => {
		e.dataTransfer?.setData(DRAG_TYPE, chartId);
		if (e.dataTransfer) {
			e.dataTransfer.effectAllowed = 'move';
		}
	});
	card.addEventListener('dragover', (e) => {
		if (e.dataTransfer?.types.includes(DRAG_TYPE)) {
			e.preventDefault();
			card.classList.add('drop-target');
		}
	});
	card.addEventListener('dragleave', () => card.classList.remove('drop-target'));
	card.addEventListener('drop', (e) => {
		card.classList.remove('drop-target');
		const source = e.dataTransfer?.getData(DRAG_TYPE);
		if (source && source !== chartId) {
			e.preventDefault();
			controls.onCompose(chartId, source);
		}
	});
}
