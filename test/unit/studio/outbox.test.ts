import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventMeta } from '../../../src/studio/events';
import { Outbox } from '../../../src/studio/outbox';
import type { OutboxSender, SendOutcome } from '../../../src/studio/outbox';
import type { OutboxEvent } from '../../../src/studio/outboxStore';

const meta = (name: string): EventMeta => ({ experimentId: name, repoUrl: 'r', baselineSha: 'a'.repeat(40), name });

/** A sender whose answers the test scripts; records what was attempted and what succeeded. */
class ScriptedSender implements OutboxSender {
	readonly attempts: string[] = [];
	readonly delivered: string[] = [];
	readonly script: SendOutcome[] = [];
	async send(event: OutboxEvent): Promise<SendOutcome> {
		const label = `${event.stream}:${event.kind}${event.step === undefined ? '' : `@${event.step}`}`;
		this.attempts.push(label);
		await new Promise((resolve) => setImmediate(resolve));
		const outcome = this.script.shift() ?? { kind: 'ok' };
		if (outcome.kind === 'ok') {
			this.delivered.push(label);
		}
		return outcome;
	}
}

describe('studio outbox', () => {
	let dir: string;
	const open: Outbox[] = [];
	const make = (sender: OutboxSender, extra: Partial<ConstructorParameters<typeof Outbox>[0]> = {}) => {
		const outbox = new Outbox({ dir, sender, baseDelayMs: 2, maxDelayMs: 20, ...extra });
		open.push(outbox);
		return outbox;
	};
	beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-outbox-'))));
	afterEach(() => {
		open.splice(0).forEach((o) => o.dispose());
		rmSync(dir, { recursive: true, force: true });
	});

	it('delivers each experiment in order and retries transient failures', async () => {
		const sender = new ScriptedSender();
		sender.script.push(
			{ kind: 'retryable', reason: 'server', message: 'HTTP 503' },
			{ kind: 'retryable', reason: 'timeout', message: 't' },
		);
		const outbox = make(sender);
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		outbox.enqueue({ stream: 'a', kind: 'data', step: 1, meta: meta('a') });
		outbox.enqueue({ stream: 'a', kind: 'done', meta: meta('a') });
		await outbox.whenIdle();
		assert.deepEqual(sender.delivered, ['a:start', 'a:data@1', 'a:done']);
		assert.equal(outbox.getState().counters.retries, 2);
	});

	it('coalesces pending data events of one experiment into the newest step', async () => {
		const sender = new ScriptedSender();
		const outbox = make(sender);
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		for (let step = 0; step < 50; step++) {
			outbox.enqueue({ stream: 'a', kind: 'data', step, meta: meta('a') });
		}
		assert.ok(outbox.getState().pending <= 3);
		await outbox.whenIdle();
		assert.equal(sender.delivered.at(-1), 'a:data@49');
	});

	it('backs off exponentially with jitter of at most half the delay', async () => {
		for (const [random, expected] of [
			[0, [4, 8, 16, 20]],
			[1, [8, 16, 32, 40]],
		] as const) {
			const sender = new ScriptedSender();
			for (let i = 0; i < 4; i++) {
				sender.script.push({ kind: 'retryable', reason: 'network', message: 'down' });
			}
			const delays: number[] = [];
			const outbox = make(sender, {
				baseDelayMs: 8,
				maxDelayMs: 40,
				random: () => random,
				onRetry: (d) => delays.push(d),
			});
			outbox.enqueue({ stream: String(random), kind: 'start', meta: meta('a') });
			await outbox.whenIdle();
			assert.deepEqual(delays, expected);
		}
	});

	it('honours Retry-After over the backoff', async () => {
		const sender = new ScriptedSender();
		sender.script.push({ kind: 'retryable', reason: 'rate-limit', message: '429', retryAfterMs: 60 });
		const delays: number[] = [];
		const outbox = make(sender, { random: () => 0, onRetry: (delay) => delays.push(delay) });
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		await outbox.whenIdle();
		assert.deepEqual(delays, [60]);
	});

	it('stops only the failing stream on a fatal 4xx, with the message', async () => {
		const sender = new ScriptedSender();
		sender.script.push({ kind: 'fatal', auth: false, status: 400, message: 'Studio answered HTTP 400: bad' });
		const warnings: string[] = [];
		const outbox = make(sender, { onWarning: (w) => warnings.push(w) });
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		outbox.enqueue({ stream: 'a', kind: 'done', meta: meta('a') });
		outbox.enqueue({ stream: 'b', kind: 'start', meta: meta('b') });
		await outbox.whenIdle();
		assert.deepEqual(sender.delivered, ['b:start']);
		assert.deepEqual(outbox.getState().stopped, { a: 'Studio answered HTTP 400: bad' });
		assert.deepEqual(warnings, ['Studio answered HTTP 400: bad']);
		assert.equal(outbox.enqueue({ stream: 'a', kind: 'done', meta: meta('a') }).accepted, false);
	});

	it('pauses everything on 401 and calls back for a new sign-in; resumes after', async () => {
		const sender = new ScriptedSender();
		sender.script.push({ kind: 'fatal', auth: true, status: 401, message: 'HTTP 401' });
		let prompts = 0;
		const outbox = make(sender, { onAuthError: () => prompts++ });
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		await outbox.whenIdle();
		assert.equal(prompts, 1);
		assert.equal(outbox.getState().pending, 1);
		outbox.resumeAuth();
		await outbox.whenIdle();
		assert.deepEqual(sender.delivered, ['a:start']);
	});

	it('replays pending events after a restart and keeps accepted cursors', async () => {
		const first = make(new ScriptedSender(), { onAuthError: () => undefined });
		first.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		await first.whenIdle();
		// The process dies with events queued: simulate by pausing delivery through an auth error.
		const failing = new ScriptedSender();
		failing.script.push({ kind: 'fatal', auth: true, status: 401, message: 'x' });
		const second = make(failing, { onAuthError: () => undefined });
		second.enqueue({ stream: 'a', kind: 'data', step: 4, meta: meta('a') });
		second.enqueue({ stream: 'a', kind: 'done', meta: meta('a') });
		await second.whenIdle();
		second.dispose();
		const sender = new ScriptedSender();
		const third = make(sender);
		await third.whenIdle();
		assert.deepEqual(sender.delivered, ['a:data@4', 'a:done']);
	});

	it('survives a journal whose last line was torn by a crash', async () => {
		const first = make(new ScriptedSender(), { onAuthError: () => undefined });
		const failing = new ScriptedSender();
		failing.script.push({ kind: 'fatal', auth: true, status: 401, message: 'x' });
		first.dispose();
		const second = make(failing, { onAuthError: () => undefined });
		second.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		await second.whenIdle();
		// Simulate a crash: no dispose (no snapshot), and half an op appended.
		open.splice(open.indexOf(second), 1);
		appendFileSync(path.join(dir, 'journal.jsonl'), '{"op":"add","ev');
		const sender = new ScriptedSender();
		const third = make(sender);
		third.enqueue({ stream: 'a', kind: 'done', meta: meta('a') });
		await third.whenIdle();
		assert.deepEqual(sender.delivered, ['a:start', 'a:done']);
	});

	it('drops the oldest data event when full and counts it', () => {
		const sender = new ScriptedSender();
		const outbox = make(sender, { maxEvents: 3, concurrency: 1 });
		outbox.enqueue({ stream: 'a', kind: 'data', step: 1, meta: meta('a') });
		outbox.enqueue({ stream: 'b', kind: 'data', step: 1, meta: meta('b') });
		outbox.enqueue({ stream: 'c', kind: 'start', meta: meta('c') });
		const result = outbox.enqueue({ stream: 'd', kind: 'start', meta: meta('d') });
		assert.equal(result.accepted, true);
		assert.equal(outbox.getState().counters.dropped, 1);
		assert.deepEqual(
			outbox.pendingEvents().map((e) => e.stream),
			['a', 'c', 'd'],
			'the in-flight data event of a is kept, b is dropped',
		);
		const strict = new Outbox({
			dir: mkdtempSync(path.join(os.tmpdir(), 'runlens-outbox-')),
			sender,
			maxEvents: 1,
			overflow: 'error',
		});
		open.push(strict);
		strict.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		assert.equal(strict.enqueue({ stream: 'b', kind: 'start', meta: meta('b') }).accepted, false);
	});

	it('reports state changes for the UI', async () => {
		const outbox = make(new ScriptedSender());
		const pending: number[] = [];
		outbox.onDidChangeState((s) => pending.push(s.pending));
		outbox.enqueue({ stream: 'a', kind: 'start', meta: meta('a') });
		await outbox.whenIdle();
		assert.deepEqual([pending[0], pending.at(-1)], [1, 0]);
	});
});
