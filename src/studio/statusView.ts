/** What the Studio status bar item says for an outbox state (vscode-free, so it is unit-tested). */
import type { OutboxState } from './outbox';

/**
 * Text and tooltip lines (plain text) of the item, or undefined to hide it. Events the full outbox
 * dropped are counted in both, whatever the state.
 */
export function statusView(s: OutboxState, hasToken: boolean): { text: string; tooltip: string[] } | undefined {
	const view = baseView(s, hasToken);
	if (!view) {
		return undefined;
	}
	const dropped = s.counters.dropped;
	if (dropped === 0) {
		return { text: view.text, tooltip: [view.tooltip] };
	}
	return {
		text: `${view.text} (${dropped} dropped)`,
		tooltip: [
			view.tooltip,
			`${dropped} event(s) dropped because the outbox was full (runlens.studio.outbox.maxEvents).`,
		],
	};
}

/** Text and plain tooltip of the item for an outbox state, or undefined to hide it. */
function baseView(s: OutboxState, hasToken: boolean): { text: string; tooltip: string } | undefined {
	const stopped = Object.keys(s.stopped).length;
	if (s.authError || stopped > 0) {
		return {
			text: '$(error) Studio',
			tooltip: s.authError ?? `${stopped} experiment push(es) stopped: ${s.lastError ?? ''}`,
		};
	}
	if (s.blocked > 0) {
		return {
			text: `$(watch) Studio: pushing ${s.pending}, outbox full`,
			tooltip: `The outbox is full: ${s.blocked} push(es) wait for room${s.lastError ? ` (${s.lastError})` : ''}`,
		};
	}
	if (s.pending > 0) {
		return {
			text: `$(cloud-upload) Studio: pushing ${s.pending}`,
			tooltip: s.lastError ? `Retrying: ${s.lastError}` : 'Pushing to DVC Studio',
		};
	}
	if (hasToken && (s.counters.delivered > 0 || s.counters.dropped > 0)) {
		return { text: '$(cloud) Studio', tooltip: `Connected: ${s.counters.delivered} event(s) delivered` };
	}
	return undefined;
}
