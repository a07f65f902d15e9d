import * as assert from 'node:assert/strict';
import { SelectionModel } from '../../../src/experiments/selection';
import { TableFilterBridge } from '../../../src/experiments/tableFilter';
import type { ModelChange } from '../../../src/model/api';
import type { Experiment, Project } from '../../../src/model/types';
import type { TableHostMessage } from '../../../src/shared/tableProtocol';
import { TableController } from '../../../src/table/controller';
import type { TableState } from '../../../src/table/state';
import { Emitter } from '../../../src/util/event';
import { exp, sampleProject, sha } from '../experiments/helpers';

function setup(initialState?: unknown) {
	let project: Project = sampleProject();
	const others: Project[] = [];
	const changes = new Emitter<ModelChange>();
	const model = {
		getProjects: () => [project, ...others],
		getExperiments: () => [project, ...others].flatMap((p) => p.experiments),
		onDidChangeExperiments: changes.event,
	};
	const selection = new SelectionModel();
	const tableFilter = new TableFilterBridge();
	const filtered: (readonly string[] | undefined)[] = [];
	tableFilter.onDidChangeFilteredIds((ids) => filtered.push(ids));
	const posted: TableHostMessage[] = [];
	const saved: TableState[] = [];
	const warnings: string[] = [];
	const exported: string[] = [];
	const stars = new Emitter<unknown>();
	let starred = new Set<string>();
	const controller = new TableController({
		model,
		selection,
		tableFilter,
		starred: { ids: () => starred, onDidChange: stars.event },
		state: initialState,
		save: (s) => saved.push(s),
		post: (m) => posted.push(m),
		exportText: (format, text) => {
			exported.push(`${format}:${text}`);
		},
		warn: (m) => warnings.push(m),
	});
	const replace = (id: string, patch: Partial<Experiment>) => {
		project = {
			...project,
			experiments: project.experiments.map((e) => (e.id === id ? { ...e, ...patch } : e)),
		};
	};
	return {
		controller,
		selection,
		tableFilter,
		filtered,
		posted,
		saved,
		warnings,
		exported,
		changes,
		replace,
		setProject: (p: Project) => (project = p),
		addProject: (p: Project) => others.push(p),
		star: (ids: string[]) => {
			starred = new Set(ids);
			stars.fire(undefined);
		},
		last: <T extends TableHostMessage['type']>(type: T) =>
			posted.filter((m): m is Extract<TableHostMessage, { type: T }> => m.type === type).pop(),
	};
}

const LIVE = `p|exp|${sha(1)}|live`;

