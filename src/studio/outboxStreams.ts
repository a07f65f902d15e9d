/**
 * Per-stream bookkeeping of the Studio outbox. A stream (one experiment) sends one event at a time, in
 * order, so its head event is the only one that may be in flight; these helpers answer which event that
 * is and whether it may still be changed (coalesced into) or dropped.
 */
import type { OutboxEvent } from './outboxStore';

export interface StreamState {
	busy: boolean;
	waiting?: NodeJS.Timeout;
	attempt: number;
}

export class StreamTable {
	private readonly streams = new Map<string, StreamState>();

	/** The stream's state, created on first use so every stream that ever had a head is tracked. */
	get(stream: string): StreamState {
		let s = this.streams.get(stream);
		if (!s) {
			s = { busy: false, attempt: 0 };
			this.streams.set(stream, s);
		}
		return s;
	}

	isBusy(stream: string): boolean {
		return this.streams.get(stream)?.busy ?? false;
	}

	/** Pending retries must not fire after close: they would send from a disposed outbox. */
	clearTimers(): void {
		for (const stream of this.streams.values()) {
			clearTimeout(stream.waiting);
		}
	}
}

export function headOf(events: readonly OutboxEvent[], stream: string): OutboxEvent | undefined {
	return events.find((e) => e.stream === stream);
}

export function lastOf(events: readonly OutboxEvent[], stream: string): OutboxEvent | undefined {
	for (let i = events.length - 1; i >= 0; i--) {
		if (events[i].stream === stream) {
			return events[i];
		}
	}
	return undefined;
}

/** The first pending event of each stream, in queue order (so older streams get the free slots first). */
export function streamHeads(events: readonly OutboxEvent[]): Map<string, OutboxEvent> {
	const heads = new Map<string, OutboxEvent>();
	for (const event of events) {
		if (!heads.has(event.stream)) {
			heads.set(event.stream, event);
		}
	}
	return heads;
}

/**
 * Heads that may start now: not in flight, not waiting for a retry, at most `slots()` of them. Lazy,
 * because `slots()` shrinks as the caller starts each delivery.
 */
export function* readyHeads(
	events: readonly OutboxEvent[],
	table: StreamTable,
	slots: () => number,
): Generator<[OutboxEvent, StreamState]> {
	for (const [stream, event] of streamHeads(events)) {
		const s = table.get(stream);
		if (slots() <= 0) {
			break;
		}
		if (!s.busy && !s.waiting) {
			yield [event, s];
		}
	}
}

/**
 * The pending data event a new data event of `stream` can merge into: the stream's last event, if it
 * is data and not the one being sent right now (its body is already built, so a merge would be lost).
 */
export function coalesceTarget(
	events: readonly OutboxEvent[],
	stream: string,
	table: StreamTable,
): OutboxEvent | undefined {
	const last = lastOf(events, stream);
	const busy = table.isBusy(stream) && headOf(events, stream)?.seq === last?.seq;
	return !last || last.kind !== 'data' || busy ? undefined : last;
}

/** The oldest data event that may be dropped for room: any but one being sent (dropping it would lose its ack). */
export function overflowVictim(events: readonly OutboxEvent[], table: StreamTable): OutboxEvent | undefined {
	return events.find((e) => e.kind === 'data' && !(table.isBusy(e.stream) && headOf(events, e.stream) === e));
}
