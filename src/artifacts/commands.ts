import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { openExperimentFile, revealInExplorer, workspacePath } from '../experiments/files';
import type { ExperimentsModel } from '../model/api';
import type { ArtifactHandle, ArtifactsTreeProvider } from './tree';

export function registerArtifactCommands(
	model: ExperimentsModel,
	provider: ArtifactsTreeProvider,
): vscode.Disposable[] {
	const withArtifact =
		(run: (handle: ArtifactHandle, path: string, md5: string | undefined) => Thenable<unknown>) =>
		async (handle?: ArtifactHandle): Promise<void> => {
			const artifact = provider.artifactOf(handle);
			if (handle && artifact) {
				await run(handle, artifact.path, artifact.md5);
			}
		};
	return [
		vscode.commands.registerCommand(
			CommandIds.openArtifact,
			withArtifact((h, path) => openExperimentFile(model, h.experimentId, path)),
		),
		vscode.commands.registerCommand(
			CommandIds.revealArtifact,
			withArtifact((h, path) => revealInExplorer(model, h.experimentId, path)),
		),
		vscode.commands.registerCommand(
			CommandIds.copyArtifactPath,
			withArtifact((h, path) => vscode.env.clipboard.writeText(workspacePath(model, h.experimentId, path) ?? path)),
		),
		vscode.commands.registerCommand(
			CommandIds.copyArtifactChecksum,
			withArtifact(async (_h, _path, md5) => {
				if (md5) {
					await vscode.env.clipboard.writeText(md5);
				} else {
					void vscode.window.showInformationMessage('Runlens: this artifact has no recorded md5.');
				}
			}),
		),
	];
}
