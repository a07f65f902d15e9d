import './style.css';
import { assertNever } from '../../src/shared/protocol';
import type { TableHostMessage, TableSnapshot, TableWebviewMessage } from '../../src/shared/tableProtocol';
import { createApi } from '../shared/api';
import { Grid } from './grid';
import { Toolbar } from './toolbar';

/**
 * The experiments table page. The host owns rows, columns and the table state; this page draws
 * the rows in view, asks for the ones it lacks, applies live patches in place, and keeps only its
 * scroll position and focused row in `setState` (restored after a reload).
 */
interface PageState {
	top: number;
	left: number;
	focused: number;
}

const api = createApi<PageState, TableHostMessage, TableWebviewMessage>();
const post = (m: TableWebviewMessage): void => api.post(m);
let snapshot: TableSnapshot | undefined;
let restored = false;
let nextRequest = 1;
const pending = new Set<string>();

const root = document.getElementById('root') ?? document.body;
const toolbar = new Toolbar(post);
const grid = new Grid({
	need: (start, count) => requestRows(start, count),
	sort: (column, add) => post({ type: 'table/sort', column, add }),
	filterColumn: (col) => toolbar.focusColumn(col),
	hide: (column) => post({ type: 'table/hideColumn', column }),
	move: (column, before) => post({ type: 'table/moveColumn', column, before }),
	resize: (column, width) => post({ type: 'table/resizeColumn', column, width }),
	toggleExpand: (key) => post({ type: 'table/toggleExpand', key }),
	toggleSelect: (experimentId) => post({ type: 'table/toggleSelect', experimentId }),
	scrolled: (top, left, focused) => api.setState({ top, left, focused }),
	rendered: () => scheduleReport(),
});

let reportTimer: ReturnType<typeof setTimeout> | undefined;
/** Reports what was drawn once rendering settles (not on every scroll frame). */
function scheduleReport(): void {
	clearTimeout(reportTimer);
	reportTimer = setTimeout(() => {
		if (snapshot) {
			post({ type: 'table/rendered', report: { version: snapshot.version, rows: grid.report() } });
		}
	}, 150);
}
root.append(toolbar.element, toolbar.chips, grid.element);
// The benchmark (test/bench) times a render + layout of one scroll step, as it does for the charts.
(window as unknown as { runlensTable: unknown }).runlensTable = { render: () => grid.render() };

function requestRows(start: number, count: number): void {
	if (!snapshot) {
		return;
	}
	const key = `${snapshot.version}:${start}`;
	if (pending.has(key)) {
		return;
	}
	pending.add(key);
	post({ type: 'table/requestRows', requestId: nextRequest++, version: snapshot.version, start, count });
}

function onSnapshot(s: TableSnapshot): void {
	snapshot = s;
	pending.clear();
	toolbar.update(s);
	grid.setView(s.columns, s.total, s.sort, s.options.pinExperiment, s.rows);
	if (!restored) {
		restored = true;
		const state = api.getState();
		if (typeof state.top === 'number' || typeof state.left === 'number') {
			grid.scrollTo(Number(state.top) || 0, Number(state.left) || 0, Number(state.focused ?? -1));
		}
	}
	document.body.dataset.version = String(s.version);
}

api.onMessage((m) => {
	switch (m.type) {
		case 'table/snapshot':
			return onSnapshot(m.snapshot);
		case 'table/rows':
			if (snapshot && m.version === snapshot.version) {
				grid.addRows(m.rows);
			}
			return;
		case 'table/patch':
			if (snapshot && m.version === snapshot.version) {
				grid.patch(m.rows);
			}
			return;
		default:
			assertNever(m);
	}
});

post({ type: 'ready' });
