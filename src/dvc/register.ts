import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
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
): { dvc: DvcCli; disposable: vscode.Disposable; available: () => boolean | undefined } {
	const dvc = new DvcCli({
		setting: () => config.dvcPath,
		pythonInterpreter: activePythonInterpreter,
		folders: () =>
			(vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
		isTrusted: () => vscode.workspace.isTrusted,
		log: (level, msg) => log[level](msg),
	});
	let disposed = false;
	// The value last given to the context key (undefined until the first look-up ends): tests read it.
	let available: boolean | undefined;
	let generation = 0;
	const update = (): void => {
		dvc.invalidate();
		const mine = ++generation;
		void dvc.find().then((found) => {
			// Only the latest look-up sets the key: an older, slower one must not overwrite it.
			if (!disposed && mine === generation) {
				available = found !== undefined;
				void vscode.commands.executeCommand('setContext', DVC_AVAILABLE_KEY, available);
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
	subscriptions.push(vscode.commands.registerCommand(CommandIds.dvcSetup, () => setUp(dvc, update)));
	update();
	return {
		dvc,
		available: () => available,
		disposable: new vscode.Disposable(() => {
			disposed = true;
			for (const s of subscriptions) {
				s.dispose();
			}
		}),
	};
}

const INSTALL_URL = 'https://dvc.org/doc/install';

/** The "no DVC" hint's action: how to get one, and look again once the user has. */
async function setUp(dvc: DvcCli, lookAgain: () => void): Promise<void> {
	const found = await dvc.find();
	const message = found
		? `DVC ${found.version} is used from ${found.path}.`
		: "Runlens runs, queues and pulls experiments with the DVC CLI, which was not found (runlens.dvcPath, the Python extension's interpreter, the workspace .venv and PATH were tried). Install it with `pip install dvc` in the project's environment, then look again.";
	const choice = await vscode.window.showInformationMessage(
		message,
		'Install Guide',
		'Set runlens.dvcPath',
		'Look Again',
	);
	if (choice === 'Install Guide') {
		await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
	} else if (choice === 'Set runlens.dvcPath') {
		await vscode.commands.executeCommand('workbench.action.openSettings', 'runlens.dvcPath');
	} else if (choice === 'Look Again') {
		lookAgain();
	}
}
