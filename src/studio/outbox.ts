/**
 * Asynchronous, persistent outbox of Studio events. Enqueueing never waits for the network; one
 * stream per experiment keeps its events in order; failures are retried with exponential backoff
 * and jitter (Retry-After honoured); a fatal answer stops only that stream (auth pauses all).
 *
 * Data events carry no rows: the sender builds the body at send time from the stream's cursor (what
 * Studio accepted), so a failed post's rows go with the next attempt and an accepted row never goes
 * twice. Consecutive pending data events coalesce into one, which also bounds memory.
 */
import { Emitter } from '../util/event';
import type { Disposable, Event } from '../util/event';
import type { PlotCursor } from './events';
import { emptyCursor } from './events';
import { retryDelay, sendSafely, within } from './outboxRetry';
import { RoomGate } from './outboxRoom';
import type { JournalOp, OutboxEvent, OutboxSnapshot } from './outboxStore';
import { applyOp as applyOpTo, OutboxStore } from './outboxStore';
import type { StreamState } from './outboxStreams';
import { coalesceTarget, overflowVictim, readyHeads, StreamTable } from './outboxStreams';
import type { ResolvedOutboxOptions } from './outboxOptions';
import { initialLimits, resolveOutboxOptions } from './outboxOptions';
import { OutboxStatus } from './outboxStatus';
import type { Delivery, EnqueueInput, EnqueueResult, OutboxLimits, OutboxOptions } from './outboxTypes';
import type { OutboxState, OverflowPolicy, SendOutcome } from './outboxTypes';

// Callers import the outbox's types from here (the split into outboxTypes is an internal detail).
export * from './outboxTypes';

export class Outbox implements Disposable {
	private readonly store: OutboxStore;
	private readonly state: OutboxSnapshot;
	private readonly streams = new StreamTable();
	private readonly changeEmitter = new Emitter<OutboxState>();
	private readonly idleWaiters: (() => void)[] = [];
	private readonly deliverEmitter = new Emitter<Delivery>();
	private readonly status = new OutboxStatus();
	private readonly counters = this.status.counters;
	private readonly opts: ResolvedOutboxOptions;
	private readonly room: RoomGate;
	private active = 0;
	private disposed = false;
	private closing = false;
	private readonly inFlight = new Set<Promise<void>>();

	readonly onDidChangeState: Event<OutboxState> = this.changeEmitter.event;
	readonly onDidDeliver: Event<Delivery> = this.deliverEmitter.event;

	constructor(options: OutboxOptions) {
		this.opts = resolveOutboxOptions(options);
		this.room = new RoomGate(initialLimits(this.opts));
		this.store = new OutboxStore(options.dir);
		this.state = this.store.load();
		// Pending events of the previous session are replayed as soon as the caller lets the loop run.
		queueMicrotask(() => this.pump());
	}

	get overflow(): OverflowPolicy {
		return this.room.limits.overflow;
	}

	/** Settings changed: applies at once (more room or another policy wakes waiting enqueues). */
	setLimits(limits: Partial<OutboxLimits>): void {
		this.room.setLimits(limits);
		this.notifyRoom();
	}

	/** Like `enqueue`, but with policy block a full outbox makes it wait (asynchronously) for room. */
	async enqueueWhenRoom(input: EnqueueInput): Promise<EnqueueResult> {
		for (;;) {
			const result = this.enqueue(input);
			if (result.accepted || !result.full || this.room.limits.overflow !== 'block') {
				return result;
			}
			await this.whenRoom();
		}
	}

	/** Resolves once an event fits (or the outbox closed); waiters are woken one per free slot, in order. */
	whenRoom(): Promise<void> {
		return this.room.wait(this.state.events.length);
	}

	link(stream: string): string | undefined {
		return this.status.links.get(stream);
	}

	enqueue(input: EnqueueInput): EnqueueResult {
		if (this.disposed) {
			return { accepted: false, reason: 'The Studio outbox is closed.' };
		}
		const stopped = this.state.stopped[input.stream];
		if (stopped !== undefined) {
			return { accepted: false, reason: stopped };
		}
		const coalesced = input.kind === 'data' ? this.coalesce(input) : undefined;
		if (coalesced !== undefined) {
			return { accepted: true, seq: coalesced };
		}
		if (!this.room.hasRoom(this.state.events.length) && !this.makeRoom()) {
			return { accepted: false, full: true, reason: this.room.fullReason() };
		}
		const event: OutboxEvent = { ...input, seq: this.state.nextSeq++, queuedAt: Date.now() };
		this.record({ op: 'add', event });
		this.changed();
		this.pump();
		return { accepted: true, seq: event.seq };
	}

	cursor(stream: string): PlotCursor {
		return this.state.cursors[stream] ?? emptyCursor();
	}

	getState(): OutboxState {
		const { events, stopped } = this.state;
		return this.status.snapshot({ pending: events.length, inFlight: this.active, stopped, blocked: this.room.blocked });
	}

	pendingEvents(): readonly OutboxEvent[] {
		return this.state.events;
	}

	/** After a new sign-in: resume every stream paused by 401/403. */
	resumeAuth(): void {
		this.status.authError = undefined;
		this.changed();
		this.pump();
	}

	/** Lets a stopped stream accept events again (e.g. after the user fixed the cause). */
	restartStream(stream: string): void {
		if (this.state.stopped[stream] !== undefined) {
			this.record({ op: 'stop', stream });
			this.changed();
		}
	}

