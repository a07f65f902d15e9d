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
import type { JournalOp, OutboxEvent, OutboxSnapshot } from './outboxStore';
import { applyOp as applyOpTo, OutboxStore } from './outboxStore';
import type {
	Delivery,
	EnqueueInput,
	EnqueueResult,
	OutboxCounters,
	OutboxLimits,
	OutboxOptions,
	OutboxState,
	OverflowPolicy,
	SendOutcome,
} from './outboxTypes';

export type {
	Delivery,
	EnqueueInput,
	EnqueueResult,
	OutboxCounters,
	OutboxLimits,
	OutboxOptions,
	OutboxSender,
	OutboxState,
	OverflowPolicy,
	SendOutcome,
} from './outboxTypes';
export { OVERFLOW_POLICIES } from './outboxTypes';

interface StreamState {
	busy: boolean;
	waiting?: NodeJS.Timeout;
	attempt: number;
}

export class Outbox implements Disposable {
	private readonly store: OutboxStore;
	private readonly state: OutboxSnapshot;
	private readonly streams = new Map<string, StreamState>();
	private readonly changeEmitter = new Emitter<OutboxState>();
	private readonly idleWaiters: (() => void)[] = [];
	private readonly roomWaiters: (() => void)[] = [];
	private readonly links = new Map<string, string>();
	private readonly deliverEmitter = new Emitter<Delivery>();
	private readonly counters: OutboxCounters = { delivered: 0, attempts: 0, retries: 0, dropped: 0, waitedMs: 0 };
	private readonly opts: Required<Omit<OutboxOptions, 'onAuthError' | 'onWarning' | 'onRetry' | 'onDrop'>> &
		OutboxOptions;
	private limits: OutboxLimits;
	private active = 0;
	private lastError: string | undefined;
	private authError: string | undefined;
	private disposed = false;
	private closing = false;
	private readonly inFlight = new Set<Promise<void>>();

	readonly onDidChangeState: Event<OutboxState> = this.changeEmitter.event;
	readonly onDidDeliver: Event<Delivery> = this.deliverEmitter.event;

	constructor(options: OutboxOptions) {
		this.opts = {
			baseDelayMs: 500,
			maxDelayMs: 60_000,
			maxEvents: 10_000,
			overflow: 'dropOldestData',
			concurrency: 4,
			random: Math.random,
			...options,
		};
		this.limits = { maxEvents: Math.max(1, this.opts.maxEvents), overflow: this.opts.overflow };
		this.store = new OutboxStore(options.dir);
		this.state = this.store.load();
		// Pending events of the previous session are replayed as soon as the caller lets the loop run.
		queueMicrotask(() => this.pump());
	}

	get overflow(): OverflowPolicy {
		return this.limits.overflow;
	}

	/** Settings changed: applies at once (more room or another policy wakes waiting enqueues). */
	setLimits(limits: Partial<OutboxLimits>): void {
		this.limits = {
			maxEvents: Math.max(1, Math.floor(limits.maxEvents ?? this.limits.maxEvents)),
			overflow: limits.overflow ?? this.limits.overflow,
		};
		this.notifyRoom();
	}

	/** Like `enqueue`, but with policy block a full outbox makes it wait (asynchronously) for room. */
	async enqueueWhenRoom(input: EnqueueInput): Promise<EnqueueResult> {
		for (;;) {
			const result = this.enqueue(input);
			if (result.accepted || !result.full || this.limits.overflow !== 'block') {
				return result;
			}
			await this.whenRoom();
		}
	}

	/** Resolves once an event fits (or the outbox closed); waiters are woken one per free slot, in order. */
	whenRoom(): Promise<void> {
		return this.hasRoom() ? Promise.resolve() : new Promise((resolve) => this.roomWaiters.push(resolve));
	}

	link(stream: string): string | undefined {
		return this.links.get(stream);
	}

