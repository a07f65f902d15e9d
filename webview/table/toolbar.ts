import type {
	ColumnFilter,
	FilterOperator,
	TableColumn,
	TableSnapshot,
	TableWebviewMessage,
} from '../../src/shared/tableProtocol';
import { columnTitle } from '../../src/shared/tableProtocol';

/**
 * The table's controls: the tree's text/regex filter, a per-column filter builder, the active
 * filters and brushes as removable chips, options and export. Posts intents; the host decides.
 */

const OPS: { op: FilterOperator; label: string }[] = [
	{ op: '=', label: '=' },
	{ op: '≠', label: '≠' },
	{ op: '<', label: '<' },
	{ op: '≤', label: '≤' },
	{ op: '>', label: '>' },
	{ op: '≥', label: '≥' },
	{ op: 'contains', label: 'contains' },
	{ op: 'missing', label: 'is missing' },
	{ op: 'notMissing', label: 'is present' },
	{ op: 'true', label: 'is true' },
	{ op: 'false', label: 'is false' },
	{ op: 'before', label: 'before (date)' },
	{ op: 'after', label: 'after (date)' },
	{ op: 'on', label: 'on (date)' },
];
const NO_VALUE = new Set<FilterOperator>(['missing', 'notMissing', 'true', 'false']);

export class Toolbar {
	readonly element = el('div', 'toolbar');
	readonly chips = el('div', 'chips');
	private readonly text = input('search', 'text-filter', 'Filter rows: name, sha, branch or /regex/');
	private readonly column = document.createElement('select');
	private readonly op = document.createElement('select');
	private readonly value = input('text', 'filter-value', 'value');
	private readonly count = el('span', 'count');
	private readonly hidden = document.createElement('select');
	private readonly checks: Record<'changedOnly' | 'pinExperiment' | 'sortStarred', HTMLInputElement>;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private columns: TableColumn[] = [];

	constructor(private readonly post: (m: TableWebviewMessage) => void) {
		this.column.className = 'filter-column';
		this.column.setAttribute('aria-label', 'Filter column');
		this.op.className = 'filter-op';
		this.op.setAttribute('aria-label', 'Filter operator');
		this.op.append(...OPS.map((o) => option(o.op, o.label)));
		this.hidden.className = 'hidden-columns';
		this.hidden.setAttribute('aria-label', 'Show a hidden column');
		const add = buttonEl('add-filter', 'Add filter');
		add.addEventListener('click', () => this.addFilter());
		this.value.addEventListener('keydown', (e) => e.key === 'Enter' && this.addFilter());
		this.op.addEventListener('change', () => (this.value.disabled = NO_VALUE.has(this.op.value as FilterOperator)));
		this.text.addEventListener('input', () => {
			clearTimeout(this.timer);
			this.timer = setTimeout(() => this.post({ type: 'table/setText', text: this.text.value }), 120);
		});
		this.hidden.addEventListener('change', () => {
			if (this.hidden.value) {
				this.post({ type: 'table/showColumn', column: this.hidden.value });
			}
		});
		this.checks = {
			changedOnly: checkbox('Only changed columns', (on) =>
				this.post({ type: 'table/setOption', option: 'changedOnly', value: on }),
			),
			pinExperiment: checkbox('Pin Experiment', (on) =>
				this.post({ type: 'table/setOption', option: 'pinExperiment', value: on }),
			),
			sortStarred: checkbox('Starred first', (on) => this.post({ type: 'table/sortStarred', on })),
		};
		const csv = buttonEl('export-csv', 'CSV');
		csv.title = 'Export the visible table as CSV';
		csv.addEventListener('click', () => this.post({ type: 'table/export', format: 'csv' }));
		const md = buttonEl('export-md', 'Markdown');
		md.title = 'Export the visible table as Markdown';
		md.addEventListener('click', () => this.post({ type: 'table/export', format: 'markdown' }));
		const checks = Object.values(this.checks).map((c) => c.parentElement!);
		this.element.append(this.text, this.column, this.op, this.value, add, ...checks, this.hidden, csv, md, this.count);
	}

