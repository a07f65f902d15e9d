import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { GroupKind, TreeNode } from './treeNode';

/**
 * The `resourceUri` of an experiment's item: other features decorate it (a FileDecorationProvider
 * for this scheme, e.g. the Team view's remote status badge) without this factory knowing them.
 */
export const EXPERIMENT_URI_SCHEME = 'runlens-experiment';

export function experimentUri(experimentId: string): vscode.Uri {
	return vscode.Uri.from({ scheme: EXPERIMENT_URI_SCHEME, path: `/${encodeURIComponent(experimentId)}` });
}

/** Maps a pure TreeNode to a vscode.TreeItem: icons, context values, checkbox, tooltip. */
export class TreeItemFactory {
	private readonly dots = new Map<string, vscode.Uri>();

	/** `iconDir`: a folder we may write to (global storage) for the per-colour selection dots. */
	constructor(private readonly iconDir: vscode.Uri) {}

	create(node: TreeNode): vscode.TreeItem {
		const item = new vscode.TreeItem(labelOf(node), collapsibleState(node));
		item.id = node.id;
		item.description = node.description;
		item.contextValue = contextValue(node);
		item.iconPath = this.icon(node);
		if (node.tooltip) {
			item.tooltip = markdown(node.tooltip);
		}
		if (node.kind === 'table' && node.experimentId && node.file) {
			item.command = {
				command: CommandIds.showExamples,
				title: 'Show Per-Example Metrics',
				arguments: [{ experimentId: node.experimentId, file: node.file }],
			};
		}
		if (node.kind === 'experiment' && node.experimentId) {
			item.resourceUri = experimentUri(node.experimentId);
		}
		if ((node.kind === 'experiment' || node.kind === 'baseline') && node.experimentId) {
			item.checkboxState = {
				state: node.colour ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
				tooltip: node.colour ? 'Remove from charts' : 'Show in charts',
			};
		}
		return item;
	}

	private icon(node: TreeNode): vscode.TreeItem['iconPath'] {
		if (node.kind === 'experiment' || node.kind === 'baseline') {
			return this.experimentIcon(node);
		}
		return otherIcon(node);
	}

	private experimentIcon(node: TreeNode): vscode.TreeItem['iconPath'] {
		switch (node.status) {
			case 'running':
				return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
			case 'queued':
				return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
			case 'failed':
				return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
			default:
				break;
		}
		if (node.colour) {
			// ThemeColor only takes theme colour ids, so the selection colour comes as an SVG file.
			return this.dot(node.colour) ?? new vscode.ThemeIcon('circle-filled');
		}
		if (!node.experimentId) {
			return new vscode.ThemeIcon('git-commit');
		}
		if (node.expKind === 'workspace') {
			return new vscode.ThemeIcon('home');
		}
		return node.expKind === 'commit'
			? new vscode.ThemeIcon('git-commit')
			: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
	}

	/** Path of the SVG dot for a colour (exposed for tests). */
	dot(colour: string): vscode.Uri | undefined {
		const cached = this.dots.get(colour);
		if (cached) {
			return cached;
		}
		const safe = colour.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
		const uri = vscode.Uri.joinPath(this.iconDir, `dot-${safe}.svg`);
		try {
			fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
			const fill = colour.replace(/[^#a-z0-9(),.%\s]/gi, '');
			const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="5" fill="${fill}"/></svg>`;
			fs.writeFileSync(uri.fsPath, svg);
		} catch {
			return undefined;
		}
		this.dots.set(colour, uri);
		return uri;
	}
}

function labelOf(node: TreeNode): string {
	// Changed values are marked by the diff icon and the baseline value in the description: a label
	// highlight would look like a search match.
	return node.label;
}

function collapsibleState(node: TreeNode): vscode.TreeItemCollapsibleState {
	if (node.children.length === 0) {
		return vscode.TreeItemCollapsibleState.None;
	}
	const opened =
		node.kind === 'project' || (node.kind === 'baseline' && node.children.some((c) => c.kind === 'experiment'));
	return opened ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
}

export function contextValue(node: TreeNode): string {
	switch (node.kind) {
		case 'baseline':
		case 'experiment':
			if (!node.experimentId) {
				return 'baseline.placeholder';
			}
			return node.status === 'running' ? 'experiment.running' : 'experiment';
		case 'value':
			return 'value';
		case 'series':
			return 'series';
		case 'image':
		case 'table':
		case 'artifact':
			return 'file';
		case 'error':
			if (node.notPulled) {
				return 'notPulled';
			}
			return node.file ? 'error' : 'message.error';
		case 'message':
			return node.notPulled ? 'message.notPulled' : 'message';
		case 'group':
			// A params/metrics file group is a file: it opens and reveals like one.
			return node.file ? 'file.group' : `group.${node.group ?? 'params'}`;
		default:
			return node.kind;
	}
}

const GROUP_ICONS: Record<GroupKind, string> = {
	params: 'symbol-parameter',
	metrics: 'symbol-number',
	plots: 'graph-line',
	artifacts: 'package',
	events: 'history',
	tables: 'table',
	remotes: 'cloud',
};

function otherIcon(node: TreeNode): vscode.ThemeIcon {
	switch (node.kind) {
		case 'project':
			return new vscode.ThemeIcon('repo');
		case 'group':
			return new vscode.ThemeIcon(node.file ? 'file' : GROUP_ICONS[node.group ?? 'params']);
		case 'value':
			return node.changed
				? new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground'))
				: new vscode.ThemeIcon('symbol-field');
		case 'series':
			return new vscode.ThemeIcon('graph-line');
		case 'image':
			return new vscode.ThemeIcon('file-media');
		case 'artifact':
			if (node.notPulled) {
				return new vscode.ThemeIcon('cloud-download');
			}
			return node.missing
				? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
				: new vscode.ThemeIcon('package');
		case 'event':
			return new vscode.ThemeIcon('pulse');
		case 'table':
			return new vscode.ThemeIcon('table');
		case 'error':
			return node.notPulled
				? new vscode.ThemeIcon('cloud-download')
				: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
		default:
			if (node.notPulled) {
				return new vscode.ThemeIcon('cloud-download');
			}
			return new vscode.ThemeIcon('info');
	}
}

/** File-derived text as a MarkdownString: escaped, no HTML, untrusted, first line in bold. */
export function markdown(text: string): vscode.MarkdownString {
	const md = new vscode.MarkdownString(undefined, false);
	md.supportHtml = false;
	md.isTrusted = false;
	const [first, ...rest] = text.split('\n');
	md.appendMarkdown('**');
	md.appendText(first);
	md.appendMarkdown('**');
	if (rest.length > 0) {
		md.appendText('\n' + rest.join('\n'));
	}
	return md;
}
