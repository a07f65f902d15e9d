/** What the Studio outbox reports about itself: this session's counters, the last errors and Studio's links. */
import type { OutboxEvent } from './outboxStore';
import type { OutboxCounters, OutboxState } from './outboxTypes';

/** Live figures owned by the outbox; the queue-derived ones are passed in when a snapshot is taken. */
export interface QueueFigures {
	pending: number;
	inFlight: number;
	stopped: Record<string, string>;
	blocked: number;
}

export class OutboxStatus {
	readonly counters: OutboxCounters = { delivered: 0, attempts: 0, retries: 0, dropped: 0, waitedMs: 0 };
	readonly links = new Map<string, string>();
	lastError: string | undefined;
	/** Set while Studio refuses our token: every stream waits for a new sign-in. */
	authError: string | undefined;

	/** Counts an accepted event and returns how long it waited (the mean wait is shown to the user). */
	countDelivered(event: OutboxEvent): number {
		this.counters.delivered++;
		const waitedMs = Date.now() - event.queuedAt;
		this.counters.waitedMs += waitedMs;
		return waitedMs;
	}

	/** Copies everything, so listeners cannot change the outbox through the state they are given. */
	snapshot(queue: QueueFigures): OutboxState {
		const state: OutboxState = {
			pending: queue.pending,
			inFlight: queue.inFlight,
			stopped: { ...queue.stopped },
			counters: { ...this.counters },
			blocked: queue.blocked,
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
}
