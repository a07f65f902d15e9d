/** Defaults of the Studio outbox's options, apart so tuning them does not mean reading the delivery loop. */
import type { OutboxLimits, OutboxOptions } from './outboxTypes';

/** Every tunable set; the callbacks stay optional because nobody has to listen. */
export type ResolvedOutboxOptions = Required<Omit<OutboxOptions, 'onAuthError' | 'onWarning' | 'onRetry' | 'onDrop'>> &
	OutboxOptions;

export function resolveOutboxOptions(options: OutboxOptions): ResolvedOutboxOptions {
	return {
		baseDelayMs: 500,
		maxDelayMs: 60_000,
		maxEvents: 10_000,
		overflow: 'dropOldestData',
		concurrency: 4,
		random: Math.random,
		...options,
	};
}

/** A limit below one event would refuse everything, so the smallest outbox holds one. */
export function initialLimits(opts: ResolvedOutboxOptions): OutboxLimits {
	return { maxEvents: Math.max(1, opts.maxEvents), overflow: opts.overflow };
}
