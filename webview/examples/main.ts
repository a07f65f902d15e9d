import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import './style.css';
import { isMessage } from '../../src/shared/protocol';
import type {
	ExamplesColumn,
	ExamplesFromWebview,
	ExamplesSnapshot,
	ExamplesToWebview,
} from '../../src/shared/protocol';
import { Grid } from './grid';

/**
 * The per-example metrics page: toolbar (filter, step), legend, validation errors and the virtual
 * grid. The host owns the data; this page asks for row windows and reports clicks.
 */

interface VsCodeApi {
	postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: ExamplesFromWebview): void => vscode.postMessage(m);

let snapshot: ExamplesSnapshot | undefined;
let nextRequest = 1;
const pending = new Set<string>();

const root = document.getElementById('root') ?? document.body;
const toolbar = el('div', 'toolbar');
const title = el('h1', 'title');
const filter = document.createElement('input');
filter.type = 'search';
filter.className = 'filter';
filter.placeholder = 'Filter: text, /regex/, or column:>0.5';
filter.setAttribute('aria-label', 'Filter rows');
const stepLabel = el('label', 'step-label');
const stepSelect = document.createElement('vscode-single-select') as HTMLElement & { value: string };
stepSelect.className = 'step-select';
const count = el('span', 'count');
const legend = el('div', 'legend');
const errors = el('details', 'errors');
const filterError = el('div', 'filter-error');
toolbar.append(title, filter, stepLabel, stepSelect, count);

const grid = new Grid({
	need: (start, n) => requestRows(start, n),
	headerClick: (col) => post(nextSort(col)),
	rowClick: (index, col) => post({ type: 'examples/reveal', index, column: col.id }),
});
root.append(toolbar, legend, filterError, errors, grid.element);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string): HTMLElementTagNameMap[K] {
	const e = document.createElement(tag);
	e.className = cls;
	return e;
}

/** Ascending, then descending, then unsorted. */
function nextSort(col: ExamplesColumn): ExamplesFromWebview {
	const sort = snapshot?.sort;
	if (sort?.column !== col.id) {
		return { type: 'examples/setSort', column: col.id, descending: false };
	}
	return sort.descending
		? { type: 'examples/setSort', descending: false }
		: { type: 'examples/setSort', column: col.id, descending: true };
}

function requestRows(start: number, n: number): void {
	if (!snapshot) {
		return;
	}
	const key = `${snapshot.version}:${start}`;
	if (pending.has(key)) {
		return;
	}
	pending.add(key);
	post({ type: 'examples/requestRows', requestId: nextRequest++, version: snapshot.version, start, count: n });
}

/** `loss:>0.5 cat` → column filter on the column named loss, plus a global filter "cat". */
function parseFilter(text: string, columns: ExamplesColumn[]): { global: string; columns: Record<string, string> } {
	const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c.id]));
	const perColumn: Record<string, string> = {};
	const rest: string[] = [];
	for (const token of text.trim().split(/\s+(?=(?:[^/]*\/[^/]*\/)*[^/]*$)/)) {
		const m = /^([^:]+):(.+)$/.exec(token);
		const id = m && byName.get(m[1].toLowerCase());
		if (m && id) {
			perColumn[id] = m[2];
		} else if (token) {
			rest.push(token);
		}
	}
	return { global: rest.join(' '), columns: perColumn };
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filter.addEventListener('input', () => {
	clearTimeout(filterTimer);
	filterTimer = setTimeout(
		() => post({ type: 'examples/setFilter', ...parseFilter(filter.value, snapshot?.columns ?? []) }),
		200,
	);
});

stepSelect.addEventListener('change', () => {
	const step = Number(stepSelect.value);
	if (Number.isFinite(step)) {
		post({ type: 'examples/setStep', step });
	}
});

function showSnapshot(s: ExamplesSnapshot): void {
	snapshot = s;
	pending.clear();
	title.textContent = s.title;
	title.title = s.experiments.map((e) => e.table).join(', ');
	count.textContent = `${s.total.toLocaleString()} rows`;
	showLegend(s);
	showSteps(s);
	showErrors(s.errors);
	filterError.textContent = s.filterError ?? '';
	grid.setView(s.columns, s.total, s.sort);
}

function showLegend(s: ExamplesSnapshot): void {
	const items = s.experiments.map((e, i) => {
		const item = el('span', 'legend-item');
		const swatch = el('span', 'swatch');
		swatch.style.backgroundColor = e.colour;
		const prefix = s.experiments.length > 1 ? `${i === 0 ? 'A' : 'B'}: ` : '';
		item.append(swatch, document.createTextNode(prefix + e.label));
		return item;
	});
	if (s.experiments.length > 1) {
		items.push(el('span', 'legend-note'));
		items[items.length - 1].textContent = 'Δ = B − A';
	}
	legend.replaceChildren(...items);
}

function showSteps(s: ExamplesSnapshot): void {
	stepLabel.textContent = s.steps.length ? `${s.stepColumn ?? 'step'}:` : '';
	stepSelect.hidden = s.steps.length === 0;
	stepSelect.replaceChildren(
		...s.steps.map((step) => {
			const option = document.createElement('vscode-option') as HTMLElement & { value: string; selected: boolean };
			option.value = String(step);
			option.textContent = String(step);
			option.selected = step === s.step;
			return option;
		}),
	);
	if (s.step !== undefined) {
		stepSelect.value = String(s.step);
	}
}

function showErrors(list: string[]): void {
	errors.hidden = list.length === 0;
	const summary = el('summary', 'errors-summary');
	summary.textContent = `${list.length} validation ${list.length === 1 ? 'error' : 'errors'}`;
	const items = list.map((text) => {
		const li = el('li', 'error');
		li.textContent = text;
		return li;
	});
	const ul = el('ul', 'error-list');
	ul.append(...items);
	errors.replaceChildren(summary, ul);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	if (!isMessage(event.data)) {
		return;
	}
	const message = event.data as ExamplesToWebview;
	switch (message.type) {
		case 'examples/snapshot':
			showSnapshot(message.snapshot);
			return;
		case 'examples/rows':
			if (snapshot && message.version === snapshot.version) {
				grid.addRows(message.rows);
			}
			return;
	}
});

post({ type: 'ready' });
