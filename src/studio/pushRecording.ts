/**
 * Every Studio push outcome as a lifecycle event of its experiment (`studio push`, source `studio`),
 * wrapped around the outbox's sender.
 */
import type { ParamValue, RunEvent } from '../model/types';
import type { OutboxSender, SendOutcome } from './outbox';

/** The LifecycleRecorder's entry point for other features. */
export interface PushRecorder {
	record(experimentId: string, event: Omit<RunEvent, 'origin'>): unknown;
}

export const STUDIO_PUSH = 'studio push';
export const STUDIO_SOURCE = 'studio';

/**
 * Every push outcome lands in the experiment's lifecycle (`studio push`, source `studio`), except a
 * live run's accepted intermediate data posts: one per step would bury everything else.
 */
export function recordingSender(sender: OutboxSender, recorder: PushRecorder): OutboxSender {
	return {
		async send(event, cursor) {
			let outcome: SendOutcome;
			try {
				outcome = await sender.send(event, cursor);
			} catch (err) {
				recordPush(recorder, event.stream, { outcome: 'error', event: event.kind, message: String(err) }, event.step);
				throw err;
			}
			if (!(outcome.kind === 'ok' && event.kind === 'data' && !event.final)) {
				const metadata: Record<string, ParamValue> = { outcome: outcomeName(outcome), event: event.kind };
				if (outcome.kind !== 'ok') {
					metadata.message = outcome.message;
				}
				recordPush(recorder, event.stream, metadata, event.step);
			}
			return outcome;
		},
	};
}

/** A push that never reached the outbox (untrusted, not configured, outbox full). */
export function recordPushRefused(recorder: PushRecorder, experimentId: string, message: string): void {
	recordPush(recorder, experimentId, { outcome: 'refused', message });
}

function recordPush(
	recorder: PushRecorder,
	experimentId: string,
	metadata: Record<string, ParamValue>,
	step?: number,
): void {
	const withStep = step === undefined ? metadata : { ...metadata, step };
	recorder.record(experimentId, {
		name: STUDIO_PUSH,
		source: STUDIO_SOURCE,
		...(step === undefined ? {} : { step }),
		metadata: withStep,
	});
}

function outcomeName(outcome: SendOutcome): string {
	return outcome.kind === 'ok' ? 'accepted' : outcome.kind;
}
