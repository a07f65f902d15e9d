/** Types of the Studio outbox (src/studio/outbox.ts), apart so the outbox itself stays readable. */
import type { PostOutcome } from './client';
import type { EventMeta, PlotCursor } from './events';
import type { EventKind, OutboxEvent } from './outboxStore';

export type SendOutcome =
	| { kind: 'ok'; cursor?: PlotCursor; warnings?: string[]; link?: string }
	/** `cursor`: what Studio accepted before the failure (kept, so it is not sent again after a restart). */
	| (Exclude<PostOutcome, { kind: 'ok' }> & { cursor?: PlotCursor })
	| { kind: 'invalid'; message: string };

export interface OutboxSender {
	send(event: OutboxEvent, cursor: PlotCursor): Promise<SendOutcome>;
}

/**
 * When the outbox holds `maxEvents`: drop the oldest pending data event (its rows go with the
 * stream's next data event), make enqueueing wait for room (`enqueueWhenRoom`; the live pusher
 * coalesces meanwhile), or refuse the event.
 */
export type OverflowPolicy = 'dropOldestData' | 'block' | 'error';
export const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['dropOldestData', 'block', 'error'];

export interface OutboxLimits {
	maxEvents: number;
	overflow: OverflowPolicy;
}

/** An accepted event: how long it waited from enqueue to acceptance, and Studio's link if it sent one. */
export interface Delivery {
	event: OutboxEvent;
	waitedMs: number;
	link?: string;
}

export interface OutboxOptions {
	dir: string;
	sender: OutboxSender;
	baseDelayMs?: number;
	maxDelayMs?: number;
	maxEvents?: number;
	overflow?: OverflowPolicy;
	concurrency?: number;
	random?: () => number;
	onAuthError?: (message: string) => void;
	onWarning?: (message: string) => void;
	/** The outbox was full and dropped `event` (policy dropOldestData); `dropped` counts this session's. */
	onDrop?: (event: OutboxEvent, dropped: number) => void;
	/** A retry was scheduled after `delayMs` (for the log). */
	onRetry?: (delayMs: number, message: string) => void;
}

export interface OutboxState {
	pending: number;
	inFlight: number;
	lastError?: string;
	authError?: string;
	stopped: Record<string, string>;
	counters: OutboxCounters;
	/** Enqueues waiting for room (overflow policy block). */
	blocked: number;
	/** Studio's page of each experiment that got one in an `api/live` answer. */
	links: Record<string, string>;
}

export interface OutboxCounters {
	delivered: number;
	attempts: number;
	retries: number;
	dropped: number;
	/** Sum of ms events waited from enqueue to acceptance (mean = waitedMs / delivered). */
	waitedMs: number;
}

/** `full`: refused for lack of room (policy block or error), not because the stream or outbox is closed. */
export type EnqueueResult = { accepted: true; seq: number } | { accepted: false; reason: string; full?: boolean };

export type EnqueueInput = { stream: string; kind: EventKind; meta: EventMeta; step?: number; final?: boolean };
