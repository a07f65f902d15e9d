import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { LifecycleRecorder } from '../../../src/examples/lifecycle';
import type { LifecycleModel } from '../../../src/examples/lifecycle';
import { TableValidator } from '../../../src/experiments/tableValidation';
import { TreeBuilder } from '../../../src/experiments/treeModel';
import type { TreeNode } from '../../../src/experiments/treeNode';
import { ExperimentDetailSources } from '../../../src/experiments/treeSources';
import type { ModelChange } from '../../../src/model/api';
import type { Experiment, Project, RunEvent } from '../../../src/model/types';
import { Emitter } from '../../../src/util/event';
import { exp } from './helpers';

/** A real recorder and validator over real files in a temp dir, behind a minimal model. */
class FakeModel implements LifecycleModel {
	readonly changes = new Emitter<ModelChange>();
	readonly onDidChangeExperiments = this.changes.event;
	reads = 0;
	constructor(
		public experiments: Experiment[],
		private readonly root: string,
	) {}
	getExperiment(id: string): Experiment | undefined {
		return this.experiments.find((e) => e.id === id);
	}
	getExperiments(): readonly Experiment[] {
		return this.experiments;
	}
	async readFile(_id: string, file: string): Promise<Uint8Array | undefined> {
		this.reads++;
		return readFile(join(this.root, file)).catch(() => undefined);
	}
	replace(next: Experiment): void {
		this.experiments = this.experiments.map((e) => (e.id === next.id ? next : e));
		this.changes.fire({ changed: [next.id], removed: [], structure: false });
	}
}

const fileEvent = (name: string, extra: Partial<RunEvent> = {}): RunEvent => ({ name, origin: 'file', ...extra });

function project(experiments: Experiment[]): Project {
	return { id: 'p', root: '/repo', subdir: '', experiments };
}

function child(node: TreeNode | undefined, label: string): TreeNode | undefined {
	return node?.children.find((c) => c.label === label);
}

async function setup(experiment: Experiment, files: Record<string, string> = {}) {
	const root = await mkdtemp(join(tmpdir(), 'runlens-tree-events-'));
	for (const [file, text] of Object.entries(files)) {
		await mkdir(join(root, file, '..'), { recursive: true });
		await writeFile(join(root, file), text);
	}
	const model = new FakeModel([experiment], root);
	let now = 1_000;
	const recorder = new LifecycleRecorder(model, { now: () => now });
	const validator = new TableValidator(model, { recheckMs: 0 });
	const sources = new ExperimentDetailSources(recorder, validator);
	const builder = new TreeBuilder();
	const build = (eventSource?: string) =>
		builder.build([project(model.experiments)], { sources, ...(eventSource ? { eventSource } : {}) });
	const cleanup = async () => {
		sources.dispose();
		validator.dispose();
		recorder.dispose();
		await rm(root, { recursive: true, force: true });
	};
	return { root, model, recorder, validator, sources, build, cleanup, tick: (ms: number) => (now += ms) };
}

const ws = (partial: Partial<Experiment> = {}): Experiment =>
	exp({ id: 'p|workspace', name: 'workspace', kind: 'workspace', rev: 'workspace', ...partial });

describe('experiments tree: Events node', () => {
	it('merges file events with recorded lifecycle, newest first, with step/time and metadata', async () => {
		const t = await setup(
			ws({
				events: [
					fileEvent('checkpoint', { step: 2, wallclock: 500, metadata: { path: 'ckpt/<2>.pt' } }),
					fileEvent('lr drop', { step: 5, wallclock: 1500, source: 'trainer' }),
				],
			}),
		);
		try {
			t.model.replace({ ...t.model.experiments[0], status: 'running', progress: { step: 3 } });
			const events = child(t.build().roots[0], 'Events');
			assert.ok(events);
			assert.deepEqual(
				events.children.map((c) => c.label),
				['lr drop', 'step completed', 'first seen at step 3', 'checkpoint'],
			);
			assert.equal(events.description, '4');
			const lr = events.children[0];
			assert.equal(lr.description, `step 5 · ${new Date(1500).toISOString()}`);
			assert.match(lr.tooltip ?? '', /source: trainer/);
			const ckpt = events.children[3];
			assert.match(ckpt.tooltip ?? '', /path: ckpt\/<2>\.pt/);
			assert.match(events.children[2].tooltip ?? '', /source: runlens\nrecorded by Runlens\nstep: 3/);
		} finally {
			await t.cleanup();
		}
	});

	it('filters by source, keeping the group (and its total) when the filter hides every event', async () => {
		const t = await setup(
			ws({ events: [fileEvent('eval', { source: 'trainer', step: 1 }), fileEvent('note', { step: 2 })] }),
		);
		try {
			t.recorder.record('p|workspace', { name: 'studio push', source: 'studio', metadata: { outcome: 'accepted' } });
			const trainer = child(t.build('trainer').roots[0], 'Events');
			assert.deepEqual(
				trainer?.children.map((c) => c.label),
				['eval'],
			);
			assert.equal(trainer?.description, '1 of 3 · source: trainer');
			assert.deepEqual(
				child(t.build('studio').roots[0], 'Events')?.children.map((c) => c.label),
				['studio push'],
			);
			const none = child(t.build('nobody').roots[0], 'Events');
			assert.equal(none?.children.length, 0);
			assert.equal(none?.description, '0 of 3 · source: nobody');
		} finally {
			await t.cleanup();
		}
	});

	it('lists events.jsonl errors with their line in the Events node, beside the kept events', async () => {
		const t = await setup(
			ws({
				events: [fileEvent('ok')],
				errors: [{ file: 'dvclive/events.jsonl', line: 2, message: 'not valid JSON' }],
			}),
		);
		try {
			const events = child(t.build().roots[0], 'Events');
			assert.equal(events?.description, '1 · 1 error');
			const [err, ok] = events?.children ?? [];
			assert.equal(err.kind, 'error');
			assert.equal(err.label, 'dvclive/events.jsonl:2');
			assert.equal(err.line, 2);
			assert.equal(ok.label, 'ok');
		} finally {
			await t.cleanup();
		}
	});

	it('rebuilds an experiment whose recorded events changed, even though its model object did not', async () => {
		const t = await setup(ws({ events: [fileEvent('first', { wallclock: 10 })] }));
		try {
			const fired: string[] = [];
			t.sources.onDidChange((id) => fired.push(id));
			assert.equal(child(t.build().roots[0], 'Events')?.children.length, 1);
			t.recorder.record('p|workspace', { name: 'studio push', source: 'studio' });
			assert.deepEqual(fired, ['p|workspace']);
			const events = child(t.build().roots[0], 'Events');
			assert.deepEqual(
				events?.children.map((c) => c.label),
				['studio push', 'first'],
			);
			// Stable ids: file events by line position, recorded ones by identity.
			const again = child(t.build().roots[0], 'Events');
			assert.deepEqual(
				again?.children.map((c) => c.id),
				events?.children.map((c) => c.id),
			);
		} finally {
			await t.cleanup();
		}
	});
});

