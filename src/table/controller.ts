import type { SelectionModel } from '../experiments/selection';
import type { TableFilterBridge } from '../experiments/tableFilter';
import type { ExperimentsModel, ModelChange } from '../model/api';
import type { Project } from '../model/types';
import { columnTitle } from '../shared/tableProtocol';
import type {
	BrushChip,
	ExportFormat,
	TableHostMessage,
	TableRow,
	TableSnapshot,
	TableWebviewMessage,
} from '../shared/tableProtocol';
import type { Disposable, Event } from '../util/event';
import { tableRow } from './cells';
import { ColumnBuilder, FIXED_COLUMNS } from './columns';
import { toCsv, toMarkdown } from './export';
import { parseFilter } from './filters';
import type { RowForest } from './rows';
import { RowBuilder } from './rows';
import { statePatch } from './stateMessages';
import { sanitizeState } from './state';
import type { TableState } from './state';
import { computeView, sameShape } from './view';
import type { TableView } from './view';

/**
 * The experiments table's host side, vscode-free: holds the user's table state, rebuilds rows
 * and columns from the model, answers the page's row windows, and sends only the changed rows
 * while runs write (a new snapshot only when rows or columns come or go).
 */
export interface TableControllerDeps {
	model: Pick<ExperimentsModel, 'getProjects' | 'getExperiments' | 'onDidChangeExperiments'>;
	selection: SelectionModel;
	tableFilter: TableFilterBridge;
	starred: { ids(): ReadonlySet<string>; onDidChange: Event<unknown> };
	state: unknown;
	save(state: TableState): void;
	post(message: TableHostMessage): void;
	exportText(format: ExportFormat, text: string): void | Promise<void>;
	warn(message: string): void;
}

/** Rows sent with a snapshot so the first paint needs no round trip; windows are capped. */
export const FIRST_ROWS = 80;
export const MAX_WINDOW = 1000;

export class TableController implements Disposable {
	state: TableState;
	private readonly rowsBuilder = new RowBuilder();
	private forest!: RowForest;
	private readonly columnBuilder = new ColumnBuilder();
	private columns = [...FIXED_COLUMNS];
	private view!: TableView;
	private version = 0;
	private brush: BrushChip[];
	private lastFiltered = '';
	private lastSelected = new Set<string>();
	private readonly subscriptions: Disposable[] = [];

	constructor(private readonly deps: TableControllerDeps) {
		this.state = sanitizeState(deps.state);
		this.brush = deps.tableFilter.brush.map((r) => ({ column: r.column, min: r.min, max: r.max }));
		this.subscriptions.push(
			deps.model.onDidChangeExperiments((c) => this.onModelChange(c)),
			deps.selection.onDidChangeSelection(() => this.onSelection()),
			deps.starred.onDidChange(() => this.refresh()),
			deps.tableFilter.onDidChangeBrush((ranges) => {
				this.brush = ranges.map((r) => ({ column: r.column, min: r.min, max: r.max }));
				this.refresh();
			}),
		);
		this.rebuild();
	}

	get current(): TableView {
		return this.view;
	}

	/** Re-reads rows and columns from the model and recomputes the view (no message). */
	private rebuild(): void {
		const projects = this.projects();
		this.columns = this.columnBuilder.build(
			this.state.project === undefined ? this.deps.model.getExperiments() : projects.flatMap((p) => p.experiments),
		);
		this.rebuildRows(projects);
	}

	/**
	 * Rows alone, for a text filter keystroke: the columns come from every experiment whatever
	 * the text, and finding them walks every value of every experiment.
	 */
	private rebuildRows(projects = this.projects()): void {
		this.forest = this.rowsBuilder.build(projects, this.state.text, this.deps.starred.ids());
		this.recompute();
	}

	/** The scoped project alone while it exists; every project otherwise (it may be gone since). */
	private projects(): readonly Project[] {
		const all = this.deps.model.getProjects();
		const scoped = all.filter((p) => p.id === this.state.project);
		return scoped.length > 0 ? scoped : all;
	}

	/** Shows one project's experiments (its node's table button), or every project's (undefined). */
	setProject(projectId: string | undefined): void {
		if (this.state.project === projectId) {
			return;
		}
		this.state = { ...this.state, project: projectId };
		this.deps.save(this.state);
		this.refresh();
	}

	/** The project the table shows alone, if it still exists. */
	get project(): Project | undefined {
		return this.deps.model.getProjects().find((p) => p.id === this.state.project);
	}

	private recompute(): void {
		this.view = computeView(this.forest, this.columns, this.state, this.brush, this.deps.starred.ids());
		this.lastSelected = new Set(this.deps.selection.selected);
		const ids = this.view.rows.flatMap((r) => (r.node.experiment && !r.context ? [r.node.experiment.id] : []));
		const key = ids.join('\n');
		if (key !== this.lastFiltered) {
			this.lastFiltered = key;
			this.deps.tableFilter.setFilteredIds(ids);
		}
	}

	/** Full refresh: state or model shape changed. */
	refresh(): void {
		this.rebuild();
		this.postSnapshot();
	}

