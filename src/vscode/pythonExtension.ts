import * as vscode from 'vscode';

/**
 * The Python extension (`ms-python.python`), when installed: its active interpreter for a folder,
 * and an event when the user picks another. Optional: no extension dependency, no import of its
 * types; anything unexpected in its API reads as "no interpreter".
 */
interface PythonEnvironmentsApi {
	getActiveEnvironmentPath(resource?: vscode.Uri): { path?: unknown } | undefined;
	onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

const PYTHON_EXTENSION = 'ms-python.python';

async function environments(): Promise<PythonEnvironmentsApi | undefined> {
	const ext = vscode.extensions.getExtension<{ environments?: PythonEnvironmentsApi }>(PYTHON_EXTENSION);
	if (!ext) {
		return undefined;
	}
	const api = ext.isActive ? ext.exports : await ext.activate();
	const envs = api?.environments;
	return typeof envs?.getActiveEnvironmentPath === 'function' ? envs : undefined;
}

/** The active interpreter's path for the first workspace folder, or undefined. */
export async function activePythonInterpreter(): Promise<string | undefined> {
	const envs = await environments();
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
	const p = envs?.getActiveEnvironmentPath(folder)?.path;
	return typeof p === 'string' && p ? p : undefined;
}

/** Calls `listener` when the user selects another interpreter (nothing when the extension is absent). */
export async function onDidChangePythonInterpreter(listener: () => void): Promise<vscode.Disposable> {
	const envs = await environments().catch(() => undefined);
	return envs?.onDidChangeActiveEnvironmentPath?.(() => listener()) ?? new vscode.Disposable(() => undefined);
}
