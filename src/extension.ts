// First import: its module records when the bundle's code started to run.
import { markStartup } from './startupTimes';
import type * as vscode from 'vscode';
import { RunlensApp } from './app';
import type { RunlensApi } from './publicApi';

let app: RunlensApp | undefined;

export function activate(context: vscode.ExtensionContext): RunlensApi {
	markStartup('activateStart');
	app = new RunlensApp(context);
	context.subscriptions.push(app);
	markStartup('activateEnd');
	return app.api;
}

/** VS Code awaits this: the Studio outbox gets to flush or persist before the host goes away. */
export async function deactivate(): Promise<void> {
	await app?.close();
	app = undefined;
}
