import type { ChartsSnapshot } from '../../src/shared/protocol';
import { el } from '../shared/theme';
import { xAxisName } from './chartX';

/** The toolbar: regex filter, x axis, smoothing, toggles and the run legend. */
export interface UiState {
	filter: string;
	xAxis: string;
	smoothing: number;
	logY: boolean;
	ignoreOutliers?: boolean;
	annotations: boolean;
	collapsed: string[];
	hidden: string[];
	zoom: Record<string, [number, number]>;
	/** Charts' own x axes (chart id -> axis), chosen in each chart's header. */
	chartX?: Record<string, string>;
	/** Card size: the grid's minimum card width and the chart height (see style.css). */
	size?: CardSize;
	/** Several metrics in one chart: lists of metric names (the host also keeps them per workspace). */
	compose?: string[][];
}

export type CardSize = 'S' | 'M' | 'L';
export const CARD_SIZES: readonly CardSize[] = ['S', 'M', 'L'];

export interface ControlEvents {
	onFilter(text: string): void;
	onXAxis(axis: string): void;
	onSmoothing(value: number): void;
	onToggle(name: 'logY' | 'ignoreOutliers' | 'annotations', value: boolean): void;
	onLegend(experimentId: string): void;
	onSize(size: CardSize): void;
}

/** Compiles the filter; undefined for an invalid pattern (shown as a warning, all charts stay). */
export function compileFilter(text: string): RegExp | undefined | null {
	if (!text) {
		return null;
	}
	try {
		return new RegExp(text, 'i');
	} catch {
		return undefined;
	}
}

export function buildToolbar(
	state: UiState,
	events: ControlEvents,
): { element: HTMLElement; update(snapshot: ChartsSnapshot, state: UiState): void } {
	const bar = el('div', 'toolbar');
	const filter = document.createElement('vscode-textfield');
	filter.placeholder = 'Filter metrics (regex)';
	filter.value = state.filter;
	filter.className = 'filter';
	const warning = el('span', 'filter-warning');
	filter.addEventListener('input', () => {
		const valid = compileFilter(filter.value) !== undefined;
		filter.invalid = !valid;
		warning.textContent = valid ? '' : 'Invalid regular expression';
		events.onFilter(filter.value);
	});
	const select = document.createElement('vscode-single-select');
	select.className = 'x-axis';
	select.addEventListener('change', () => events.onXAxis(select.value));
	const smoothing = el('input', 'smoothing');
	Object.assign(smoothing, { type: 'range', min: '0', max: '0.999', step: '0.001', value: String(state.smoothing) });
	const smoothingValue = el('span', 'smoothing-value', state.smoothing.toFixed(3));
	smoothing.addEventListener('input', () => (smoothingValue.textContent = Number(smoothing.value).toFixed(3)));
	smoothing.addEventListener('change', () => events.onSmoothing(Number(smoothing.value)));
	const toggles = (['logY', 'ignoreOutliers', 'annotations'] as const).map((name) => {
		const box = document.createElement('vscode-checkbox');
		box.label = { logY: 'Log y', ignoreOutliers: 'Ignore outliers', annotations: 'Events' }[name];
		box.dataset.toggle = name;
		box.addEventListener('change', () => events.onToggle(name, box.checked));
		return box;
	});
	const sizes = sizeControl(state.size ?? 'M', (size) => events.onSize(size));
	const legend = el('div', 'legend');
	const smoothingLabel = el('label', 'smoothing-label', 'Smoothing');
	bar.append(
		filter,
		warning,
		el('span', 'label', 'X axis'),
		select,
		smoothingLabel,
		smoothing,
		smoothingValue,
		...toggles,
		sizes,
		legend,
	);
	const update = (snapshot: ChartsSnapshot, s: UiState) => {
		// The panel's axis stays listed when no series has it: the charts say why they use another.
		const axes = snapshot.xAxes.includes(s.xAxis) ? snapshot.xAxes : [...snapshot.xAxes, s.xAxis];
		select.replaceChildren(
			...axes.map((axis) => {
				const option = document.createElement('vscode-option');
				option.value = axis;
				option.textContent = xAxisName(axis);
				option.selected = axis === s.xAxis;
				return option;
			}),
		);
		select.value = s.xAxis;
		toggles[0].checked = s.logY;
		toggles[1].checked = s.ignoreOutliers ?? snapshot.ignoreOutliers;
		toggles[2].checked = s.annotations;
		legend.replaceChildren(
			...snapshot.experiments.map((e) => {
				const chip = el('button', 'legend-item');
				chip.dataset.experimentId = e.id;
				const hidden = s.hidden.includes(e.id);
				chip.classList.toggle('hidden', hidden);
				chip.setAttribute('aria-pressed', String(!hidden));
				const swatch = el('span', 'swatch');
				swatch.style.background = e.colour;
				chip.append(swatch, el('span', 'legend-label', e.label));
				// Long run names are cut off by the CSS: the tooltip keeps the whole name.
				chip.title = `${e.label}\n${hidden ? 'Hidden: click to show' : 'Click to hide'} this run`;
				chip.addEventListener('click', () => events.onLegend(e.id));
				return chip;
			}),
		);
	};
	return { element: bar, update };
}

/** S / M / L: a radio group of small buttons (the chosen one pressed). */
function sizeControl(initial: CardSize, onSize: (size: CardSize) => void): HTMLElement {
	const group = el('span', 'card-size');
	group.setAttribute('role', 'radiogroup');
	group.setAttribute('aria-label', 'Chart size');
	const names: Record<CardSize, string> = { S: 'Small charts', M: 'Medium charts', L: 'Large charts' };
	const buttons = CARD_SIZES.map((size) => {
		const b = el('button', 'chart-button size-button', size);
		b.type = 'button';
		b.title = names[size];
		b.dataset.size = size;
		b.setAttribute('role', 'radio');
		b.addEventListener('click', () => {
			buttons.forEach((o) => o.setAttribute('aria-checked', String(o === b)));
			onSize(size);
		});
		b.setAttribute('aria-checked', String(size === initial));
		return b;
	});
	group.append(el('span', 'label', 'Size'), ...buttons);
	return group;
}

/** What the panel shows when there is nothing to draw: say what to do, not just that it is empty. */
export function emptyState(hasExperiments: boolean): HTMLElement {
	const box = el('div', 'empty');
	if (hasExperiments) {
		box.append(
			el('div', '', 'The selected experiments have no metrics, plots or images yet.'),
			el('div', 'empty-hint', 'DVCLive series, dvc.yaml plots and images appear here as soon as a run writes them.'),
		);
	} else {
		box.append(
			el('div', '', 'Tick experiments in the Runlens sidebar to plot them here.'),
			el(
				'div',
				'empty-hint',
				'Each ticked run becomes one line per metric, in the colour shown next to it in the tree.',
			),
		);
	}
	return box;
}