	/** Preselects a column in the filter builder (the header's filter button). */
	focusColumn(col: TableColumn): void {
		this.column.value = col.id;
		this.op.value =
			col.type === 'number' ? '>' : col.type === 'boolean' ? 'true' : col.type === 'date' ? 'after' : 'contains';
		this.value.disabled = NO_VALUE.has(this.op.value as FilterOperator);
		this.value.focus();
	}

	private addFilter(): void {
		const filter: ColumnFilter = { column: this.column.value, op: this.op.value as FilterOperator };
		if (!NO_VALUE.has(filter.op)) {
			filter.value = this.value.value;
		}
		this.post({ type: 'table/addFilter', filter });
		this.value.value = '';
	}

	update(s: TableSnapshot): void {
		if (document.activeElement !== this.text && this.text.value !== s.text) {
			this.text.value = s.text;
		}
		this.text.classList.toggle('invalid', s.textError !== undefined);
		this.text.title = s.textError ?? '';
		this.checks.changedOnly.checked = s.options.changedOnly;
		this.checks.pinExperiment.checked = s.options.pinExperiment;
		this.checks.sortStarred.checked = s.sortStarred;
		const keep = this.column.value;
		this.columns = s.columns;
		this.column.replaceChildren(...s.columns.map((c) => option(c.id, columnTitle(c))));
		if (s.columns.some((c) => c.id === keep)) {
			this.column.value = keep;
		}
		this.hidden.hidden = s.hidden.length === 0;
		this.hidden.replaceChildren(
			option('', `Show hidden column (${s.hidden.length})…`),
			...s.hidden.map((h) => option(h.id, h.label)),
		);
		this.count.textContent = `${s.total} of ${s.unfiltered} rows · ${s.columns.length} columns`;
		this.renderChips(s);
	}

	private renderChips(s: TableSnapshot): void {
		const label = (id: string) => {
			const c = this.columns.find((x) => x.id === id);
			return c ? (c.group === 'fixed' ? c.label : c.label) : id;
		};
		const chips: HTMLElement[] = [];
		s.filters.forEach((f, index) => {
			const text = `${label(f.column)} ${f.op}${f.value === undefined ? '' : ` ${f.value}`}`;
			chips.push(chip('filter', text, f.column, () => this.post({ type: 'table/removeFilter', index })));
		});
		for (const b of s.brush) {
			const text = `${label(b.column)} ∈ [${b.min}, ${b.max}]`;
			chips.push(chip('brush', text, b.column, () => this.post({ type: 'table/removeBrush', column: b.column })));
		}
		s.sort.forEach((l, i) => {
			const text = `${i + 1}. ${label(l.column)} ${l.descending ? '▼' : '▲'}`;
			chips.push(chip('sort', text, l.column, () => this.post({ type: 'table/removeSort', column: l.column })));
		});
		if (s.textError) {
			const err = el('span', 'text-error');
			err.textContent = s.textError;
			chips.push(err);
		}
		this.chips.replaceChildren(...chips);
	}
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string): HTMLElementTagNameMap[K] {
	const e = document.createElement(tag);
	e.className = cls;
	return e;
}

function input(type: string, cls: string, placeholder: string): HTMLInputElement {
	const i = el('input', cls);
	i.type = type;
	i.placeholder = placeholder;
	i.setAttribute('aria-label', placeholder);
	return i;
}

function option(value: string, text: string): HTMLOptionElement {
	const o = document.createElement('option');
	o.value = value;
	o.textContent = text;
	return o;
}

function buttonEl(cls: string, text: string): HTMLButtonElement {
	const b = el('button', cls);
	b.type = 'button';
	b.textContent = text;
	return b;
}

function checkbox(text: string, onChange: (on: boolean) => void): HTMLInputElement {
	const label = el('label', 'option');
	const box = document.createElement('input');
	box.type = 'checkbox';
	box.addEventListener('change', () => onChange(box.checked));
	label.append(box, document.createTextNode(text));
	return box;
}

function chip(kind: string, text: string, column: string, remove: () => void): HTMLElement {
	const c = el('span', `chip chip-${kind}`);
	c.dataset.column = column;
	const t = el('span', 'chip-text');
	t.textContent = text;
	const x = buttonEl('chip-remove', '×');
	x.title = 'Remove';
	x.addEventListener('click', remove);
	c.append(t, x);
	return c;
}
