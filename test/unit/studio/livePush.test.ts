import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { postJson } from '../../../src/studio/client';
import { metaOf } from '../../../src/studio/events';
import { LivePush } from '../../../src/studio/livePush';
import { Outbox } from '../../../src/studio/outbox';
import { createStudioSender } from '../../../src/studio/sender';
import { StudioStandIn } from '../../support/studioServer';
import { experiment, FsModel } from './fsModel';

const TOKEN = 'isat_livePushToken00000000000001';
const LOSS = 'dvclive/plots/metrics/loss.tsv';

describe('studio live push', () => {
	let dir: string;
	let server: StudioStandIn;
	let model: FsModel;
	let outbox: Outbox;
	let live: LivePush;
	let enabled: boolean;
	beforeEach(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-live-'));
		server = await StudioStandIn.start({ token: TOKEN });
		mkdirSync(path.join(dir, 'repo/dvclive/plots/metrics'), { recursive: true });
		writeFileSync(path.join(dir, 'repo', LOSS), 'step\tloss\n0\t1\n1\t0.5\n');
		writeFileSync(path.join(dir, 'repo/dvclive/metrics.json'), '{"loss": 0.5, "step": 1}');
		model = new FsModel(path.join(dir, 'repo'));
		const sender = createStudioSender({
			model,
			getConfig: () => ({ configured: true, token: TOKEN, repoUrl: 'r', url: server.url }),
			post: (url, body, token) => postJson(url, body, token),
		});
		outbox = new Outbox({ dir: path.join(dir, 'outbox'), sender, baseDelayMs: 5 });
		enabled = true;
		live = new LivePush({ model, outbox, isLiveEnabled: () => enabled, metaOf: (exp) => metaOf(exp, undefined, 'r') });
	});
	afterEach(async () => {
		live.dispose();
		outbox.dispose();
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const exp = (status: 'running' | 'success') =>
		experiment({
			status,
			metrics: { 'dvclive/metrics.json': { loss: 0.5, step: 1 } },
			series: [{ id: 'l', name: 'loss', file: LOSS, column: 'loss', x: 'step' }],
		});

	it('pushes a finished experiment by hand: start, one data with every row, done', async () => {
		const e = model.add(exp('success'));
		assert.deepEqual(live.pushExperiment(e.id), { ok: true, events: 3 });
		await outbox.whenIdle();
		assert.deepEqual(
			server.events().map((b) => b.type),
			['start', 'data', 'data', 'done'],
		);
		assert.deepEqual(server.events('data')[1].plots, {
			[LOSS]: {
				data: [
					{ step: 0, loss: 1 },
					{ step: 1, loss: 0.5 },
				],
			},
		});
		assert.equal(server.events('done')[0].experiment_rev, e.rev);
	});

	it('follows a running experiment only when live push is on', async () => {
		enabled = false;
		const e = model.add(exp('running'));
		model.change(e.id, { progress: { step: 1 } });
		await outbox.whenIdle();
		assert.equal(server.accepted.length, 0);
		enabled = true;
		model.change(e.id, { progress: { step: 1 } });
		await outbox.whenIdle();
		writeFileSync(path.join(dir, 'repo', LOSS), 'step\tloss\n0\t1\n1\t0.5\n2\t0.25\n');
		model.change(e.id, { progress: { step: 2 } });
		model.change(e.id, { status: 'success' });
		await outbox.whenIdle();
		const types = server.events().map((b) => b.type);
		assert.equal(types.filter((t) => t === 'start').length, 1);
		assert.equal(types.at(-1), 'done');
		const steps = server
			.events('data')
			.flatMap((b) =>
				((b.plots as Record<string, { data: { step: number }[] }>)?.[LOSS]?.data ?? []).map((r) => r.step),
			);
		assert.deepEqual(steps, [0, 1, 2]);
	});

	it('refuses to push an experiment without a baseline commit, with the reason', () => {
		const e = model.add(
			experiment({ id: 'ws', kind: 'workspace', rev: 'workspace', baselineSha: undefined, status: 'success' }),
		);
		const result = live.pushExperiment(e.id);
		assert.equal(result.ok, false);
		assert.match(result.ok ? '' : result.message, /baseline commit/);
	});
});