	enqueue(input: EnqueueInput): EnqueueResult {
		if (this.disposed) {
			return { accepted: false, reason: 'The Studio outbox is closed.' };
		}
		const stopped = this.state.stopped[input.stream];
		if (stopped !== undefined) {
			return { accepted: false, reason: stopped };
		}
		const coalesced = input.kind === 'data' ? this.coalesce(input.stream, input.step, input.final) : undefined;
		if (coalesced !== undefined) {
			return { accepted: true, seq: coalesced };
		}
		if (!this.hasRoom() && !this.makeRoom()) {
			const waiting = this.limits.overflow === 'block' ? ': waiting for room' : '';
			return {
				accepted: false,
				full: true,
				reason: `The Studio outbox is full (${this.limits.maxEvents} events)${waiting}.`,
			};
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
		const state: OutboxState = {
			pending: this.state.events.length,
			inFlight: this.active,
			stopped: { ...this.state.stopped },
			counters: { ...this.counters },
			blocked: this.roomWaiters.length,
			links: Object.fromEntries(this.links),
		};
		if (this.lastError !== undefined) {
			state.lastError = this.lastError;
		}
		if (this.authError !== undefined) {
			state.authError = this.authError;
		}
		return state;
	}

	pendingEvents(): readonly OutboxEvent[] {
		return this.state.events;
	}

	/** After a new sign-in: resume every stream paused by 401/403. */
	resumeAuth(): void {
		this.authError = undefined;
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
		await within(Promise.all([...this.inFlight]), settleMs);
		this.dispose();
		return this.state.events.length === 0;
	}

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		for (const stream of this.streams.values()) {
			clearTimeout(stream.waiting);
		}
		this.store.compact(this.state);
		this.changeEmitter.dispose();
		this.deliverEmitter.dispose();
		this.idleWaiters.splice(0).forEach((resolve) => resolve());
		this.roomWaiters.splice(0).forEach((resolve) => resolve());
	}

	private coalesce(stream: string, step: number | undefined, final: boolean | undefined): number | undefined {
		const last = this.lastOf(stream);
		const busy = this.streams.get(stream)?.busy && this.headOf(stream)?.seq === last?.seq;
		if (!last || last.kind !== 'data' || busy) {
			return undefined;
		}
		this.record({ op: 'update', seq: last.seq, step: step ?? last.step, final: final || last.final });
		return last.seq;
	}

	private lastOf(stream: string): OutboxEvent | undefined {
		const events = this.state.events;
		for (let i = events.length - 1; i >= 0; i--) {
			if (events[i].stream === stream) {
				return events[i];
			}
		}
		return undefined;
	}

	private hasRoom(): boolean {
		return this.state.events.length < this.limits.maxEvents;
	}

	private notifyRoom(): void {
		let free = this.disposed ? Infinity : this.limits.maxEvents - this.state.events.length;
		if (this.limits.overflow !== 'block') {
			free = Infinity;
		}
		while (free-- > 0 && this.roomWaiters.length > 0) {
			this.roomWaiters.shift()?.();
		}
	}

	private makeRoom(): boolean {
		if (this.limits.overflow !== 'dropOldestData') {
			return false;
		}
		const victim = this.state.events.find(
			(e) => e.kind === 'data' && !(this.streams.get(e.stream)?.busy && this.headOf(e.stream) === e),
		);
		if (!victim) {
			return false;
		}
		this.record({ op: 'drop', seq: victim.seq });
		this.counters.dropped++;
		this.opts.onDrop?.(victim, this.counters.dropped);
		return true;
	}

	private headOf(stream: string): OutboxEvent | undefined {
		return this.state.events.find((e) => e.stream === stream);
	}

	private record(op: JournalOp): void {
		// In-memory state first, then the journal: the same function replays it on load.
		applyOpTo(this.state, op);
		this.store.append(op, () => this.state);
	}

	private streamState(stream: string): StreamState {
		let s = this.streams.get(stream);
		if (!s) {
			s = { busy: false, attempt: 0 };
			this.streams.set(stream, s);
		}
		return s;
	}

