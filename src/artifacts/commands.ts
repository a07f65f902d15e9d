import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { openExperimentFile, revealInExplorer, workspacePath } from '../experiments/files';
import type { ExperimentsModel } from '../model/api';
import type { ExperimentResolver } from '../experiments/resolve';
import type { Artifact } from '../model/types';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import type { ArtifactHandle, ArtifactsTreeProvider } from './tree';

export interface ArtifactPicks {
	resolver: ExperimentResolver;
	picker: VscodeExperimentPicker;
}

export function registerArtifactCommands(
	model: ExperimentsModel,
	provider: ArtifactsTreeProvider,
	picks: ArtifactPicks,
): vscode.Disposable[] {
	/** The artifacts view passes its handle; the palette nothing: pick an experiment, then its artifact. */
	const withArtifact =
		(run: (handle: ArtifactHandle, path: string, md5: string | undefined) => Thenable<unknown>) =>
		async (handle?: unknown): Promise<void> => {
			const target = isArtifactHandle(handle) ? handle : await pickArtifact(picks, handle);
			const artifact = provider.artifactOf(target);
			if (target && artifact) {
				await run(target, artifact.path, artifact.md5);
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

function isArtifactHandle(arg: unknown): arg is ArtifactHandle {
	const h = arg as Partial<ArtifactHandle> | undefined;
	return typeof h === 'object' && h !== null && typeof h.experimentId === 'string' && typeof h.name === 'string';
}

async function pickArtifact(picks: ArtifactPicks, arg: unknown): Promise<ArtifactHandle | undefined> {
	const [exp] =
		(await picks.resolver.resolve(arg, undefined, {
			placeHolder: 'Experiment whose artifact to use',
			filter: (e) => e.artifacts.length > 0,
		})) ?? [];
	if (!exp) {
		return undefined;
	}
	const items = exp.artifacts.map((a: Artifact) => ({
		label: a.name,
		description: [a.type, a.path, a.missing ? 'missing' : ''].filter(Boolean).join(' · '),
		name: a.name,
	}));
	const [picked] = (await picks.picker.choose(items, { placeHolder: `Artifact of ${exp.name}` })) ?? [];
	return picked && { experimentId: exp.id, name: picked.name };
}
