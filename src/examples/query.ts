import { argsort } from './sort';
import type { ForeignTable, MetricsTable } from './table';
import { EXAMPLE_ID } from './table';
import { compileFilter, indirectColumn, numericColumn } from './viewColumns';
import type { CellValue, Predicate, ViewColumn, ViewColumnInfo } from './viewColumns';

/**
 * The examples view: metrics rows of the selected step joined with the foreign table by
 * example_id, filtered and sorted through index arrays. With a second experiment the rows are the
 * union of both runs' examples at that step, with B's metrics and a Δ (B − A) per shared metric.
 * Only `rows(start, count)` leaves this object, so the webview never holds the whole table.
 */

export interface QueryInput {
	a: MetricsTable;
	b?: MetricsTable;
	foreign?: ForeignTable;
}

export interface FilterSpec {
	global?: string;
	/** column id -> expression (see compileFilter). */
	columns?: Record<string, string>;
}

export interface SortSpec {
	column: string;
	descending: boolean;
}

export interface RowWindow {
	start: number;
	total: number;
	rows: { index: number; exampleId: number; cells: CellValue[] }[];
}

interface Base {
	n: number;
	ids: Float64Array;
	aRow: Int32Array;
	bRow?: Int32Array;
}

export class ExampleQuery {
	readonly steps: number[];
	private step: number | undefined;
	private base!: Base;
	private cols: ViewColumn[] = [];
	private order: Uint32Array = new Uint32Array(0);
	private filter: FilterSpec = {};
	private sort: SortSpec | undefined;
	private keyCache = new Map<string, Float64Array>();
	/** Last filter problem (a bad regex), shown by the panel. */
	filterError: string | undefined;

	constructor(private readonly input: QueryInput) {
		this.steps = distinctSteps(input.a, input.b);
		this.setStep(undefined);
	}

	get selectedStep(): number | undefined {
		return this.step;
	}

	get columns(): ViewColumnInfo[] {
		return this.cols.map((c) => c.info);
	}

	get length(): number {
		return this.order.length;
	}

	get sortSpec(): SortSpec | undefined {
		return this.sort;
	}

	/** Selects the rows of one step; undefined (or an unknown step) picks the latest. */
	setStep(step: number | undefined): void {
		this.step = step !== undefined && this.steps.includes(step) ? step : this.steps[this.steps.length - 1];
		this.base = this.input.b ? unionBase(this.input.a, this.input.b, this.step) : singleBase(this.input.a, this.step);
		this.cols = buildColumns(this.input, this.base);
		this.keyCache.clear();
		this.apply();
	}

	setFilter(filter: FilterSpec): void {
		this.filter = filter;
		this.apply();
	}

	setSort(sort: SortSpec | undefined): void {
		this.sort = sort && this.cols.some((c) => c.info.id === sort.column) ? sort : undefined;
		this.apply();
	}

	rows(start: number, count: number): RowWindow {
		const from = Math.max(0, Math.min(Math.floor(start), this.order.length));
		const to = Math.min(this.order.length, from + Math.max(0, Math.floor(count)));
		const rows: RowWindow['rows'] = [];
		for (let v = from; v < to; v++) {
			const i = this.order[v];
			rows.push({ index: v, exampleId: this.base.ids[i], cells: this.cols.map((c) => c.value(i)) });
		}
		return { start: from, total: this.order.length, rows };
	}

	/** The example shown at a view row, for revealing it in the dataset. */
	exampleAt(viewIndex: number): number | undefined {
		return viewIndex >= 0 && viewIndex < this.order.length ? this.base.ids[this.order[viewIndex]] : undefined;
	}

	private apply(): void {
		let order = this.filtered();
		if (this.sort) {
			const { column, descending } = this.sort;
			let keys = this.keyCache.get(column);
			if (!keys) {
				keys = this.cols.find((c) => c.info.id === column)!.sortKeys();
				this.keyCache.set(column, keys);
			}
			order = argsort(keys, order, descending);
		}
		this.order = order;
	}

	private filtered(): Uint32Array {
		const tests = this.compileTests();
		const n = this.base.n;
		const out = new Uint32Array(n);
		let m = 0;
		for (let i = 0; i < n; i++) {
			if (tests.every((t) => t(i))) {
				out[m++] = i;
			}
		}
		return m === n ? out : out.slice(0, m);
	}

	private compileTests(): ((i: number) => boolean)[] {
		this.filterError = undefined;
		const tests: ((i: number) => boolean)[] = [];
		const compile = (expr: string | undefined): Predicate | undefined => {
			const p = expr === undefined ? undefined : compileFilter(expr);
			if (typeof p === 'string') {
				this.filterError = p;
				return undefined;
			}
			return p;
		};
		const global = compile(this.filter.global);
		if (global) {
			tests.push((i) => this.cols.some((c) => global(c, i)));
		}
		for (const [id, expr] of Object.entries(this.filter.columns ?? {})) {
			const col = this.cols.find((c) => c.info.id === id);
			const p = col && compile(expr);
			if (col && p) {
				tests.push((i) => p(col, i));
			}
		}
		return tests;
	}
}

