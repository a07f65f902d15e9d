import * as vscode from 'vscode';
import { DisposableStore } from './util/disposable';
import { CommandIds } from './commands/ids';
import type { RunlensApi } from './publicApi';

/** Composition root: builds every service and owns every disposable. */
export class RunlensApp implements vscode.Disposable {
	readonly api: RunlensApi;
	private readonly store = new DisposableStore();

	constructor(context: vscode.ExtensionContext) {
		const log = this.store.add(vscode.window.createOutputChannel('Runlens', { log: true }));
		this.store.add(vscode.commands.registerCommand(CommandIds.showOutput, () => log.show()));
		void context;
		this.api = { version: 1 } as unknown as RunlensApi;
	}

	dispose(): void {
		this.store.dispose();
	}
}