const TABLE = 'dvclive/examples/val.csv';
const SIDECAR = `${TABLE}.table.json`;

describe('experiments tree: Tables node', () => {
	it('shows "not validated yet", then the row count and valid state once validated', async () => {
		const t = await setup(ws({ tables: [{ file: TABLE, errors: [] }] }), {
			[TABLE]: 'example_id,loss\n0,0.5\n1,0.25\n2,0.1\n',
			[SIDECAR]: JSON.stringify({ foreign_table: 'data/val.csv', foreign_table_display_name: 'Validation set' }),
			'data/val.csv': 'text\na\nb\nc\n',
		});
		try {
			const tableOf = () =>
				child(child(t.build().roots[0], 'Tables'), TABLE) ??
				child(child(t.build().roots[0], 'Tables'), 'Validation set');
			assert.equal(tableOf()?.description, 'not validated yet');
			await t.validator.idle();
			const table = tableOf();
			assert.equal(table?.label, 'Validation set');
			assert.equal(table?.description, '3 rows · valid');
			assert.equal(table?.file, TABLE);
			assert.equal(table?.children.length, 0);
			assert.match(table?.tooltip ?? '', /foreign table: data\/val\.csv/);
		} finally {
			await t.cleanup();
		}
	});

	it('lists validation errors with their row numbers as children', async () => {
		const t = await setup(ws({ tables: [{ file: TABLE, errors: [] }] }), {
			[TABLE]: 'example_id,loss\n0,0.5\n7,0.25\n-1,0.1\n',
			[SIDECAR]: JSON.stringify({ foreign_table: 'data/val.csv' }),
			'data/val.csv': 'text\na\nb\n',
		});
		try {
			t.build();
			await t.validator.idle();
			const table = child(child(t.build().roots[0], 'Tables'), TABLE);
			assert.match(table?.description ?? '', /^\d+ rows? · 2 errors$/);
			const messages = table?.children.map((c) => `${c.line}: ${c.description}`) ?? [];
			assert.ok(
				messages.some((m) => /^4: .*negative/.test(m)),
				messages.join('\n'),
			);
			assert.ok(
				messages.some((m) => /^3: .*past the end of the foreign table data\/val\.csv \(2 rows\)/.test(m)),
				messages.join('\n'),
			);
			assert.ok(table?.children.every((c) => c.kind === 'error' && c.file === TABLE));
		} finally {
			await t.cleanup();
		}
	});

	it('re-parses only when a file changed, and never re-reads a finished revision', async () => {
		const t = await setup(ws({ tables: [{ file: TABLE, errors: [] }] }), {
			[TABLE]: 'example_id,loss\n0,0.5\n',
		});
		try {
			let validations = 0;
			t.validator.onDidValidate(() => validations++);
			t.build();
			await t.validator.idle();
			assert.equal(validations, 1);
			// A new Experiment object (the run wrote something else): bytes compared, nothing re-parsed.
			t.model.replace({ ...t.model.experiments[0] });
			t.build();
			await t.validator.idle();
			assert.equal(validations, 1);
			await writeFile(join(t.root, TABLE), 'example_id,loss\n0,0.5\n1,0.4\n');
			t.model.replace({ ...t.model.experiments[0] });
			t.build();
			await t.validator.idle();
			assert.equal(validations, 2);
			assert.equal(child(child(t.build().roots[0], 'Tables'), TABLE)?.description, '2 rows · valid');

			const commit = exp({
				id: 'p|c',
				name: 'c',
				kind: 'commit',
				rev: 'a'.repeat(40),
				tables: [{ file: TABLE, errors: [] }],
			});
			t.model.experiments.push(commit);
			t.build();
			await t.validator.idle();
			const reads = t.model.reads;
			t.model.replace({ ...commit });
			t.build();
			await t.validator.idle();
			assert.equal(t.model.reads, reads, 'a finished revision is validated once');
		} finally {
			await t.cleanup();
		}
	});
});
