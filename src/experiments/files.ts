import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentsModel } from '../model/api';
import { Containment } from '../model/containment';
import { revisionUri } from '../vscode/revisionDocuments';

/**
 * Opening and revealing a project file as seen by one experiment: the file itself for the
 * workspace, a read-only `runlens-rev` document for a git revision.
 */
type FileModel = Pick<ExperimentsModel, 'getExperiment' | 'getProjects'>;

/** Absolute workspace path of a project-relative file, or undefined if the project is unknown. */
export function workspacePath(model: FileModel, experimentId: string, file: string): string | undefined {
	const exp = model.getExperiment(experimentId);
	const project = exp && model.getProjects().find((p) => p.id === exp.projectId);
	return project ? path.join(project.root, ...file.split('/')) : undefined;
}

/** A workspace file whose real path leaves its project is never opened or revealed (see containment.ts). */
async function refusedOutside(model: FileModel, experimentId: string, file: string): Promise<boolean> {
	const exp = model.getExperiment(experimentId);
	const project = exp && model.getProjects().find((p) => p.id === exp.projectId);
	if (!project || !isWorkspace(model, experimentId)) {
		return false;
	}
	const where = await new Containment(project.root).resolve(file);
	if (where.ok || where.missing) {
		return false;
	}
	void vscode.window.showWarningMessage(`Runlens: ${file} is ${where.error}: not opened.`);
	return true;
}

export function isWorkspace(model: FileModel, experimentId: string): boolean {
	return model.getExperiment(experimentId)?.kind === 'workspace';
}

export async function openExperimentFile(
	model: FileModel,
	experimentId: string,
	file: string,
	line?: number,
): Promise<void> {
	const abs = workspacePath(model, experimentId, file);
	if (!abs) {
		void vscode.window.showWarningMessage(`Runlens: ${file} belongs to an experiment that no longer exists.`);
		return;
	}
	if (await refusedOutside(model, experimentId, file)) {
		return;
	}
	if (isDirectory(abs) && isWorkspace(model, experimentId)) {
		await revealInExplorer(model, experimentId, file);
		return;
	}
	const uri = isWorkspace(model, experimentId) ? vscode.Uri.file(abs) : revisionUri(experimentId, file);
	const options: vscode.TextDocumentShowOptions = { preview: true };
	if (line !== undefined && line > 0) {
		options.selection = new vscode.Range(line - 1, 0, line - 1, 0);
	}
	if (isWorkspace(model, experimentId) && !fs.existsSync(abs)) {
		void vscode.window.showWarningMessage(`Runlens: ${file} does not exist.`);
		return;
	}
	// `vscode.open` picks the right editor for images and binaries; text gets the selection.
	await vscode.commands.executeCommand('vscode.open', uri, options);
}

export async function revealInExplorer(model: FileModel, experimentId: string, file: string): Promise<void> {
	const abs = workspacePath(model, experimentId, file);
	if (await refusedOutside(model, experimentId, file)) {
		return;
	}
	if (!abs || !fs.existsSync(abs)) {
		void vscode.window.showInformationMessage(
			`Runlens: ${file} is not in the workspace${isWorkspace(model, experimentId) ? '' : ' (it exists only at that revision)'}.`,
		);
		return;
	}
	await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(abs));
}

function isDirectory(p: string): boolean {
	try {
		return fs.statSync(p).isDirectory();
	} catch {
		return false;
	}
}
