/**
 * The Studio fault suite's endings (see faultSuite.test.ts for 1,000 steps through every fault):
 * the last step goes once, a run whose row disappears is still ended, a crash mid-push loses
 * nothing, and a running workspace row does not complain on every step.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { postJson, type PostOutcome } from '../../../src/studio/client';
import type { StudioConfig } from '../../../src/studio/config';
import { metaOf } from '../../../src/studio/events';
import { LivePush } from '../../../src/studio/livePush';
import { Outbox } from '../../../src/studio/outbox';
import { createStudioSender } from '../../../src/studio/sender';
import type { Fault } from '../../support/studioServer';
import { StudioStandIn } from '../../support/studioServer';
import { experiment, FsModel } from './fsModel';

const TOKEN = 'isat_faultCasesToken00000000001';
const REPO = 'git@example.com:o/r.git';
const LOSS = 'dvclive/plots/metrics/loss.tsv';
const METRICS = 'dvclive/metrics.json';
type Body = Record<string, unknown>;

const rowSteps = (bodies: Body[]): number[] =>
	bodies.flatMap((b) =>
		((b.plots as Record<string, { data: { step: number }[] }> | undefined)?.[LOSS]?.data ?? []).map((r) => r.step),
	);

/**
 * `step` of each accepted data request, by chunk (metrics first, plots second): each must only grow,
 * and a request carrying rows is labelled by its newest row (its metrics are that step's).
 */
function assertEachStepOnce(bodies: Body[]): void {
	const data = bodies.filter((b) => b.type === 'data');
	for (const body of data) {
		const newest = Math.max(-1, ...rowSteps([body]));
		assert.ok(
			newest <= (body.step as number),
			`rows up to step ${newest} were sent labelled step ${String(body.step)}`,
		);
	}
	for (const chunk of [data.filter((b) => !b.plots), data.filter((b) => b.plots)]) {
		const steps = chunk.map((b) => b.step as number);
		assert.ok(
			steps.every((s, i) => i === 0 || s > steps[i - 1]),
			`a data step was sent twice: ${steps.join(',')} in ${data.map((b) => `${String(b.step)}${b.plots ? 'P' : 'M'}`).join(' ')}`,
		);
	}
}

