import * as assert from 'node:assert/strict';
import type { Project } from '../../../src/model/types';
import { buildColumns } from '../../../src/table/columns';
import { tableRow } from '../../../src/table/cells';
import { toCsv, toMarkdown } from '../../../src/table/export';
import { RowBuilder } from '../../../src/table/rows';
import { defaultState, moveColumn, sanitizeState } from '../../../src/table/state';
import type { TableState } from '../../../src/table/state';
import { computeView } from '../../../src/table/view';
import { exp, sampleProject, sha } from '../experiments/helpers';

const none = new Set<string>();
function viewOf(project: Project, patch: Partial<TableState> = {}, text = '', starred: ReadonlySet<string> = none) {
	const forest = new RowBuilder().build([project], text, starred);
	const columns = buildColumns(project.experiments);
	return computeView(forest, columns, { ...defaultState(), ...patch }, [], starred);
}
const names = (v: ReturnType<typeof viewOf>) =>
	v.rows.map((r) => `${'  '.repeat(r.depth)}${r.node.label}${r.context ? '*' : ''}`);
const decor = { colourOf: () => undefined, isStarred: () => false };

function metricsProject(): Project {
	const p = sampleProject();
	const set = (name: string, acc: number | undefined, opt: string) => {
		const e = p.experiments.find((x) => x.name === name)!;
		e.params = { 'params.yaml': { lr: 0.001, opt } };
		e.metrics = acc === undefined ? {} : { 'dvclive/metrics.json': { acc } };
	};
	set('old-run', 0.7, 'adam');
	set('new-run', 0.9, 'sgd');
	set('live', undefined, 'adam');
	return p;
}

describe('table columns', () => {
	it('builds Experiment, Created, commit, then params and metrics per file in first-seen order', () => {
		const p = sampleProject();
		p.experiments[1].metrics['eval.json'] = { 'a.b': true };
		const cols = buildColumns(p.experiments);
		assert.deepEqual(
			cols.map((c) => c.id),
			[
				'experiment',
				'created',
				'commit',
				'params:params.yaml:lr',
				'params:params.yaml:epochs',
				'params:params.yaml:extra',
				'metrics:dvclive/metrics.json:loss',
				'metrics:eval.json:a.b',
			],
		);
		assert.deepEqual(
			cols.slice(3).map((c) => [c.group, c.file, c.label, c.type]),
			[
				['params', 'params.yaml', 'lr', 'number'],
				['params', 'params.yaml', 'epochs', 'number'],
				['params', 'params.yaml', 'extra', 'text'],
				['metrics', 'dvclive/metrics.json', 'loss', 'number'],
				['metrics', 'eval.json', 'a.b', 'boolean'],
			],
		);
	});
});

describe('table columns across many experiments (the last-shape shortcut)', () => {
	it('tells apart objects that repeat the last keys but change a type, a key or its order', () => {
		const p = sampleProject();
		const params: Record<string, number | string | boolean>[] = [
			{ a: 1, b: 2 },
			{ a: 1, b: 3 },
			{ a: 1, b: 'x' },
			{ a: 1, b: 2, c: true },
			{ b: 2, a: 1 },
		];
		p.experiments = params.map((values, i) => exp({ id: `e${i}`, name: `e${i}`, params: { 'params.yaml': values } }));
		const cols = buildColumns(p.experiments).slice(3);
		assert.deepEqual(
			cols.map((c) => [c.label, c.type]),
			[
				['a', 'number'],
				['b', 'mixed'],
				['c', 'boolean'],
			],
		);
	});
});