describe('table controller', () => {
	it('answers ready with a snapshot holding the first rows, and publishes the visible experiment ids', () => {
		const t = setup();
		t.controller.receive({ type: 'ready' });
		const snap = t.last('table/snapshot')!.snapshot;
		assert.equal(snap.total, 7);
		assert.equal(snap.rows.length, 7);
		assert.deepEqual(
			snap.rows.map((r) => r.key),
			t.filtered.at(-1),
		);
		assert.equal(snap.columns[0].id, 'experiment');
	});

	it('sends only the changed row when a live run writes, and a snapshot when rows come or go', () => {
		const t = setup();
		t.controller.receive({ type: 'ready' });
		const before = t.posted.length;
		t.replace(LIVE, { metrics: { 'dvclive/metrics.json': { loss: 0.25 } } });
		t.changes.fire({ changed: [LIVE], removed: [], structure: false });
		assert.equal(t.posted.length, before + 1);
		const patch = t.last('table/patch')!;
		assert.deepEqual(
			patch.rows.map((r) => r.key),
			[LIVE],
		);
		const cols = t.controller.snapshot().columns;
		assert.equal(patch.rows[0].cells[cols.findIndex((c) => c.id === 'metrics:dvclive/metrics.json:loss')].t, '0.25');
		const p = sampleProject();
		p.experiments.push(exp({ id: 'p|exp|new', name: 'brand-new', baselineSha: sha(1), rev: sha(77) }));
		t.setProject(p);
		t.changes.fire({ changed: ['p|exp|new'], removed: [], structure: true });
		assert.equal(t.posted.at(-1)?.type, 'table/snapshot');
		assert.equal(t.controller.snapshot().total, 8);
	});

	it('shares one selection with the tree and charts: a tick selects, a selection patches the row', () => {
		const t = setup();
		t.controller.receive({ type: 'ready' });
		t.controller.receive({ type: 'table/toggleSelect', experimentId: LIVE });
		assert.deepEqual(t.selection.selected, [LIVE]);
		const patch = t.last('table/patch')!;
		assert.equal(patch.rows[0].key, LIVE);
		assert.equal(patch.rows[0].selected, true);
		assert.equal(patch.rows[0].colour, t.selection.colourOf(LIVE));
		t.selection.set(LIVE, false);
		assert.equal(t.last('table/patch')!.rows[0].selected, false);
	});

	it('sorts, filters and persists its state; rejects a bad filter with a warning', () => {
		const t = setup();
		t.controller.receive({ type: 'table/sort', column: 'created', add: false });
		assert.deepEqual(t.saved.at(-1)?.sort, [{ column: 'created', descending: false }]);
		t.controller.receive({
			type: 'table/addFilter',
			filter: { column: 'params:params.yaml:lr', op: '=', value: '0.002' },
		});
		assert.deepEqual(t.filtered.at(-1), [LIVE]);
		assert.equal(t.controller.snapshot().total, 2, 'main as context and live');
		t.controller.receive({ type: 'table/addFilter', filter: { column: 'x', op: '>' } });
		assert.deepEqual(t.warnings, ['Filter not added: > needs a value']);
		assert.equal(t.controller.state.filters.length, 1);
		t.controller.receive({ type: 'table/removeFilter', index: 0 });
		assert.equal(t.controller.snapshot().total, 7);
	});

	it('restores a persisted state and drops rows of an old version', () => {
		const t = setup({ collapsed: [`p|${sha(1)}`], text: 'first' });
		assert.equal(t.controller.snapshot().total, 2);
		t.controller.receive({ type: 'table/requestRows', requestId: 1, version: 999, start: 0, count: 10 });
		assert.equal(t.last('table/rows'), undefined);
		t.controller.receive({ type: 'ready' });
		const version = t.last('table/snapshot')!.snapshot.version;
		t.controller.receive({ type: 'table/requestRows', requestId: 2, version, start: 1, count: 10 });
		assert.deepEqual(
			t.last('table/rows')!.rows.map((r) => r.index),
			[1],
		);
	});

	it('shows the charts brush as chips, can drop one locally, and clears filtered ids on close', () => {
		const t = setup();
		t.tableFilter.setBrush([{ column: 'params:params.yaml:lr', min: 0.0015, max: 0.005 }]);
		assert.deepEqual(t.controller.snapshot().brush, [{ column: 'params:params.yaml:lr', min: 0.0015, max: 0.005 }]);
		assert.deepEqual(t.filtered.at(-1), [LIVE]);
		t.controller.receive({ type: 'table/removeBrush', column: 'params:params.yaml:lr' });
		assert.deepEqual(t.controller.snapshot().brush, []);
		assert.equal(t.filtered.at(-1)?.length, 7);
		t.controller.dispose();
		assert.equal(t.filtered.at(-1), undefined);
	});

	it('follows stars and exports what is visible', () => {
		const t = setup();
		t.controller.receive({ type: 'table/sortStarred', on: true });
		t.star([`p|exp|${sha(1)}|old-run`]);
		const rows = t.controller.snapshot().rows;
		assert.equal(rows[2].key, `p|exp|${sha(1)}|old-run`);
		assert.equal(rows[2].starred, true);
		t.controller.receive({ type: 'table/hideColumn', column: 'created' });
		t.controller.receive({ type: 'table/export', format: 'csv' });
		assert.match(t.exported[0], /^csv:Experiment,Commit \/ branch,params\.yaml:lr/);
	});

	it("from a project node's button shows that project alone, its columns only; the view title shows all again", () => {
		const t = setup();
		t.addProject({
			id: 'q',
			root: '/repo/sub',
			subdir: 'sub',
			experiments: [
				exp({
					id: 'q|workspace',
					name: 'workspace',
					kind: 'workspace',
					rev: 'workspace',
					projectId: 'q',
					params: { 'other.yaml': { alpha: 1 } },
				}),
			],
		});
		t.controller.refresh();
		const all = t.controller.snapshot().total;
		t.controller.setProject('q');
		const scoped = t.controller.snapshot();
		assert.deepEqual(
			scoped.rows.map((r) => r.key),
			['q|workspace'],
		);
		assert.ok(scoped.columns.some((c) => c.id === 'params:other.yaml:alpha'));
		assert.ok(
			!scoped.columns.some((c) => c.id === 'params:params.yaml:lr'),
			"the other project's columns are not shown",
		);
		assert.equal(t.saved.at(-1)?.project, 'q', 'the scope is persisted with the table state');
		assert.equal(t.controller.project?.id, 'q');
		t.controller.setProject(undefined);
		assert.equal(t.controller.snapshot().total, all);
		// A scope whose project is gone (removed, renamed) shows every project rather than nothing.
		t.controller.setProject('gone');
		assert.equal(t.controller.snapshot().total, all);
	});
});
