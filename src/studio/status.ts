/**
 * The Studio status bar item: connected, pushing N, waiting for room, error; the count of events the
 * full outbox dropped; links to the experiments Studio named in its answers.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { Outbox } from './outbox';
import { statusView } from './statusView';

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
		this.item.text = view.text;
		const tooltip = new vscode.MarkdownString(view.tooltip.map(escape).join('\n\n'));
		for (const [id, url] of Object.entries(s.links)) {
			tooltip.appendMarkdown(
				`\n\n[${escape(this.nameOf(id) ?? id)} in Studio](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`,
			);
		}
		this.item.tooltip = tooltip;
		this.item.show();
	}

	dispose(): void {
		this.subscription.dispose();
		this.item.dispose();
	}
}

function escape(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