describe('table rows and view', () => {
	it('has the rows of the tree: workspace, commits, their experiments nested (running first, newest first)', () => {
		assert.deepEqual(names(viewOf(sampleProject())), [
			'workspace',
			'main',
			'  live',
			'  new-run',
			'  old-run',
			sha(2).slice(0, 7),
			'  first',
		]);
	});

	it('collapses a row: its experiments are left out and it says so', () => {
		const v = viewOf(sampleProject(), { collapsed: [`p|${sha(1)}`] });
		assert.deepEqual(names(v), ['workspace', 'main', sha(2).slice(0, 7), '  first']);
		assert.equal(v.rows[1].expanded, false);
	});

	it('sorts experiments within their commit, missing last; commits keep their order', () => {
		const v = viewOf(metricsProject(), { sort: [{ column: 'metrics:dvclive/metrics.json:acc', descending: true }] });
		assert.deepEqual(names(v).slice(1, 5), ['main', '  new-run', '  old-run', '  live']);
		const asc = viewOf(metricsProject(), { sort: [{ column: 'metrics:dvclive/metrics.json:acc', descending: false }] });
		assert.deepEqual(names(asc).slice(1, 5), ['main', '  old-run', '  new-run', '  live']);
	});

	it('sorts starred first when asked', () => {
		const p = metricsProject();
		const v = viewOf(p, { sortStarred: true }, '', new Set([`p|exp|${sha(1)}|old-run`]));
		assert.deepEqual(names(v).slice(2, 5), ['  old-run', '  live', '  new-run']);
	});

	it('filters rows by column, keeping a parent as context when a child matches', () => {
		const v = viewOf(metricsProject(), { filters: [{ column: 'params:params.yaml:opt', op: '=', value: 'adam' }] });
		assert.deepEqual(names(v), ['main*', '  live', '  old-run']);
		const none = viewOf(metricsProject(), {
			filters: [{ column: 'metrics:dvclive/metrics.json:acc', op: '>', value: '2' }],
		});
		assert.deepEqual(names(none), []);
	});

	it('applies the tree text/regex filter and reports an invalid regex', () => {
		assert.deepEqual(names(viewOf(sampleProject(), {}, 'run')), ['main', '  new-run', '  old-run']);
		assert.deepEqual(names(viewOf(sampleProject(), {}, '/^(new|first)/')), [
			'main',
			'  new-run',
			sha(2).slice(0, 7),
			'  first',
		]);
		const forest = new RowBuilder().build([sampleProject()], '/(/', none);
		assert.match(forest.textError ?? '', /Invalid filter/);
	});

	it('applies brush ranges like filters', () => {
		const p = metricsProject();
		const forest = new RowBuilder().build([p], '', none);
		const v = computeView(
			forest,
			buildColumns(p.experiments),
			defaultState(),
			[{ column: 'metrics:dvclive/metrics.json:acc', min: 0.8, max: 1 }],
			none,
		);
		assert.deepEqual(names(v), ['main*', '  new-run']);
	});

	it('shows only changed columns: drops columns equal on every visible row, keeps fixed ones', () => {
		const all = viewOf(sampleProject(), { options: { changedOnly: true, pinExperiment: true } }, 'live');
		assert.deepEqual(names(all), ['main', '  live']);
		assert.deepEqual(
			all.columns.map((c) => c.id),
			[
				'experiment',
				'created',
				'commit',
				'params:params.yaml:lr',
				'params:params.yaml:extra',
				'metrics:dvclive/metrics.json:loss',
			],
			'epochs is 10 on both rows; a missing value counts as different',
		);
		const off = viewOf(sampleProject(), {}, 'live');
		assert.ok(off.columns.some((c) => c.id === 'params:params.yaml:epochs'));
	});

	it('hides, reorders and pins columns, and carries widths', () => {
		const v = viewOf(sampleProject(), {
			hidden: ['created', 'experiment'],
			order: ['params:params.yaml:lr', 'experiment', 'commit'],
			widths: { commit: 300 },
		});
		assert.deepEqual(v.columns.map((c) => c.id).slice(0, 3), ['experiment', 'params:params.yaml:lr', 'commit']);
		assert.equal(v.columns.find((c) => c.id === 'commit')?.width, 300);
		const unpinned = viewOf(sampleProject(), {
			order: ['commit', 'experiment'],
			options: { changedOnly: false, pinExperiment: false },
		});
		assert.deepEqual(unpinned.columns.map((c) => c.id).slice(0, 2), ['commit', 'experiment']);
		assert.deepEqual(moveColumn(['a', 'b', 'c'], 'c', 'a'), ['c', 'a', 'b']);
		assert.deepEqual(moveColumn(['a', 'b', 'c'], 'a', undefined), ['b', 'c', 'a']);
	});

	it('formats cells as DVC shows them and marks changes against the baseline', () => {
		const p = sampleProject();
		const ws = p.experiments[0];
		ws.metrics = { 'm.json': { nan: NaN, inf: Infinity, big: 123456789, small: 0.000012345, pi: 3.14159265 } };
		ws.errors = [{ file: 'broken.yaml', message: 'bad indent', line: 3 }];
		ws.params['broken.yaml'] = {};
		p.experiments[1].params['broken.yaml'] = { x: 1 };
		const v = viewOf(p);
		const row = tableRow(v.rows[0], 0, v.columns, decor);
		const cell = (id: string) => row.cells[v.columns.findIndex((c) => c.id === id)];
		assert.deepEqual(cell('params:params.yaml:lr'), { t: '0.01', c: 1 }, 'workspace lr differs from HEAD');
		assert.deepEqual(cell('params:params.yaml:epochs'), { t: '10' });
		assert.deepEqual(cell('params:params.yaml:extra'), { t: '—' });
		assert.deepEqual(cell('metrics:m.json:nan'), { t: 'NaN', c: 1 });
		assert.deepEqual(cell('metrics:m.json:inf'), { t: 'Inf', f: 'Infinity', c: 1 });
		assert.deepEqual(cell('metrics:m.json:big'), { t: '1.235e8', f: '123456789', c: 1 });
		assert.deepEqual(cell('metrics:m.json:pi'), { t: '3.1416', f: '3.14159265', c: 1 });
		assert.deepEqual(cell('params:broken.yaml:x'), { t: '!', f: 'broken.yaml:3: bad indent', e: 1 });
		const head = tableRow(v.rows[1], 1, v.columns, decor);
		assert.equal(head.cells[v.columns.findIndex((c) => c.id === 'created')].t, '1970-01-01 00:00');
		assert.equal(
			head.cells.some((c) => c.c),
			false,
			'commits have no baseline',
		);
	});

	it('carries status, progress, selection colour and star on the row', () => {
		const v = viewOf(sampleProject());
		const live = v.rows.find((r) => r.node.label === 'live')!;
		const row = tableRow(live, 2, v.columns, { colourOf: () => '#f00', isStarred: () => true });
		assert.equal(row.status, 'running');
		assert.equal(row.progress, 0.7);
		assert.match(row.progressText ?? '', /7\/10/);
		assert.equal(row.colour, '#f00');
		assert.equal(row.selected, true);
		assert.equal(row.starred, true);
		const params = row.cells[v.columns.findIndex((c) => c.id === 'params:params.yaml:lr')];
		assert.deepEqual(params, { t: '0.002', c: 1 });
	});

	it('sanitizes persisted state', () => {
		const s = sanitizeState({
			sort: [{ column: 'a', descending: 1 }, { nope: 1 }, 'x'],
			filters: [
				{ column: 'a', op: '>', value: '1' },
				{ column: 'a', op: 'drop table' },
			],
			widths: { a: 5, b: 99999, c: 'x' },
			hidden: ['experiment', 'b', 3],
			options: { changedOnly: true },
		});
		assert.deepEqual(s.sort, [{ column: 'a', descending: false }]);
		assert.deepEqual(s.filters, [{ column: 'a', op: '>', value: '1' }]);
		assert.deepEqual(s.widths, { a: 40, b: 2000 });
		assert.deepEqual(s.hidden, ['b']);
		assert.deepEqual(s.options, { changedOnly: true, pinExperiment: true });
		assert.deepEqual(sanitizeState('garbage'), defaultState());
	});
});

