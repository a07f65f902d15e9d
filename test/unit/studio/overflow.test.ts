import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { postJson } from '../../../src/studio/client';
import type { EventMeta } from '../../../src/studio/events';
import { metaOf } from '../../../src/studio/events';
import { LivePush } from '../../../src/studio/livePush';
import { Outbox } from '../../../src/studio/outbox';
import type { OutboxOptions, OutboxSender, SendOutcome } from '../../../src/studio/outbox';
import type { OutboxEvent } from '../../../src/studio/outboxStore';
import { createStudioSender } from '../../../src/studio/sender';
import { StudioStandIn } from '../../support/studioServer';
import { experiment, FsModel } from './fsModel';

const meta = (name: string): EventMeta => ({ experimentId: name, repoUrl: 'r', baselineSha: 'a'.repeat(40), name });
const TOKEN = 'isat_overflowToken00000000000001';

/** A sender that answers only when the test opens the gate, one send at a time. */
class GatedSender implements OutboxSender {
	readonly delivered: string[] = [];
	private readonly waiting: (() => void)[] = [];
	private readonly arrivals: (() => void)[] = [];
	async send(event: OutboxEvent): Promise<SendOutcome> {
		await new Promise<void>((resolve) => {
			this.waiting.push(resolve);
			this.arrivals.splice(0).forEach((r) => r());
		});
		this.delivered.push(`${event.stream}:${event.kind}`);
		return { kind: 'ok' };
	}
	/** Answers the next send (waiting for it to arrive if needed). */
	async release(): Promise<void> {
		if (this.waiting.length === 0) {
			await new Promise<void>((resolve) => this.arrivals.push(resolve));
		}
		this.waiting.shift()?.();
		await new Promise((resolve) => setImmediate(resolve));
	}
}

