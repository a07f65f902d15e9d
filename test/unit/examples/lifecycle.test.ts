import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { eventSources, LifecycleRecorder, mergeEvents } from '../../../src/examples/lifecycle';
import type { ModelChange } from '../../../src/model/api';
import { blankExperiment } from '../../../src/model/blankExperiment';
import type { Experiment, RunEvent } from '../../../src/model/types';
import { Emitter } from '../../../src/util/event';

function experiment(id: string, status: Experiment['status'], step?: number, events: RunEvent[] = []): Experiment {
	return blankExperiment({
		id,
		projectId: 'p',
		kind: 'workspace',
		rev: 'workspace',
		name: id,
		status,
		events,
		...(step === undefined ? {} : { progress: { step } }),
	});
}

class FakeModel {
	readonly changes = new Emitter<ModelChange>();
	readonly onDidChangeExperiments = this.changes.event;
	readonly experiments = new Map<string, Experiment>();
	getExperiment = (id: string) => this.experiments.get(id);
	getExperiments = () => [...this.experiments.values()];
	set(exp: Experiment): void {
		this.experiments.set(exp.id, exp);
		this.changes.fire({ changed: [exp.id], removed: [], structure: false });
	}
}

describe('examples: lifecycle recorder', () => {
	it('records start, coalesced steps and finish from model changes', () => {
		const model = new FakeModel();
		let now = 1000;
		const rec = new LifecycleRecorder(model, { now: () => now, coalesceMs: 5000 });
		const fired: string[] = [];
		rec.onDidRecord((e) => fired.push(e.event.name));
		model.set(experiment('w', 'running', 0));
		now += 100;
		model.set(experiment('w', 'running', 1));
		now += 100;
		model.set(experiment('w', 'running', 3));
		now += 10_000;
		model.set(experiment('w', 'running', 4));
		model.set(experiment('w', 'success', 4));
		const names = rec.recorded('w').map((e) => [e.name, e.step, e.metadata?.steps]);
		assert.deepEqual(names, [
			['run started', 0, undefined],
			['step completed', 3, 4],
			['step completed', 4, 1],
			['run finished', 4, undefined],
		]);
		assert.ok(rec.recorded('w').every((e) => e.origin === 'runlens' && e.source === 'runlens'));
		assert.deepEqual(fired, [
			'run started',
			'step completed',
			'step completed',
			'step completed',
			'step completed',
			'run finished',
		]);
	});

	it('records a failed run, a Studio push, bounds memory, forgets removed experiments', () => {
		const model = new FakeModel();
		model.experiments.set('x', experiment('x', 'running'));
		const rec = new LifecycleRecorder(model, { maxPerExperiment: 3, now: () => 5 });
		model.set(experiment('x', 'failed'));
		assert.deepEqual(
			rec.recorded('x').map((e) => e.name),
			['run failed'],
		);
		for (let i = 0; i < 5; i++) {
			rec.record('x', { name: 'studio push', source: 'studio', metadata: { outcome: i % 2 ? 'ok' : 'failed' } });
		}
		assert.equal(rec.recorded('x').length, 3);
		assert.equal(rec.recorded('x')[0].source, 'studio');
		model.changes.fire({ changed: [], removed: ['x'], structure: true });
		assert.deepEqual(rec.recorded('x'), []);
		rec.dispose();
	});

	it('eventsFor merges file events with recorded ones, newest first, filterable by source', () => {
		const model = new FakeModel();
		const fileEvents: RunEvent[] = [
			{ name: 'checkpoint', source: 'train', wallclock: 100, origin: 'file' },
			{ name: 'lr drop', source: 'train', wallclock: 300, origin: 'file' },
			{ name: 'no time', origin: 'file' },
		];
		model.experiments.set('e', experiment('e', 'success', undefined, fileEvents));
		const rec = new LifecycleRecorder(model, { now: () => 200 });
		rec.record('e', { name: 'studio push', source: 'studio' });
		assert.deepEqual(
			rec.eventsFor('e').map((e) => e.name),
			['lr drop', 'studio push', 'checkpoint', 'no time'],
		);
		assert.deepEqual(
			rec.eventsFor('e', 'train').map((e) => e.name),
			['lr drop', 'checkpoint'],
		);
		assert.deepEqual(eventSources(rec.eventsFor('e')), ['file', 'studio', 'train']);
		assert.deepEqual(
			mergeEvents(
				[
					{ name: 'a', step: 1, origin: 'file' },
					{ name: 'b', step: 2, origin: 'file' },
				],
				[],
			).map((e) => e.name),
			['b', 'a'],
		);
	});
});