	snapshot(): TableSnapshot {
		const s = this.state;
		const byId = new Map(this.columns.map((c) => [c.id, c]));
		const snap: TableSnapshot = {
			version: this.version,
			columns: this.view.columns,
			hidden: s.hidden.flatMap((id) => {
				const c = byId.get(id);
				return c ? [{ id, label: columnTitle(c) }] : [];
			}),
			total: this.view.rows.length,
			unfiltered: this.view.unfiltered,
			sort: s.sort,
			sortStarred: s.sortStarred,
			filters: s.filters,
			brush: this.brush,
			text: s.text,
			options: s.options,
			rows: this.rows(0, FIRST_ROWS),
		};
		if (this.forest.textError) {
			snap.textError = this.forest.textError;
		}
		return snap;
	}

	rows(start: number, count: number): TableRow[] {
		const from = Math.max(0, Math.floor(start));
		const to = Math.min(this.view.rows.length, from + Math.min(MAX_WINDOW, Math.max(0, Math.floor(count))));
		const decor = {
			colourOf: (id: string) => this.deps.selection.colourOf(id),
			isStarred: (id: string) => this.deps.starred.ids().has(id),
		};
		const out: TableRow[] = [];
		for (let i = from; i < to; i++) {
			out.push(tableRow(this.view.rows[i], i, this.view.columns, decor));
		}
		return out;
	}

	private postSnapshot(): void {
		this.version++;
		this.deps.post({ type: 'table/snapshot', snapshot: this.snapshot() });
	}

	private onModelChange(change: ModelChange): void {
		const before = this.view;
		this.rebuild();
		if (change.structure || !sameShape(before, this.view)) {
			this.postSnapshot();
			return;
		}
		const changed = new Set(change.changed);
		this.postPatch((id) => changed.has(id));
	}

	private onSelection(): void {
		const now = new Set(this.deps.selection.selected);
		const flipped = new Set([...now, ...this.lastSelected].filter((id) => now.has(id) !== this.lastSelected.has(id)));
		this.lastSelected = now;
		this.postPatch((id) => flipped.has(id));
	}

	/** Sends the visible rows of the experiments `affected` names, in place. */
	private postPatch(affected: (id: string) => boolean): void {
		const indices: number[] = [];
		this.view.rows.forEach((r, i) => {
			if (r.node.experiment && affected(r.node.experiment.id)) {
				indices.push(i);
			}
		});
		if (indices.length === 0) {
			return;
		}
		const rows = indices.flatMap((i) => this.rows(i, 1));
		this.deps.post({ type: 'table/patch', version: this.version, rows });
	}

	receive(message: TableWebviewMessage): void {
		const s = this.state;
		switch (message.type) {
			case 'ready':
				return this.refresh();
			case 'table/requestRows':
				if (message.version === this.version) {
					const rows = this.rows(message.start, message.count);
					this.deps.post({
						type: 'table/rows',
						requestId: message.requestId,
						version: this.version,
						start: message.start,
						rows,
					});
				}
				return;
			case 'table/addFilter': {
				const parsed = parseFilter(message.filter);
				if (!parsed.ok) {
					this.deps.warn(`Filter not added: ${parsed.error}`);
					return;
				}
				return this.update({ filters: [...s.filters, parsed.filter] });
			}
			case 'table/removeBrush':
				// Only the table's copy: the charts' brush stays as drawn until the user changes it there.
				this.brush = this.brush.filter((b) => b.column !== message.column);
				return this.update({});
			case 'table/setText':
				return this.update({ text: String(message.text ?? '').slice(0, 1000) }, true);
			case 'table/toggleExpand':
				return this.toggleExpand(String(message.key));
			case 'table/toggleSelect':
				return this.deps.selection.toggle(String(message.experimentId));
			case 'table/export':
				void this.exportAs(message.format === 'markdown' ? 'markdown' : 'csv');
				return;
			case 'table/rendered':
				// For the panel's test hooks only; the table's state does not depend on what was drawn.
				return;
			default: {
				const patch = statePatch(s, message, this.view.columns);
				return patch ? this.update(patch) : undefined;
			}
		}
	}

	private toggleExpand(key: string): void {
		const collapsed = new Set(this.state.collapsed);
		if (!collapsed.delete(key)) {
			collapsed.add(key);
		}
		this.update({ collapsed: [...collapsed] });
	}

	private update(patch: Partial<TableState>, rebuildRows = false): void {
		this.state = { ...this.state, ...patch };
		this.deps.save(this.state);
		if (rebuildRows) {
			this.rebuildRows();
		} else {
			this.recompute();
		}
		this.postSnapshot();
	}

	exportAs(format: ExportFormat): void | Promise<void> {
		const text =
			format === 'csv' ? toCsv(this.view.rows, this.view.columns) : toMarkdown(this.view.rows, this.view.columns);
		return this.deps.exportText(format, text);
	}

	dispose(): void {
		for (const d of this.subscriptions.splice(0)) {
			d.dispose();
		}
		this.deps.tableFilter.setFilteredIds(undefined);
	}
}