describe('studio fault suite: endings, crash and workspace rows', () => {
	let dir: string;
	let root: string;
	let server: StudioStandIn;
	const sessions: { live: LivePush; outbox: Outbox }[] = [];
	beforeEach(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-faultcases-'));
		root = path.join(dir, 'repo');
		mkdirSync(path.join(root, 'dvclive/plots/metrics'), { recursive: true });
		writeFileSync(path.join(root, LOSS), 'step\tloss\n');
		server = await StudioStandIn.start({ token: TOKEN });
	});
	afterEach(async () => {
		for (const s of sessions.splice(0)) {
			s.live.dispose();
			s.outbox.dispose();
		}
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	});

	/**
	 * One window's Studio push. `getConfig` behaves as the app's: the repo URL comes from the
	 * experiment's project, and for an experiment the model does not know only the event's own URL stands.
	 */
	function startSession(model: FsModel, warnings: string[] = []) {
		const getConfig = (id: string, repoUrl?: string): StudioConfig => {
			const url = model.getExperiment(id) ? REPO : repoUrl;
			return url
				? { configured: true, token: TOKEN, repoUrl: url, url: server.url }
				: { configured: false, reason: 'no-repo-url' };
		};
		const sender = createStudioSender({
			model,
			getConfig,
			post: (url, body, token) => postJson(url, body, token, { readTimeoutMs: 250 }),
			env: {},
		});
		const outbox = new Outbox({ dir: path.join(dir, 'outbox'), sender, baseDelayMs: 5, maxDelayMs: 40 });
		const live = new LivePush({
			model,
			outbox,
			isLiveEnabled: () => true,
			metaOf: (exp) => metaOf(exp, model.getProjects()[0], REPO),
			onWarning: (m) => warnings.push(m),
		});
		sessions.push({ live, outbox });
		return { live, outbox };
	}

	const runningRow = (model: FsModel) =>
		model.add(
			experiment({
				rev: 'workspace',
				series: [{ id: 'l', name: 'loss', file: LOSS, column: 'loss', x: 'step' }],
				metrics: { [METRICS]: {} },
				status: 'running',
			}),
		);

	async function writeSteps(model: FsModel, id: string, from: number, to: number): Promise<void> {
		for (let step = from; step < to; step++) {
			appendFileSync(path.join(root, LOSS), `${step}\t${1 / (step + 1)}\n`);
			writeFileSync(path.join(root, METRICS), JSON.stringify({ loss: 1 / (step + 1), step }));
			model.change(id, { progress: { step } });
			await new Promise((resolve) => setTimeout(resolve, 2));
		}
	}

	async function until(check: () => boolean, what: string): Promise<void> {
		while (!check()) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		assert.ok(check(), what);
	}

	for (const fault of [undefined, { type: 'status', status: 500 }, { type: 'hang' }] as (Fault | undefined)[]) {
		it(`sends the last step once when a run ends (${fault ? JSON.stringify(fault) : 'no fault'})`, async () => {
			const model = new FsModel(root);
			const exp = runningRow(model);
			const { outbox } = startSession(model);
			await writeSteps(model, exp.id, 0, 19);
			if (fault) {
				server.inject(fault, fault);
			}
			await writeSteps(model, exp.id, 19, 20);
			model.change(exp.id, { status: 'success' });
			await until(() => server.events('done').length === 1 && outbox.getState().pending === 0, 'done arrived');
			assertEachStepOnce(server.events());
			assert.deepEqual(
				rowSteps(server.events('data')),
				Array.from({ length: 20 }, (_, i) => i),
			);
			assert.equal(server.events().at(-1)?.type, 'done');
		});
	}

	it('labels rows written while an event waited by their newest step, and sends no empty repeat', async () => {
		const model = new FsModel(root);
		const exp = runningRow(model);
		// Studio fails while the run goes on: the queued event is sent when more rows are on disk.
		const failing: Fault = { type: 'status', status: 500 };
		server.inject(...Array.from({ length: 6 }, () => failing));
		startSession(model);
		await writeSteps(model, exp.id, 0, 30);
		model.change(exp.id, { status: 'success' });
		await until(() => server.events('done').length === 1, 'done arrived');
		assertEachStepOnce(server.events());
		assert.deepEqual(
			rowSteps(server.events('data')),
			Array.from({ length: 30 }, (_, i) => i),
		);
		// Each step's metrics went once, under their own step (no repeat under a later label). A body read
		// while the writer was rewriting metrics.json (truncated, then written) carries no metrics at all.
		const metrics = server.events('data').filter((b) => !b.plots && (b.metrics as Record<string, unknown>)?.[METRICS]);
		const steps = metrics.map((b) => (b.metrics as Record<string, { data: { step: number } }>)[METRICS].data.step);
		assert.deepEqual(
			steps,
			metrics.map((b) => b.step),
		);
		assert.equal(new Set(steps).size, steps.length, `metrics steps ${steps.join(',')}`);
	});

	it("does not resend a step's metrics when its plots failed and the event then merged with a newer one", async () => {
		const model = new FsModel(root);
		const exp = runningRow(model);
		for (let step = 0; step < 10; step++) {
			appendFileSync(path.join(root, LOSS), `${step}\t${1 / (step + 1)}\n`);
		}
		writeFileSync(path.join(root, METRICS), JSON.stringify({ loss: 0.1, step: 9 }));
		const posted: Body[] = [];
		let failPlotsOnce = true;
		const sender = createStudioSender({
			model,
			getConfig: () => ({ configured: true, token: TOKEN, repoUrl: REPO, url: server.url }),
			post: (_url, body): Promise<PostOutcome> => {
				if (body.plots && failPlotsOnce) {
					failPlotsOnce = false;
					return Promise.resolve({ kind: 'retryable', reason: 'network', message: 'dropped' });
				}
				posted.push(body);
				return Promise.resolve({ kind: 'ok', status: 200, body: '{"ok": true}' });
			},
			env: {},
		});
		const meta = metaOf(model.getExperiment(exp.id)!, model.getProjects()[0], REPO);
		assert.ok(typeof meta !== 'string', typeof meta === 'string' ? meta : '');
		const cursor = { rows: {}, imageStep: -1, images: {} };
		// Queued at step 0, sent with rows 0..9 on disk: labelled 9; its plots request fails.
		const event = { seq: 1, stream: exp.id, kind: 'data' as const, step: 0, meta, queuedAt: 0 };
		const failed = await sender.send(event, cursor);
		assert.equal(failed.kind, 'retryable');
		// What the outbox keeps in its journal: the metrics request went.
		const kept = failed.kind === 'retryable' ? failed.cursor : undefined;
		assert.ok(kept?.metricsStep === 9, JSON.stringify(kept));
		// Meanwhile the step-9 event merged into it (same seq, newer step); the retry finds the same rows.
		const retried = await sender.send({ ...event, step: 9 }, kept);
		assert.equal(retried.kind, 'ok');
		assert.deepEqual(
			posted.map((b) => `${String(b.step)}${b.plots ? 'P' : 'M'}`),
			['9M', '9P'],
		);
	});

	it("a crash after a step's metrics were accepted and before its plots were: the restart sends only the plots", async () => {
		const model = new FsModel(root);
		const exp = runningRow(model);
		for (let step = 0; step < 5; step++) {
			appendFileSync(path.join(root, LOSS), `${step}\t${1 / (step + 1)}\n`);
		}
		writeFileSync(path.join(root, METRICS), JSON.stringify({ loss: 0.2, step: 4 }));
		const posted: string[] = [];
		let plotsFail = true;
		// One sender per window: nothing the first one remembers survives the crash.
		const newSender = () =>
			createStudioSender({
				model,
				getConfig: () => ({ configured: true, token: TOKEN, repoUrl: REPO, url: server.url }),
				post: (_url, body): Promise<PostOutcome> => {
					if (body.plots && plotsFail) {
						return Promise.resolve({ kind: 'retryable', reason: 'network', message: 'dropped' });
					}
					posted.push(`${String(body.step)}${body.type === 'data' ? (body.plots ? 'P' : 'M') : String(body.type)}`);
					return Promise.resolve({ kind: 'ok', status: 200, body: '{"ok": true}' });
				},
				env: {},
			});
		const outboxDir = path.join(dir, 'crash-outbox');
		const first = new Outbox({ dir: outboxDir, sender: newSender(), baseDelayMs: 10_000, maxDelayMs: 10_000 });
		const meta = metaOf(model.getExperiment(exp.id)!, model.getProjects()[0], REPO);
		assert.ok(typeof meta !== 'string');
		first.enqueue({ stream: exp.id, kind: 'data', step: 4, meta });
		await until(() => posted.includes('4M'), 'the metrics request was accepted');
		// The window dies while the plots request waits for its retry: only the journal is left.
		first.dispose();
		plotsFail = false;
		const second = new Outbox({ dir: outboxDir, sender: newSender(), baseDelayMs: 5, maxDelayMs: 40 });
		sessions.push({ live: { dispose: () => undefined } as LivePush, outbox: second });
		await until(() => posted.includes('4P'), 'the replayed event sent its plots');
		await second.whenSettled();
		assert.deepEqual(posted, ['4M', '4P']);
	});

	it('ends a run whose row disappears (no experiment ref): done with the final metrics, no experiment_rev', async () => {
		const model = new FsModel(root);
		const exp = runningRow(model);
		startSession(model);
		await writeSteps(model, exp.id, 0, 10);
		// The final rows land after the last step's event, then the row goes (save_dvc_exp=False).
		appendFileSync(path.join(root, LOSS), '10\t0.05\n');
		writeFileSync(path.join(root, METRICS), JSON.stringify({ loss: 0.05, step: 10, final: true }));
		model.remove(exp.id);
		await until(() => server.events('done').length === 1, 'done arrived');
		const done = server.events('done')[0];
		assert.equal('experiment_rev' in done, false);
		assert.deepEqual(done.metrics, { [METRICS]: { data: { loss: 0.05, step: 10, final: true } } });
		assert.deepEqual(
			rowSteps(server.events('data')),
			Array.from({ length: 11 }, (_, i) => i),
		);
		assertEachStepOnce(server.events());
		assert.deepEqual(server.events().map((b) => b.type)[0], 'start');
	});

	it('replays a crash mid-push after a restart, without the row and without waiting, then ends the run', async () => {
		const model = new FsModel(root);
		const exp = runningRow(model);
		const failing: Fault = { type: 'status', status: 500 };
		server.inject(...Array.from({ length: 10_000 }, () => failing));
		const first = startSession(model);
		await writeSteps(model, exp.id, 0, 12);
		await until(() => first.outbox.pendingEvents().some((e) => e.kind === 'data'), 'data is pending');
		assert.equal(server.accepted.length, 0, 'Studio accepted nothing before the crash');
		// The window dies: nothing is flushed; the outbox journal on disk is all that is left.
		first.live.dispose();
		first.outbox.dispose();
		// A crashed window's requests die with it: let the ones on the wire meet their fault first,
		// or one accepted after clearFaults() would be a second start Studio never got in a real crash.
		await first.outbox.whenSettled();
		server.clearFaults();
		// The run ended while the window was gone, without an experiment ref: its row is no more.
		const after = new FsModel(root);
		const started = Date.now();
		const second = startSession(after);
		await until(() => server.events('done').length === 1, 'done arrived');
		assert.ok(Date.now() - started < 30_000);
		assert.deepEqual(server.events().map((b) => b.type)[0], 'start');
		assert.equal(server.events('start').length, 1);
		assert.deepEqual(
			rowSteps(server.events('data')),
			Array.from({ length: 12 }, (_, i) => i),
		);
		assertEachStepOnce(server.events());
		const done = server.events('done')[0];
		assert.equal('experiment_rev' in done, false);
		assert.deepEqual((done.metrics as Record<string, { data: Body }>)[METRICS].data.step, 11);
		await second.outbox.whenIdle();
		assert.equal(second.outbox.getState().pending, 0);
		assert.deepEqual(second.outbox.getState().stopped, {}, 'no stream was stopped as "no longer exists"');
	});

	it('pushes the running experiment row, not its workspace row, and says a reason once', async () => {
		const model = new FsModel(root);
		const warnings: string[] = [];
		const ws = model.add(
			experiment({ id: 'p|workspace', kind: 'workspace', rev: 'workspace', name: 'workspace', baselineSha: undefined }),
		);
		const exp = runningRow(model);
		startSession(model, warnings);
		for (let step = 0; step < 5; step++) {
			model.change(ws.id, { progress: { step } });
			await writeSteps(model, exp.id, step, step + 1);
		}
		model.change(exp.id, { status: 'success' });
		await until(() => server.events('done').length === 1, 'done arrived');
		assert.deepEqual(warnings, []);
		assert.deepEqual([...new Set(server.events().map((b) => b.name))], [exp.name]);

		// With no running experiment row for it (no git baseline), the workspace says why once, not per step.
		const alone = new FsModel(root);
		const lone = alone.add(
			experiment({ id: 'q|workspace', kind: 'workspace', rev: 'workspace', name: 'workspace', baselineSha: undefined }),
		);
		const loneWarnings: string[] = [];
		startSession(alone, loneWarnings);
		for (let step = 0; step < 5; step++) {
			alone.change(lone.id, { progress: { step } });
		}
		assert.equal(loneWarnings.length, 1);
		assert.match(loneWarnings[0], /no baseline commit/);
	});
});
