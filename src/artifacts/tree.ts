import * as vscode from 'vscode';
import { absentLabel } from '../experiments/notPulled';
import { humanSize } from '../experiments/format';
import { markdown } from '../experiments/treeItems';
import type { ExperimentsModel } from '../model/api';
import type { Artifact } from '../model/types';

/** One artifact of the shown experiment; stable per (experiment, name) for VS Code's identity. */
export interface ArtifactHandle {
	readonly experimentId: string;
	readonly name: string;
}

/**
 * Artifacts of one experiment: the one last selected in the experiments view, else the
 * workspace of the first project. Missing files stay listed, with a warning icon.
 */
export class ArtifactsTreeProvider implements vscode.TreeDataProvider<ArtifactHandle>, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<undefined>();
	readonly onDidChangeTreeData = this.emitter.event;
	private chosen: string | undefined;
	private handles = new Map<string, ArtifactHandle>();
	private readonly subscription: { dispose(): void };

	constructor(private readonly model: ExperimentsModel) {
		this.subscription = model.onDidChangeExperiments((change) => {
			const shown = this.experimentId;
			if (
				change.structure ||
				(shown !== undefined && (change.changed.includes(shown) || change.removed.includes(shown)))
			) {
				this.emitter.fire(undefined);
			}
		});
	}

	/** The experiment whose artifacts are listed. */
	get experimentId(): string | undefined {
		if (this.chosen && this.model.getExperiment(this.chosen)) {
			return this.chosen;
		}
		return this.model.getExperiments().find((e) => e.kind === 'workspace')?.id;
	}

	show(experimentId: string | undefined): void {
		if (experimentId !== this.chosen) {
			this.chosen = experimentId;
			this.emitter.fire(undefined);
		}
	}

	artifactOf(handle: ArtifactHandle | undefined): Artifact | undefined {
		return handle && this.model.getExperiment(handle.experimentId)?.artifacts.find((a) => a.name === handle.name);
	}

	getChildren(element?: ArtifactHandle): ArtifactHandle[] {
		const id = this.experimentId;
		if (element || !id) {
			return [];
		}
		const next = new Map<string, ArtifactHandle>();
		for (const a of this.model.getExperiment(id)?.artifacts ?? []) {
			const key = `${id}\n${a.name}`;
			next.set(key, this.handles.get(key) ?? { experimentId: id, name: a.name });
		}
		this.handles = next;
		return [...next.values()];
	}

	getTreeItem(element: ArtifactHandle): vscode.TreeItem {
		const a = this.artifactOf(element);
		const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.None);
		item.id = `${element.experimentId}\n${element.name}`;
		if (!a) {
			return item;
		}
		item.description = [a.type, a.error ?? (a.missing ? absentLabel(a) : humanSize(a.size)), a.path]
			.filter(Boolean)
			.join(' · ');
		item.tooltip = markdown(artifactTooltip(a));
		item.contextValue = a.md5 ? 'artifact.hashed' : 'artifact';
		item.iconPath = a.notPulled
			? new vscode.ThemeIcon('cloud-download')
			: a.missing || a.error
				? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
				: new vscode.ThemeIcon(iconForType(a.type));
		return item;
	}

	dispose(): void {
		this.subscription.dispose();
		this.emitter.dispose();
	}
}

function iconForType(type: string | undefined): string {
	switch (type) {
		case 'model':
			return 'package';
		case 'dataset':
		case 'data':
			return 'database';
		default:
			return 'file-binary';
	}
}

/** Plain text; the markdown helper escapes it. */
export function artifactTooltip(a: Artifact): string {
	const lines = [a.name, `path: ${a.path}`];
	const add = (label: string, value: string | undefined): void => {
		if (value) {
			lines.push(`${label}: ${value}`);
		}
	};
	add('type', a.type);
	add('size', a.error ? undefined : a.missing ? absentLabel(a) : humanSize(a.size));
	add('md5', a.md5);
	add('mime', a.mime);
	add('source', a.source);
	add('labels', a.labels?.join(', '));
	add('meta', a.meta === undefined ? undefined : JSON.stringify(a.meta, null, 2));
	if (a.desc) {
		lines.push('', a.desc);
	}
	if (a.notPulled) {
		lines.push('', 'A DVC-tracked output that is not pulled: `dvc pull` fetches it from the DVC remote.');
	} else if (a.missing) {
		lines.push('', 'The file does not exist.');
	}
	if (a.error) {
		lines.push('', `Not read: ${a.error}.`);
	}
	return lines.join('\n');
}