function distinctSteps(a: MetricsTable, b?: MetricsTable): number[] {
	const steps = new Set<number>();
	for (const t of b ? [a, b] : [a]) {
		const col = t.stepColumn ? t.columns.find((c) => c.name === t.stepColumn) : undefined;
		if (col && col.type !== 'str') {
			for (let i = 0; i < t.length; i++) {
				if (!Number.isNaN(col.values[i])) {
					steps.add(col.values[i]);
				}
			}
		}
	}
	return [...steps].sort((x, y) => x - y);
}

function rowsAtStep(t: MetricsTable, step: number | undefined): Int32Array {
	const col = t.stepColumn ? t.columns.find((c) => c.name === t.stepColumn) : undefined;
	if (!col || col.type === 'str' || step === undefined) {
		return Int32Array.from({ length: t.length }, (_, i) => i);
	}
	const out = new Int32Array(t.length);
	let m = 0;
	for (let i = 0; i < t.length; i++) {
		if (col.values[i] === step) {
			out[m++] = i;
		}
	}
	return out.slice(0, m);
}

function singleBase(a: MetricsTable, step: number | undefined): Base {
	const aRow = rowsAtStep(a, step);
	const ids = new Float64Array(aRow.length);
	for (let i = 0; i < aRow.length; i++) {
		ids[i] = a.exampleIds.values[aRow[i]];
	}
	return { n: aRow.length, ids, aRow };
}

/** One row per example present in A or B at the step; a repeated example keeps its last row. */
function unionBase(a: MetricsTable, b: MetricsTable, step: number | undefined): Base {
	const byIdA = lastRowById(a, rowsAtStep(a, step));
	const byIdB = lastRowById(b, rowsAtStep(b, step));
	const ids = [...new Set([...byIdA.keys(), ...byIdB.keys()])].sort((x, y) => x - y);
	const aRow = Int32Array.from(ids, (id) => byIdA.get(id) ?? -1);
	const bRow = Int32Array.from(ids, (id) => byIdB.get(id) ?? -1);
	return { n: ids.length, ids: Float64Array.from(ids), aRow, bRow };
}

function lastRowById(t: MetricsTable, rows: Int32Array): Map<number, number> {
	const map = new Map<number, number>();
	for (const r of rows) {
		map.set(t.exampleIds.values[r], r);
	}
	return map;
}

function buildColumns(input: QueryInput, base: Base): ViewColumn[] {
	const { a, b, foreign } = input;
	const n = base.n;
	const cols: ViewColumn[] = [
		numericColumn({ id: EXAMPLE_ID, name: EXAMPLE_ID, kind: 'num', source: 'id' }, n, (i) => base.ids[i]),
	];
	const hidden = (t: MetricsTable, name: string): boolean =>
		name === EXAMPLE_ID || (name === t.stepColumn && input.a.stepColumn !== undefined);
	for (const c of foreign?.columns ?? []) {
		const info: ViewColumnInfo = {
			id: `foreign:${c.name}`,
			name: c.name,
			kind: c.type === 'str' ? 'str' : 'num',
			source: 'foreign',
		};
		if (foreign!.imageColumns.includes(c.name)) {
			info.image = true;
		}
		cols.push(indirectColumn(info, c, base.ids, foreign!.length, n));
	}
	const metric = (t: MetricsTable, rows: Int32Array, source: 'a' | 'b', prefix: string): void => {
		for (const c of t.columns.filter((c) => !hidden(t, c.name))) {
			const info: ViewColumnInfo = {
				id: `${source}:${c.name}`,
				name: prefix + c.name,
				kind: c.type === 'str' ? 'str' : 'num',
				source,
			};
			cols.push(indirectColumn(info, c, rows, t.length, n));
		}
	};
	metric(a, base.aRow, 'a', b ? 'A ' : '');
	if (b && base.bRow) {
		metric(b, base.bRow, 'b', 'B ');
		cols.push(...deltaColumns(a, b, base, cols));
	}
	return cols;
}

function deltaColumns(a: MetricsTable, b: MetricsTable, base: Base, cols: ViewColumn[]): ViewColumn[] {
	const out: ViewColumn[] = [];
	for (const ca of a.columns) {
		if (ca.type === 'str' || ca.type === 'bool' || ca.name === EXAMPLE_ID || ca.name === a.stepColumn) {
			continue;
		}
		const colA = cols.find((c) => c.info.id === `a:${ca.name}`);
		const colB = cols.find((c) => c.info.id === `b:${ca.name}` && c.info.kind === 'num');
		if (colA && colB) {
			const info: ViewColumnInfo = { id: `delta:${ca.name}`, name: `Δ ${ca.name}`, kind: 'num', source: 'delta' };
			out.push(numericColumn(info, base.n, (i) => colB.num(i) - colA.num(i)));
		}
	}
	void b;
	return out;
}
