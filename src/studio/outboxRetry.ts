/** Retry policy of the Studio outbox: backoff, bounded waits and what counts as retryable. */
import type { PlotCursor } from './events';
import type { OutboxEvent } from './outboxStore';
import type { OutboxSender, SendOutcome } from './outboxTypes';

export interface BackoffOptions {
	baseDelayMs: number;
	maxDelayMs: number;
	random: () => number;
}

/**
 * Delay before retry number `attempt` (1-based). Exponential, capped at `maxDelayMs`; a server's
 * Retry-After is honoured but never shortens our backoff, and is capped so a hostile value cannot park
 * a stream for hours.
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, opts: BackoffOptions): number {
	// The exponent is capped so 2 ** n cannot overflow to Infinity after many attempts.
	const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
	// "Equal jitter": at least half the backoff, so retries never collapse to zero delay.
	const backoff = exp / 2 + (opts.random() * exp) / 2;
	return retryAfterMs === undefined ? backoff : Math.min(Math.max(retryAfterMs, backoff), opts.maxDelayMs * 10);
}

/** Waits for `promise` but at most `ms`; never rejects, so closing cannot hang or throw on a bad request. */
export function within(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
	return Promise.race([promise.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/** A sender that throws (a bug or an unexpected network error) must not wedge its stream: retry it like a failed post. */
export async function sendSafely(sender: OutboxSender, event: OutboxEvent, cursor: PlotCursor): Promise<SendOutcome> {
	try {
		return await sender.send(event, cursor);
	} catch (err) {
		return { kind: 'retryable', reason: 'network', message: `Studio push failed: ${(err as Error).message}` };
	}
}