	private pump(): void {
		// All slots busy: skip the scan for stream heads (it is linear in the queue, and runs per enqueue).
		if (this.disposed || this.closing || this.authError !== undefined || this.active >= this.opts.concurrency) {
			this.notifyIdle();
			return;
		}
		const heads = new Map<string, OutboxEvent>();
		for (const event of this.state.events) {
			if (!heads.has(event.stream)) {
				heads.set(event.stream, event);
			}
		}
		for (const [stream, event] of heads) {
			const s = this.streamState(stream);
			if (this.active >= this.opts.concurrency) {
				break;
			}
			if (!s.busy && !s.waiting) {
				const delivery = this.deliver(event, s);
				this.inFlight.add(delivery);
				void delivery.finally(() => this.inFlight.delete(delivery));
			}
		}
		this.notifyIdle();
	}

	private async deliver(event: OutboxEvent, s: StreamState): Promise<void> {
		s.busy = true;
		this.active++;
		this.counters.attempts++;
		let outcome: SendOutcome;
		try {
			outcome = await this.opts.sender.send({ ...event }, this.cursor(event.stream));
		} catch (err) {
			outcome = { kind: 'retryable', reason: 'network', message: `Studio push failed: ${(err as Error).message}` };
		}
		s.busy = false;
		this.active--;
		if (!this.disposed) {
			this.handle(event, s, outcome);
		}
	}

	private handle(event: OutboxEvent, s: StreamState, outcome: SendOutcome): void {
		if (outcome.kind === 'ok') {
			s.attempt = 0;
			this.counters.delivered++;
			const waitedMs = Date.now() - event.queuedAt;
			this.counters.waitedMs += waitedMs;
			outcome.warnings?.forEach((w) => this.opts.onWarning?.(w));
			const cursor = outcome.cursor ? { cursor: outcome.cursor } : {};
			this.record({ op: 'ack', seq: event.seq, stream: event.stream, ...cursor });
			if (outcome.link !== undefined) {
				this.links.set(event.stream, outcome.link);
			}
			this.deliverEmitter.fire(
				outcome.link === undefined ? { event, waitedMs } : { event, waitedMs, link: outcome.link },
			);
		} else if (outcome.kind === 'retryable') {
			this.counters.retries++;
			this.lastError = outcome.message;
			s.attempt++;
			this.scheduleRetry(s, outcome.retryAfterMs, outcome.message);
		} else if (outcome.kind === 'fatal' && outcome.auth) {
			this.lastError = outcome.message;
			this.authError = outcome.message;
			this.opts.onAuthError?.(outcome.message);
		} else {
			this.stopStream(event.stream, outcome.message);
		}
		this.notifyRoom();
		this.changed();
		this.pump();
	}

	private scheduleRetry(s: StreamState, retryAfterMs: number | undefined, message: string): void {
		const exp = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** Math.min(s.attempt - 1, 30));
		// "Equal jitter": at least half the backoff, so retries never collapse to zero delay.
		const backoff = exp / 2 + (this.opts.random() * exp) / 2;
		const delay =
			retryAfterMs === undefined ? backoff : Math.min(Math.max(retryAfterMs, backoff), this.opts.maxDelayMs * 10);
		this.opts.onRetry?.(delay, message);
		s.waiting = setTimeout(() => {
			s.waiting = undefined;
			this.pump();
		}, delay);
	}

	private stopStream(stream: string, message: string): void {
		this.lastError = message;
		for (const e of this.state.events.filter((ev) => ev.stream === stream)) {
			this.record({ op: 'drop', seq: e.seq });
		}
		this.record({ op: 'stop', stream, message });
		this.opts.onWarning?.(message);
	}

	private isIdle(): boolean {
		return this.disposed || this.authError !== undefined || (this.active === 0 && this.state.events.length === 0);
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

function within(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
	return Promise.race([promise.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
