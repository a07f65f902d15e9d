import * as vscode from 'vscode';
import type { RunlensConfig } from '../vscode/config';
import { activePythonInterpreter, onDidChangePythonInterpreter } from '../vscode/pythonExtension';
import { DvcCli } from './cli';

/** Context key: a working DVC CLI was found (run actions show only then). */
export const DVC_AVAILABLE_KEY = 'runlens.dvcAvailable';

/**
 * Creates the one DvcCli and keeps `runlens.dvcAvailable` true exactly while a dvc is found: it
 * looks again when `runlens.dvcPath`, the Python interpreter or workspace trust changes.
 */
export function createDvcCli(
	config: RunlensConfig,
	log: vscode.LogOutputChannel,
): { dvc: DvcCli; disposable: vscode.Disposable } {
	const dvc = new DvcCli({
		setting: () => config.dvcPath,
		pythonInterpreter: activePythonInterpreter,
		folders: () =>
			(vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
		isTrusted: () => vscode.workspace.isTrusted,
		log: (level, msg) => log[level](msg),
	});
	let disposed = false;
	const update = (): void => {
		dvc.invalidate();
		void dvc.find().then((found) => {
			if (!disposed) {
				void vscode.commands.executeCommand('setContext', DVC_AVAILABLE_KEY, found !== undefined);
			}
		});
	};
	const subscriptions: vscode.Disposable[] = [
		config.onDidChange((e) => (e.affects('dvcPath') ? update() : undefined)),
		vscode.workspace.onDidGrantWorkspaceTrust(update),
		vscode.workspace.onDidChangeWorkspaceFolders(update),
	];
	void onDidChangePythonInterpreter(update).then((d) => {
		if (disposed) {
			d.dispose();
		} else {
			subscriptions.push(d);
		}
	});
	update();
	return {
		dvc,
		disposable: new vscode.Disposable(() => {
			disposed = true;
			for (const s of subscriptions) {
				s.dispose();
			}
		}),
	};
}
