import type * as vscode from 'vscode';
import { RunlensApp } from './app';
import type { RunlensApi } from './publicApi';

let app: RunlensApp | undefined;

export function activate(context: vscode.ExtensionContext): RunlensApi {
	app = new RunlensApp(context);
	context.subscriptions.push(app);
	return app.api;
}

export function deactivate(): void {
	app = undefined;
}
