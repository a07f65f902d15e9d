import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ExperimentsModel } from '../model/api';
import type { GroupsConfig } from '../charts/groups';
import { setProgressGroups } from './progress';
import { runningSummary } from './running';
import { markdown } from './treeItems';

/** A status bar item for running runs; hidden when nothing runs. Click opens the charts. */
export class RunningStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('runlens.running', vscode.StatusBarAlignment.Left, 10);
	private readonly subscription: { dispose(): void };
	private readonly configSubscription: vscode.Disposable;

	constructor(private readonly model: ExperimentsModel) {
		this.item.name = 'Runlens: running experiments';
		this.item.command = CommandIds.showCharts;
		this.subscription = model.onDidChangeExperiments(() => this.update());
		// Progress metrics (`progress: true`) come from the chart groups setting, applied live.
		this.configSubscription = vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('runlens.charts.groups')) {
				this.readGroups();
				this.update();
			}
		});
		this.readGroups();
		this.update();
	}

	/** The current text, or undefined when hidden (for tests). */
	get text(): string | undefined {
		return runningSummary(this.model.getExperiments())?.text;
	}

	update(): void {
		const summary = runningSummary(this.model.getExperiments());
		if (!summary) {
			this.item.hide();
			return;
		}
		this.item.text = summary.text;
		this.item.tooltip = markdown(summary.tooltip);
		this.item.show();
	}

	private readGroups(): void {
		setProgressGroups(vscode.workspace.getConfiguration('runlens.charts').get<GroupsConfig>('groups', {}));
	}

	dispose(): void {
		this.configSubscription.dispose();
		this.subscription.dispose();
		this.item.dispose();
	}
}
