import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { postJson } from '../../../src/studio/client';
import { metaOf } from '../../../src/studio/events';
import { LivePush } from '../../../src/studio/livePush';
import { Outbox } from '../../../src/studio/outbox';
import { createStudioSender } from '../../../src/studio/sender';
import type { Fault } from '../../support/studioServer';
import { StudioStandIn } from '../../support/studioServer';
import { experiment, FsModel } from './fsModel';

const TOKEN = 'isat_faultSuiteToken000000000001';
const LOSS = 'dvclive/plots/metrics/loss.tsv';

const FAULTS: Fault[] = [
	{ type: 'drop' },
	{ type: 'hang' },
	{ type: 'status', status: 500 },
	{ type: 'status', status: 502 },
	{ type: 'status', status: 503 },
	{ type: 'rateLimit', retryAfterSeconds: 0 },
	{ type: 'status', status: 401 },
	{ type: 'slowBody', chunkDelayMs: 5 },
];

describe('studio live push under faults', () => {
	let dir: string;
	let server: StudioStandIn;
	beforeEach(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-fault-'));
		server = await StudioStandIn.start({ token: TOKEN });
	});
	afterEach(async () => {
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	});

	function startSession(model: FsModel) {
		const sender = createStudioSender({
			model,
			getConfig: () => ({ configured: true, token: TOKEN, repoUrl: 'git@example.com:o/r.git', url: server.url }),
			post: (url, body, token) => postJson(url, body, token, { readTimeoutMs: 250 }),
			env: {},
		});
		const outbox: Outbox = new Outbox({
			dir: path.join(dir, 'outbox'),
			sender,
			baseDelayMs: 5,
			maxDelayMs: 40,
			onAuthError: () => setTimeout(() => outbox.resumeAuth(), 5),
		});
		const live = new LivePush({
			model,
			outbox,
			isLiveEnabled: () => true,
			metaOf: (exp) => metaOf(exp, undefined, 'git@example.com:o/r.git'),
		});
		return { outbox, live };
	}

	it('delivers 1,000 steps exactly once and in order through every fault and a restart', async () => {
		const root = path.join(dir, 'repo');
		mkdirSync(path.join(root, 'dvclive/plots/metrics'), { recursive: true });
		writeFileSync(path.join(root, LOSS), 'step\tloss\n');
		const model = new FsModel(root);
		const exp = model.add(
			experiment({
				series: [{ id: 'l', name: 'loss', file: LOSS, column: 'loss', x: 'step' }],
				metrics: {},
				status: 'running',
			}),
		);
		let session = startSession(model);
		for (let step = 0; step < 1000; step++) {
			appendFileSync(path.join(root, LOSS), `${step}\t${1 / (step + 1)}\n`);
			if (step % 25 === 0) {
				server.inject(FAULTS[(step / 25) % FAULTS.length]);
			}
			model.change(exp.id, { progress: { step } });
			if (step === 500) {
				session.live.dispose();
				await session.outbox.flushAndClose(0);
				session = startSession(model);
			}
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
		model.change(exp.id, { status: 'success' });
		// whenIdle also resolves while paused by a 401; the stand-in's sign-in resumes it shortly.
		while (session.outbox.getState().pending > 0) {
			await session.outbox.whenIdle();
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		session.live.dispose();
		session.outbox.dispose();

		const types = server.events().map((b) => b.type);
		assert.equal(types[0], 'start');
		assert.equal(types.filter((t) => t === 'start').length, 1);
		assert.deepEqual(types.slice(-1), ['done']);
		const steps = server
			.events('data')
			.flatMap((b) =>
				((b.plots as Record<string, { data: { step: number }[] }> | undefined)?.[LOSS]?.data ?? []).map((r) => r.step),
			);
		assert.deepEqual(
			steps,
			Array.from({ length: 1000 }, (_, i) => i),
		);
		assert.ok(server.rejected.length >= 10, 'faults were really injected');
	});
});