	/** Resolves when nothing is pending or in flight (or the outbox is paused by an auth error). */
	whenIdle(): Promise<void> {
		return this.isIdle() ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/**
	 * Close strategy, all within `timeoutMs`: deliver for most of it, then start nothing new and give
	 * requests in flight the rest so their acceptance is recorded; persist what is left. A request still
	 * unanswered keeps its event pending (replayed next start: at worst Studio gets it twice).
	 */
	async flushAndClose(timeoutMs: number): Promise<boolean> {
		const settleMs = Math.min(1000, timeoutMs / 4);
		await within(this.whenIdle(), timeoutMs - settleMs);
		this.closing = true;
		await within(this.whenSettled(), settleMs);
		this.dispose();
		return this.state.events.length === 0;
	}

	/** Requests already sent have been answered (or failed); nothing of this outbox is on the wire. */
	async whenSettled(): Promise<void> {
		await Promise.all([...this.inFlight]);
	}

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		this.streams.clearTimers();
		this.store.compact(this.state);
		this.changeEmitter.dispose();
		this.deliverEmitter.dispose();
		this.idleWaiters.splice(0).forEach((resolve) => resolve());
		this.room.releaseAll();
	}

	/** The newest meta goes with the merge: a run's file list grows while it runs. */
	private coalesce({ stream, step, final, meta }: EnqueueInput): number | undefined {
		const last = coalesceTarget(this.state.events, stream, this.streams);
		if (!last) {
			return undefined;
		}
		this.record({ op: 'update', seq: last.seq, step: step ?? last.step, final: final || last.final, meta });
		return last.seq;
	}

	private notifyRoom(): void {
		this.room.notify(this.state.events.length, this.disposed);
	}

	/** Policy dropOldestData: the dropped event's rows are not lost, the stream's next data event sends them. */
	private makeRoom(): boolean {
		if (this.room.limits.overflow !== 'dropOldestData') {
			return false;
		}
		const victim = overflowVictim(this.state.events, this.streams);
		if (!victim) {
			return false;
		}
		this.record({ op: 'drop', seq: victim.seq });
		this.counters.dropped++;
		this.opts.onDrop?.(victim, this.counters.dropped);
		return true;
	}

	private record(op: JournalOp): void {
		// In-memory state first, then the journal: the same function replays it on load.
		applyOpTo(this.state, op);
		this.store.append(op, () => this.state);
	}

	private pump(): void {
		// All slots busy: skip the scan for stream heads (it is linear in the queue, and runs per enqueue).
		if (this.disposed || this.closing || this.status.authError !== undefined || this.active >= this.opts.concurrency) {
			this.notifyIdle();
			return;
		}
		for (const [event, s] of readyHeads(this.state.events, this.streams, () => this.opts.concurrency - this.active)) {
			const delivery = this.deliver(event, s);
			this.inFlight.add(delivery);
			void delivery.finally(() => this.inFlight.delete(delivery));
		}
		this.notifyIdle();
	}

	private async deliver(event: OutboxEvent, s: StreamState): Promise<void> {
		s.busy = true;
		this.active++;
		this.counters.attempts++;
		const outcome = await sendSafely(this.opts.sender, { ...event }, this.cursor(event.stream));
		s.busy = false;
		this.active--;
		if (!this.disposed) {
			this.handle(event, s, outcome);
		}
	}

	private handle(event: OutboxEvent, s: StreamState, outcome: SendOutcome): void {
		if (outcome.kind === 'ok') {
			s.attempt = 0;
			this.acknowledge(event, outcome);
		} else if (outcome.kind === 'retryable') {
			if (outcome.cursor) {
				this.record({ op: 'progress', stream: event.stream, cursor: outcome.cursor });
			}
			this.counters.retries++;
			this.status.lastError = outcome.message;
			s.attempt++;
			this.scheduleRetry(s, outcome.retryAfterMs, outcome.message);
		} else if (outcome.kind === 'fatal' && outcome.auth) {
			this.status.lastError = outcome.message;
			this.status.authError = outcome.message;
			this.opts.onAuthError?.(outcome.message);
		} else {
			this.stopStream(event.stream, outcome.message);
		}
		this.notifyRoom();
		this.changed();
		this.pump();
	}

	private acknowledge(event: OutboxEvent, outcome: Extract<SendOutcome, { kind: 'ok' }>): void {
		const waitedMs = this.status.countDelivered(event);
		outcome.warnings?.forEach((w) => this.opts.onWarning?.(w));
		const cursor = outcome.cursor ? { cursor: outcome.cursor } : {};
		// Recording the cursor is what makes the accepted rows never go twice, even after a restart.
		this.record({ op: 'ack', seq: event.seq, stream: event.stream, ...cursor });
		if (outcome.link !== undefined) {
			this.status.links.set(event.stream, outcome.link);
		}
		const link = outcome.link === undefined ? {} : { link: outcome.link };
		this.deliverEmitter.fire({ event, waitedMs, ...link });
	}

	private scheduleRetry(s: StreamState, retryAfterMs: number | undefined, message: string): void {
		const delay = retryDelay(s.attempt, retryAfterMs, this.opts);
		this.opts.onRetry?.(delay, message);
		s.waiting = setTimeout(() => {
			s.waiting = undefined;
			this.pump();
		}, delay);
	}

	private stopStream(stream: string, message: string): void {
		this.status.lastError = message;
		for (const e of this.state.events.filter((ev) => ev.stream === stream)) {
			this.record({ op: 'drop', seq: e.seq });
		}
		this.record({ op: 'stop', stream, message });
		this.opts.onWarning?.(message);
	}

	private isIdle(): boolean {
		return (
			this.disposed || this.status.authError !== undefined || (this.active === 0 && this.state.events.length === 0)
		);
	}

	private notifyIdle(): void {
		if (this.isIdle()) {
			this.idleWaiters.splice(0).forEach((resolve) => resolve());
		}
	}

	private changed(): void {
		if (!this.disposed) {
			this.changeEmitter.fire(this.getState());
		}
	}
}