describe('studio outbox overflow policies', () => {
	let dir: string;
	const open: Outbox[] = [];
	const make = (sender: OutboxSender, extra: Partial<OutboxOptions> = {}) => {
		const outbox = new Outbox({ dir: path.join(dir, `o${open.length}`), sender, concurrency: 1, ...extra });
		open.push(outbox);
		return outbox;
	};
	beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-overflow-'))));
	afterEach(() => {
		open.splice(0).forEach((o) => o.dispose());
		rmSync(dir, { recursive: true, force: true });
	});

	it('dropOldestData drops a data event, counts it and tells the log', () => {
		const drops: [string, number][] = [];
		const outbox = make(new GatedSender(), {
			maxEvents: 2,
			onDrop: (event, dropped) => drops.push([event.stream, dropped]),
		});
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		outbox.enqueue({ stream: 'b', kind: 'data', step: 3, meta: meta('b') });
		assert.equal(outbox.enqueue({ stream: 'c', kind: 'start', meta: meta('c') }).accepted, true);
		assert.equal(outbox.enqueue({ stream: 'd', kind: 'start', meta: meta('d') }).accepted, false);
		assert.deepEqual(drops, [['b', 1]]);
		assert.equal(outbox.getState().counters.dropped, 1);
		assert.deepEqual(
			outbox.pendingEvents().map((e) => e.stream),
			['a', 'c'],
		);
	});

	it('error refuses new events while full and drops nothing', () => {
		const outbox = make(new GatedSender(), { maxEvents: 2, overflow: 'error' });
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		outbox.enqueue({ stream: 'a', kind: 'data', step: 1, meta: meta('a') });
		const refused = outbox.enqueue({ stream: 'b', kind: 'start', meta: meta('b') });
		assert.deepEqual(refused, { accepted: false, full: true, reason: 'The Studio outbox is full (2 events).' });
		assert.equal(outbox.getState().counters.dropped, 0);
		assert.equal(outbox.enqueue({ stream: 'a', kind: 'data', step: 2, meta: meta('a') }).accepted, true, 'coalesced');
	});

	it('block makes enqueueWhenRoom wait for room, in order, without dropping', async () => {
		const sender = new GatedSender();
		const outbox = make(sender, { maxEvents: 2, overflow: 'block' });
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		outbox.enqueue({ stream: 'b', kind: 'start', meta: meta('b') });
		assert.equal(outbox.enqueue({ stream: 'x', kind: 'start', meta: meta('x') }).accepted, false);
		const results: string[] = [];
		const c = outbox.enqueueWhenRoom({ stream: 'c', kind: 'start', meta: meta('c') }).then(() => results.push('c'));
		const d = outbox.enqueueWhenRoom({ stream: 'd', kind: 'start', meta: meta('d') }).then(() => results.push('d'));
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(outbox.getState().blocked, 2);
		assert.deepEqual(results, []);
		await sender.release();
		await c;
		assert.deepEqual(results, ['c'], 'one acceptance frees one slot');
		for (let i = 0; i < 3; i++) {
			await sender.release();
		}
		await d;
		await outbox.whenIdle();
		assert.deepEqual(sender.delivered, ['a:start', 'b:start', 'c:start', 'd:start']);
		assert.equal(outbox.getState().counters.dropped, 0);
	});

	it('applies new limits at once: more room or another policy wakes waiting enqueues', async () => {
		const outbox = make(new GatedSender(), { maxEvents: 1, overflow: 'block' });
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		const grown = outbox.enqueueWhenRoom({ stream: 'b', kind: 'start', meta: meta('b') });
		outbox.setLimits({ maxEvents: 2 });
		assert.equal((await grown).accepted, true);
		const refused = outbox.enqueueWhenRoom({ stream: 'c', kind: 'start', meta: meta('c') });
		outbox.setLimits({ overflow: 'error' });
		assert.equal((await refused).accepted, false);
		assert.equal(outbox.overflow, 'error');
		assert.equal(outbox.getState().blocked, 0);
	});

	it('error: the live pusher warns once while the outbox stays full, not on every update', () => {
		const model = new FsModel(dir);
		const outbox = make(new GatedSender(), { maxEvents: 1, overflow: 'error' });
		outbox.enqueue({ stream: 'other', kind: 'start', meta: meta('other') });
		const warnings: string[] = [];
		const live = new LivePush({
			model,
			outbox,
			isLiveEnabled: () => true,
			metaOf: (e) => metaOf(e, undefined, 'r'),
			onWarning: (m) => warnings.push(m),
		});
		const run = model.add(experiment({ metrics: { 'dvclive/metrics.json': { step: 1 } } }));
		for (let step = 1; step <= 5; step++) {
			model.change(run.id, { metrics: { 'dvclive/metrics.json': { step } } });
		}
		live.dispose();
		assert.deepEqual(warnings, ['The Studio outbox is full (1 events).']);
		assert.equal(outbox.getState().counters.dropped, 0);
	});

	it('block: the live pusher coalesces a waiting experiment into its newest step', async () => {
		const root = path.join(dir, 'repo');
		mkdirSync(path.join(root, 'dvclive'), { recursive: true });
		writeFileSync(path.join(root, 'dvclive/metrics.json'), '{"loss": 0.5}');
		const server = await StudioStandIn.start({ token: TOKEN });
		const model = new FsModel(root);
		const sender = createStudioSender({
			model,
			getConfig: () => ({ configured: true, token: TOKEN, repoUrl: 'r', url: server.url }),
			post: (url, body, token) => postJson(url, body, token),
		});
		const outbox = make(sender, { maxEvents: 2, overflow: 'block', concurrency: 4 });
		const live = new LivePush({ model, outbox, isLiveEnabled: () => true, metaOf: (e) => metaOf(e, undefined, 'r') });
		const run = (name: string, step: number) =>
			experiment({ id: `p|exp|${'a'.repeat(40)}|${name}`, name, metrics: { 'dvclive/metrics.json': { step } } });
		try {
			server.pause();
			const a = model.add(run('a', 1));
			const b = model.add(run('b', 1));
			model.change(a.id, {});
			model.change(b.id, {});
			for (let step = 2; step <= 5; step++) {
				model.change(b.id, { metrics: { 'dvclive/metrics.json': { step } } });
			}
			assert.equal(outbox.getState().pending, 2, 'a: start and data fill the outbox');
			assert.equal(outbox.getState().blocked, 1, 'one wait for room, however many updates');
			server.resume();
			// Idle can come a tick before the waiting pusher enqueues what the freed room lets in.
			do {
				await outbox.whenIdle();
				await new Promise((resolve) => setImmediate(resolve));
			} while (outbox.getState().pending > 0 || outbox.getState().blocked > 0);
			const ofB = server.events().filter((e) => e.name === 'b');
			assert.deepEqual(
				ofB.map((e) => `${String(e.type)}${e.type === 'data' ? `@${String(e.step)}` : ''}`),
				['start', 'data@5'],
			);
			assert.equal(outbox.getState().counters.dropped, 0);
		} finally {
			live.dispose();
			await server.close();
		}
	});
});
