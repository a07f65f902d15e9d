import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { LifecycleRecorder, RUN_STARTED, seriesStart } from '../../../src/examples/lifecycle';
import type { ModelChange } from '../../../src/model/api';
import { blankExperiment } from '../../../src/model/blankExperiment';
import type { Experiment, SeriesTable } from '../../../src/model/types';
import { Emitter } from '../../../src/util/event';

const FILE = 'dvclive/plots/metrics/train/loss.tsv';

function table(columns: Record<string, number[]>): SeriesTable {
	const data = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v)]));
	return { file: FILE, columns: Object.keys(columns), data, length: Object.values(columns)[0].length };
}

function running(step: number | undefined, status: Experiment['status'] = 'running'): Experiment {
	return blankExperiment({
		id: 'w',
		projectId: 'p',
		kind: 'workspace',
		rev: 'workspace',
		name: 'workspace',
		status,
		series: [{ id: `${FILE}#loss`, name: 'train/loss', file: FILE, column: 'loss', x: 'step' }],
		...(step === undefined ? {} : { progress: { step } }),
	});
}

class Model {
	readonly changes = new Emitter<ModelChange>();
	readonly onDidChangeExperiments = this.changes.event;
	exp: Experiment | undefined;
	reads = 0;
	constructor(private readonly series: SeriesTable | undefined) {}
	getExperiment = () => this.exp;
	getExperiments = () => (this.exp ? [this.exp] : []);
	readSeriesTable = (): Promise<SeriesTable | undefined> => {
		this.reads++;
		return Promise.resolve(this.series);
	};
	set(exp: Experiment): void {
		this.exp = exp;
		this.changes.fire({ changed: [exp.id], removed: [], structure: false });
	}
}

/** Resolves once the recorder has recorded `n` events in all. */
function recordedCount(rec: LifecycleRecorder, n: number): Promise<void> {
	return new Promise((resolve) => {
		const sub = rec.onDidRecord(() => {
			if (rec.recorded('w').length >= n) {
				sub.dispose();
				resolve();
			}
		});
	});
}

describe('lifecycle: a run already under way when Runlens first sees it', () => {
	it('records what it observed as observed, and the start from the series’ first row and timestamp', async () => {
		const model = new Model(table({ timestamp: [1_700_000_000_000, 1_700_000_001_000], step: [0, 1], loss: [1, 0.9] }));
		const rec = new LifecycleRecorder(model, { now: () => 1_800_000_000_000 });
		const both = recordedCount(rec, 3);
		model.set(running(8));
		await both;
		const events = rec.recorded('w').map((e) => [e.name, e.step, e.wallclock]);
		assert.deepEqual(events, [
			['first seen at step 8', 8, 1_800_000_000_000],
			['step completed', 8, 1_800_000_000_000],
			[RUN_STARTED, 0, 1_700_000_000_000],
		]);
		assert.equal(rec.recorded('w')[2].metadata?.from, FILE);
		// Newest first: the start, which happened first, is listed last.
		assert.deepEqual(
			rec.eventsFor('w').map((e) => e.name),
			['step completed', 'first seen at step 8', RUN_STARTED],
		);
		rec.dispose();
	});

	it('without a timestamp column the start has its step but no invented time', async () => {
		const model = new Model(table({ step: [2, 3], loss: [1, 0.9] }));
		const rec = new LifecycleRecorder(model, { now: () => 5 });
		const all = recordedCount(rec, 3);
		model.set(running(8));
		await all;
		const start = rec.recorded('w').find((e) => e.name === RUN_STARTED);
		assert.equal(start?.step, 2);
		assert.equal(start?.wallclock, undefined);
		rec.dispose();
	});

	it('a run seen at step 0 was seen starting: "run started", nothing read', () => {
		const model = new Model(undefined);
		const rec = new LifecycleRecorder(model, { now: () => 5 });
		model.set(running(0));
		assert.deepEqual(
			rec.recorded('w').map((e) => [e.name, e.step]),
			[
				[RUN_STARTED, 0],
				['step completed', 0],
			],
		);
		assert.equal(model.reads, 0);
		rec.dispose();
	});

	it('seriesStart: nothing from an empty, missing or step-less table', () => {
		assert.equal(seriesStart(undefined), undefined);
		assert.equal(seriesStart(table({ step: [] })), undefined);
		assert.equal(seriesStart(table({ loss: [1] })), undefined);
		assert.deepEqual(seriesStart(table({ step: [4], timestamp: [Number.NaN] })), { step: 4, wallclock: undefined });
	});
});
