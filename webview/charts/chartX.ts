import type { LineChart, XAxis } from '../../src/shared/protocol';
import { el } from '../shared/theme';

const NAMES: Readonly<Record<string, string>> = { step: 'Step', relative: 'Relative time', wall: 'Wall time' };

/** Display name of an x axis in the selects (toolbar and chart headers). */
export function xAxisName(axis: XAxis): string {
	return NAMES[axis] ?? axis;
}

/**
 * A chart's own x axis select: `(panel default)` then the axes the host found in the chart's series.
 * Undefined when the host sent no list (an older snapshot shape).
 */
export function chartXSelect(chart: LineChart, onChange: (axis: XAxis | undefined) => void): HTMLElement | undefined {
	if (!chart.xAxes || chart.xAxes.length === 0) {
		return undefined;
	}
	const select = el('select', 'chart-x');
	const tip = 'X axis of this chart';
	select.title = tip;
	select.setAttribute('aria-label', tip);
	const option = (value: string, text: string) => {
		const o = el('option', '', text);
		o.value = value;
		return o;
	};
	select.append(option('', '(panel default)'), ...chart.xAxes.map((axis) => option(axis, xAxisName(axis))));
	select.value = chart.xChoice && chart.xAxes.includes(chart.xChoice) ? chart.xChoice : '';
	select.addEventListener('change', () => onChange(select.value || undefined));
	return select;
}
