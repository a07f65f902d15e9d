import { columnLabel } from '../../../src/charts/custom/labels';
import type { CustomColumn } from '../../../src/shared/protocol';
import { el } from '../../shared/theme';

/** Column pickers and small buttons shared by the custom plot cards. Every name goes in as text. */

export { columnLabel };

/** A filterable select over `columns` (hundreds of them in a real repo); `none` adds an empty first entry. */
export function columnSelect(
	columns: readonly CustomColumn[],
	value: string | undefined,
	onChange: (id: string) => void,
	none?: string,
): HTMLElement {
	const select = document.createElement('vscode-single-select');
	select.combobox = true;
	const options = columns.map((c) => option(c.id, columnLabel(c), c.id === value));
	if (none !== undefined) {
		options.unshift(option('', none, value === undefined));
	}
	select.append(...options);
	if (value !== undefined) {
		select.value = value;
	}
	select.addEventListener('change', () => select.value && onChange(select.value));
	return select;
}

function option(value: string, text: string, selected: boolean): HTMLElement {
	const node = document.createElement('vscode-option');
	node.value = value;
	node.textContent = text;
	node.title = text;
	node.selected = selected;
	return node;
}

export function button(
	text: string,
	title: string,
	onClick: () => void,
	className = 'chart-button',
): HTMLButtonElement {
	const node = el('button', className, text);
	node.type = 'button';
	node.title = title;
	node.addEventListener('click', onClick);
	return node;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): HTMLElement {
	const box = document.createElement('vscode-checkbox');
	box.label = label;
	box.checked = checked;
	box.addEventListener('change', () => onChange(box.checked));
	return box;
}

/** `12.35`, `0.0012`, `1.2e+7`: four significant digits for tick labels. */
export function shortNumber(value: number): string {
	return Number.isInteger(value) && Math.abs(value) < 1e6 ? String(value) : String(Number(value.toPrecision(4)));
}
