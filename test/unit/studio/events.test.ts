import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	castRow,
	collectData,
	dataBody,
	doneBody,
	emptyCursor,
	metaOf,
	startBody,
	tableRows,
} from '../../../src/studio/events';
import { validateBody } from '../../../src/studio/schema';
import { experiment, FsModel } from './fsModel';

describe('studio events', () => {
	let dir: string;
	beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-events-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));
	const write = (rel: string, data: string | Buffer) => {
		mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		writeFileSync(path.join(dir, rel), data);
	};

	it('types rows as DVCLive does: int step, timestamp text, floats, nan/inf as their text', () => {
		assert.deepEqual(
			castRow({ timestamp: '1717171717171', step: '3', loss: '0.25', acc: '1', a: 'nan', b: '-Infinity', c: '1e-3' }),
			{
				timestamp: '1717171717171',
				step: 3,
				loss: 0.25,
				acc: 1,
				a: 'nan',
				b: '-Infinity',
				c: 0.001,
			},
		);
	});

	it('reads rows from an offset and ignores a line still being written', () => {
		const text = 'step\tloss\n0\t1\n1\t0.5\n2\t0.2';
		assert.deepEqual(tableRows(text, '\t', 1, false), { rows: [{ step: 1, loss: 0.5 }], total: 2 });
		assert.deepEqual(tableRows(text, '\t', 1, true), {
			rows: [
				{ step: 1, loss: 0.5 },
				{ step: 2, loss: 0.2 },
			],
			total: 3,
		});
		assert.deepEqual(tableRows('step,x\r\n\r\n0,1\r\n', ',', 0, false), { rows: [{ step: 0, x: 1 }], total: 1 });
		assert.deepEqual(tableRows('step\tx\n0\t1\n', '\t', 5, false).total, 1, 'a rewritten, shorter file restarts');
	});

	it('builds bodies in the client key order, message cut to 72 characters', () => {
		const meta = {
			experimentId: 'x',
			repoUrl: 'git@h:o/r.git',
			baselineSha: 'a'.repeat(40),
			name: 'run',
			subdir: 'sub',
		};
		const start = startBody({ ...meta, message: 'm'.repeat(100) });
		assert.deepEqual(Object.keys(start), ['type', 'repo_url', 'baseline_sha', 'name', 'client', 'message', 'subdir']);
		assert.equal(start.message, 'm'.repeat(72));
		assert.equal(start.client, 'runlens');
		const data = dataBody(meta, 2, { params: { p: {} }, metrics: { m: { data: {} } }, plots: { f: { data: [] } } });
		assert.deepEqual(Object.keys(data), [
			'type',
			'repo_url',
			'baseline_sha',
			'name',
			'client',
			'params',
			'metrics',
			'step',
			'plots',
		]);
		assert.deepEqual(doneBody({ ...meta, experimentRev: 'c'.repeat(40) }).experiment_rev, 'c'.repeat(40));
		assert.equal('experiment_rev' in doneBody(meta), false);
		for (const body of [start, data, doneBody(meta)]) {
			assert.equal(validateBody(body), undefined);
		}
	});

	it('refuses an experiment without a baseline commit', () => {
		assert.match(
			metaOf(experiment({ baselineSha: undefined, kind: 'workspace', rev: 'workspace' }), undefined, 'r') as string,
			/baseline/,
		);
	});

	it('collects params, metrics, unsent rows and new images from the files', async () => {
		write('dvclive/params.yaml', 'lr: 0.001\nepochs: 3\n');
		write('dvclive/metrics.json', '{"loss": 0.2, "step": 1}');
		write('dvclive/plots/metrics/loss.tsv', 'timestamp\tstep\tloss\n100\t0\t0.5\n200\t1\t0.2\n');
		write('dvclive/plots/images/cm.png', Buffer.from([1, 2, 3]));
		write('dvclive/plots/images/s/1.png', Buffer.from([4]));
		const model = new FsModel(dir);
		const exp = model.add(
			experiment({
				params: { 'dvclive/params.yaml': {} },
				metrics: { 'dvclive/metrics.json': {} },
				series: [{ id: 'a', name: 'loss', file: 'dvclive/plots/metrics/loss.tsv', column: 'loss', x: 'step' }],
				images: [
					{ name: 'cm.png', file: 'dvclive/plots/images/cm.png' },
					{ name: 's/1.png', file: 'dvclive/plots/images/s/1.png', group: 's', step: 1 },
				],
			}),
		);
		const first = await collectData(model, exp, emptyCursor(), false, 1);
		assert.deepEqual(first.parts.params, { 'dvclive/params.yaml': { lr: 0.001, epochs: 3 } });
		assert.deepEqual(first.parts.metrics, { 'dvclive/metrics.json': { data: { loss: 0.2, step: 1 } } });
		assert.deepEqual(first.parts.plots, {
			'dvclive/plots/metrics/loss.tsv': {
				data: [
					{ timestamp: '100', step: 0, loss: 0.5 },
					{ timestamp: '200', step: 1, loss: 0.2 },
				],
			},
			'dvclive/plots/images/cm.png': { image: 'AQID' },
			'dvclive/plots/images/s/1.png': { image: 'BA==' },
		});
		write('dvclive/plots/metrics/loss.tsv', 'timestamp\tstep\tloss\n100\t0\t0.5\n200\t1\t0.2\n300\t2\t0.1\n');
		const second = await collectData(model, exp, first.next, false, 2);
		assert.deepEqual(second.parts.plots, {
			'dvclive/plots/metrics/loss.tsv': { data: [{ timestamp: '300', step: 2, loss: 0.1 }] },
		});
		write('dvclive/plots/images/cm.png', Buffer.from([9]));
		const third = await collectData(model, exp, second.next, false, 2);
		assert.deepEqual(Object.keys(third.parts.plots ?? {}), [
			'dvclive/plots/metrics/loss.tsv',
			'dvclive/plots/images/cm.png',
		]);
	});

	it('warns about a params file that is not an object instead of sending it', async () => {
		write('params.yaml', '- 1\n- 2\n');
		const model = new FsModel(dir);
		const exp = model.add(experiment({ params: { 'params.yaml': {} } }));
		const result = await collectData(model, exp, emptyCursor(), true, 0);
		assert.deepEqual(result.parts.params, {});
		assert.match(result.warnings[0], /params\.yaml/);
	});
});
