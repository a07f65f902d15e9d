/**
 * The Studio status bar item: connected, pushing N, waiting for room, error; the count of events the
 * full outbox dropped; links to the experiments Studio named in its answers.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { Outbox, OutboxState } from './outbox';

export class StudioStatus implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('runlens.studio', vscode.StatusBarAlignment.Left, 9);
	private readonly subscription: { dispose(): void };

	constructor(
		private readonly outbox: Outbox,
		private readonly hasToken: () => boolean,
		private readonly nameOf: (experimentId: string) => string | undefined,
	) {
		this.item.name = 'Runlens: DVC Studio';
		this.item.command = CommandIds.showOutput;
		this.subscription = outbox.onDidChangeState(() => this.update());
		this.update();
	}

	update(): void {
		const s = this.outbox.getState();
		const view = statusView(s, this.hasToken());
		if (!view) {
			this.item.hide();
			return;
		}
		const dropped = s.counters.dropped > 0 ? ` (${s.counters.dropped} dropped)` : '';
		this.item.text = `${view.text}${dropped}`;
		const tooltip = new vscode.MarkdownString(escape(view.tooltip));
		if (s.counters.dropped > 0) {
			tooltip.appendMarkdown(
				`\n\n${s.counters.dropped} event(s) dropped because the outbox was full (runlens.studio.outbox.maxEvents).`,
			);
		}
		for (const [id, url] of Object.entries(s.links)) {
			tooltip.appendMarkdown(`\n\n[${escape(this.nameOf(id) ?? id)} in Studio](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`);
		}
		this.item.tooltip = tooltip;
		this.item.show();
	}

	dispose(): void {
		this.subscription.dispose();
		this.item.dispose();
	}
}

/** Text and plain tooltip of the item for an outbox state, or undefined to hide it. */
export function statusView(s: OutboxState, hasToken: boolean): { text: string; tooltip: string } | undefined {
	const stopped = Object.keys(s.stopped).length;
	if (s.authError || stopped > 0) {
		return { text: '$(error) Studio', tooltip: s.authError ?? `${stopped} experiment push(es) stopped: ${s.lastError ?? ''}` };
	}
	if (s.blocked > 0) {
		return {
			text: `$(watch) Studio: pushing ${s.pending}, ${s.blocked} waiting`,
			tooltip: `The outbox is full: ${s.blocked} event(s) wait for room${s.lastError ? ` (${s.lastError})` : ''}`,
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

function escape(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
