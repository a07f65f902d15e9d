import * as assert from 'node:assert/strict';
import type { DepInfo, Project } from '../../../src/model/types';
import { tableCell } from '../../../src/table/cells';
import { buildColumns, ColumnBuilder, rawValue } from '../../../src/table/columns';
import { toCsv, toMarkdown } from '../../../src/table/export';
import { RowBuilder } from '../../../src/table/rows';
import { defaultState } from '../../../src/table/state';
import type { TableState } from '../../../src/table/state';
import { computeView } from '../../../src/table/view';
import { sampleProject, sha } from '../experiments/helpers';

const NULL: DepInfo = { hash: null, size: null, nfiles: null };
const dep = (hash: string, size = 1, nfiles: number | null = null): DepInfo => ({ hash, size, nfiles });
const DIR = 'd07101ed832f643190e85838e19b6480.dir';

/** workspace and main with file and dir deps; old-run lacks a lock entry for data/raw; first has no deps. */
function depsProject(): Project {
	const p = sampleProject();
	const set = (id: string, deps: Record<string, DepInfo>) => {
		p.experiments.find((e) => e.id === id)!.deps = deps;
	};
	set('p|workspace', { 'train.py': dep('aaa'), 'data/raw': dep(DIR, 10, 2), 'B.txt': dep('bbb') });
	set(`p|${sha(1)}`, { 'train.py': dep('aaa'), 'data/raw': dep('ccc.dir', 9, 3) });
	set(`p|exp|${sha(1)}|old-run`, { 'train.py': dep('zzz'), 'data/raw': NULL });
	set(`p|exp|${sha(1)}|new-run`, { 'train.py': dep('aaa'), 'data/raw': dep(DIR, 10, 2) });
	return p;
}

function viewOf(project: Project, patch: Partial<TableState> = {}) {
	const forest = new RowBuilder().build([project], '', new Set());
	return computeView(forest, buildColumns(project.experiments), { ...defaultState(), ...patch }, [], new Set());
}

const cellsOf = (p: Project, column: string) => {
	const v = viewOf(p);
	const col = v.columns.find((c) => c.id === column)!;
	return v.rows.map(
		(r) => `${r.node.label}=${r.node.experiment ? tableCell(r.node.experiment, undefined, col).t : ''}`,
	);
};

describe('table deps columns', () => {
	it('adds one text column per dep path after params and metrics, sorted by code point as sorted_deps', () => {
		const cols = buildColumns(depsProject().experiments);
		const deps = cols.filter((c) => c.group === 'deps');
		assert.deepEqual(
			deps.map((c) => [c.id, c.file, c.label, c.type]),
			[
				['deps:B.txt', 'B.txt', 'B.txt', 'text'],
				['deps:data/raw', 'data/raw', 'data/raw', 'text'],
				['deps:train.py', 'train.py', 'train.py', 'text'],
			],
		);
		const groups = cols.map((c) => c.group);
		assert.equal(groups.indexOf('deps'), groups.lastIndexOf('metrics') + 1);
	});

	it('has the hash as the raw value, missing for a null hash and for a revision without the dep', () => {
		const p = depsProject();
		const col = buildColumns(p.experiments).find((c) => c.id === 'deps:data/raw')!;
		const by = (name: string) => p.experiments.find((e) => e.name === name)!;
		assert.equal(rawValue(by('workspace'), col), DIR);
		assert.equal(rawValue(by('old-run'), col), undefined);
		assert.equal(rawValue(by('first'), col), undefined);
		const missing = tableCell(by('old-run'), by('main'), col);
		assert.deepEqual(missing, { t: '—' });
		// A hash that differs from the baseline's is highlighted like any changed value.
		assert.deepEqual(tableCell(by('new-run'), by('main'), col), { t: DIR, c: 1 });
	});

	it('sorts and filters deps like text columns (missing last both ways)', () => {
		const asc = viewOf(depsProject(), { sort: [{ column: 'deps:train.py', descending: false }] });
		const desc = viewOf(depsProject(), { sort: [{ column: 'deps:train.py', descending: true }] });
		const expNames = (v: ReturnType<typeof viewOf>) =>
			v.rows.filter((r) => r.node.kind === 'experiment' && r.node.baseline?.name === 'main').map((r) => r.node.label);
		assert.deepEqual(expNames(asc), ['new-run', 'old-run', 'live']);
		assert.deepEqual(expNames(desc), ['old-run', 'new-run', 'live']);
		const filtered = viewOf(depsProject(), { filters: [{ column: 'deps:data/raw', op: 'contains', value: '.dir' }] });
		assert.deepEqual(
			filtered.rows.map((r) => `${r.node.label}${r.context ? '*' : ''}`),
			['workspace', 'main', 'new-run'],
		);
		const absent = viewOf(depsProject(), { filters: [{ column: 'deps:data/raw', op: 'missing' }] });
		assert.ok(absent.rows.some((r) => r.node.label === 'old-run'));
		assert.ok(!absent.rows.some((r) => r.node.label === 'new-run'));
	});

	it('exports deps under their path: hashes in CSV and Markdown, empty / — where missing', () => {
		const hidden = ['created', 'commit', 'params:params.yaml:lr', 'params:params.yaml:epochs'];
		const v = viewOf(depsProject(), {
			hidden: [...hidden, 'params:params.yaml:extra', 'metrics:dvclive/metrics.json:loss', 'deps:B.txt'],
			collapsed: [`p|${sha(2)}`],
		});
		const csv = toCsv(v.rows, v.columns).split('\r\n');
		assert.equal(csv[0], 'Experiment,data/raw,train.py');
		assert.equal(csv[1], `workspace,${DIR},aaa`);
		assert.ok(csv.includes('old-run,,zzz'), csv.join('\n'));
		const md = toMarkdown(v.rows, v.columns).split('\n');
		assert.equal(md[0], '| Experiment | data/raw | train.py |');
		assert.ok(md.includes('| &nbsp;&nbsp;old-run | — | zzz |'), md.join('\n'));
	});

	it('shows "—" (not an error) in a dep column named like a params file that failed to parse', () => {
		const p = depsProject();
		const ws = p.experiments[0];
		ws.deps['params.yaml'] = NULL;
		ws.errors = [{ file: 'params.yaml', message: 'bad', line: 2 }];
		assert.deepEqual(cellsOf(p, 'deps:params.yaml').slice(0, 1), ['workspace=—']);
	});

	it('reuses the shape of an unchanged deps object: a rebuild does not walk its keys again', () => {
		const p = depsProject();
		const builder = new ColumnBuilder();
		const first = builder.build(p.experiments);
		const ws = p.experiments[0];
		let reads = 0;
		const counted = new Proxy(ws.deps, {
			ownKeys: (target) => {
				reads++;
				return Reflect.ownKeys(target);
			},
		});
		ws.deps = counted;
		assert.deepEqual(builder.build(p.experiments), first);
		assert.equal(reads, 1, 'a new object is walked once');
		builder.build(p.experiments);
		assert.equal(reads, 1, 'the same object is not walked again');
	});
});