describe('table export', () => {
	it('exports the visible rows and columns, in order, as CSV with exact values and quoting', () => {
		const p = sampleProject();
		p.experiments[0].params['params.yaml'] = { lr: 0.0123456789, 'na,me': 'a "quoted", value', multi: 'x\ny' };
		const v = viewOf(p, {
			hidden: [
				'created',
				'commit',
				'params:params.yaml:epochs',
				'params:params.yaml:extra',
				'metrics:dvclive/metrics.json:loss',
			],
			collapsed: [`p|${sha(1)}`, `p|${sha(2)}`],
		});
		assert.equal(
			toCsv(v.rows, v.columns),
			[
				'Experiment,params.yaml:lr,"params.yaml:na,me",params.yaml:multi',
				'workspace,0.0123456789,"a ""quoted"", value","x\ny"',
				'main,0.001,,',
				`${sha(2).slice(0, 7)},,,`,
				'',
			].join('\r\n'),
		);
	});

	it('exports Markdown with display values, escaped pipes and HTML, and nesting', () => {
		const p = sampleProject();
		p.experiments[0].name = 'ws|<b>x</b>';
		const v = viewOf(p, {
			hidden: [
				'created',
				'commit',
				'params:params.yaml:epochs',
				'params:params.yaml:extra',
				'metrics:dvclive/metrics.json:loss',
			],
			collapsed: [`p|${sha(2)}`],
		});
		const md = toMarkdown(v.rows, v.columns).split('\n');
		assert.equal(md[0], '| Experiment | params.yaml:lr |');
		assert.equal(md[1], '| --- | ---: |');
		assert.equal(md[2], '| ws\\|&lt;b&gt;x&lt;/b&gt; | 0.01 |');
		assert.equal(md[4], '| &nbsp;&nbsp;live | 0.002 |');
		assert.equal(md[5], '| &nbsp;&nbsp;new-run | — |');
		assert.equal(md.length, 9);
	});
});

describe('table rows from several projects', () => {
	it('groups rows under project rows', () => {
		const a = sampleProject();
		const b: Project = {
			id: 'q',
			root: '/other',
			subdir: '',
			experiments: [exp({ id: 'q|workspace', projectId: 'q', name: 'workspace', kind: 'workspace', rev: 'workspace' })],
		};
		const forest = new RowBuilder().build([a, b], '', none);
		assert.deepEqual(
			forest.roots.map((r) => [r.kind, r.label]),
			[
				['project', 'repo'],
				['project', 'other'],
			],
		);
	});
});
