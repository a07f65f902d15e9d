import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ExperimentsModel } from '../model/api';
import type { Experiment } from '../model/types';
import type { RevisionDocuments } from '../vscode/revisionDocuments';
import { compareText } from './compare';
import { openExperimentFile, revealInExplorer } from './files';
import { parseNameFilter } from './filter';
import { shortSha } from './format';
import type { SelectionModel } from './selection';
import type { ExperimentsTreeProvider, Handle } from './tree';
import type { TreeNode } from './treeNode';
import type { DetailSources } from './treeSources';
import { modelOnlySources } from './treeSources';
import type { ExperimentsViewState } from './viewState';
import { eventSources } from '../examples/lifecycle';
import { selectItems } from './selectItems';

export interface ExperimentsCommandDeps {
	model: ExperimentsModel;
	provider: ExperimentsTreeProvider;
	selection: SelectionModel;
	state: ExperimentsViewState;
	documents: RevisionDocuments;
	log: vscode.LogOutputChannel;
	sources?: DetailSources;
}

export function registerExperimentsCommands(deps: ExperimentsCommandDeps): vscode.Disposable[] {
	const { provider, selection, state } = deps;
	const node = (h: Handle | undefined): TreeNode | undefined => provider.nodeOf(h);
	return [
		vscode.commands.registerCommand(CommandIds.refresh, () => refresh(deps)),
		vscode.commands.registerCommand(CommandIds.selectForCharts, (h?: Handle) => {
			const id = node(h)?.experimentId;
			if (id) {
				selection.toggle(id);
			}
		}),
		vscode.commands.registerCommand(CommandIds.selectExperiments, (ids?: string[]) => selectExperiments(deps, ids)),
		vscode.commands.registerCommand(CommandIds.filter, () => askFilter(state)),
		vscode.commands.registerCommand(CommandIds.clearFilter, () => state.setFilter('')),
		vscode.commands.registerCommand(CommandIds.toggleStar, (h?: Handle) => {
			const id = node(h)?.experimentId;
			if (id) {
				state.toggleStar(id);
			}
		}),
		vscode.commands.registerCommand(CommandIds.toggleOnlyRunning, () => state.toggleOnlyRunning()),
		vscode.commands.registerCommand(CommandIds.copyValue, (h?: Handle) => copyValue(node(h))),
		vscode.commands.registerCommand(CommandIds.openFile, (h?: Handle) => openNodeFile(deps, node(h))),
		vscode.commands.registerCommand(CommandIds.revealInExplorer, async (h?: Handle) => {
			const n = node(h);
			if (n?.experimentId && n.file) {
				await revealInExplorer(deps.model, n.experimentId, n.file);
			}
		}),
		vscode.commands.registerCommand(CommandIds.compare, (h?: Handle) => compare(deps, node(h)?.experimentId)),
		vscode.commands.registerCommand(CommandIds.showOutput, () => deps.log.show(true)),
		vscode.commands.registerCommand(CommandIds.filterEvents, (h?: Handle) => filterEvents(deps, node(h)?.experimentId)),
	];
}

/** Quick pick of every experiment, pre-ticked with the current selection; `ids` sets it directly (API, tests). */
async function selectExperiments(deps: ExperimentsCommandDeps, ids?: string[]): Promise<void> {
	const experiments = deps.model.getExperiments();
	let chosen = Array.isArray(ids) ? new Set(ids) : undefined;
	if (!chosen) {
		const picked = await vscode.window.showQuickPick(
			selectItems(experiments, (id) => deps.selection.isSelected(id)),
			{
				canPickMany: true,
				matchOnDescription: true,
				title: 'Experiments to plot',
				placeHolder: 'Filter by name, status or sha',
			},
		);
		if (!picked) {
			return;
		}
		chosen = new Set(picked.map((p) => p.id));
	}
	for (const e of experiments) {
		deps.selection.set(e.id, chosen.has(e.id));
	}
}

async function refresh(deps: ExperimentsCommandDeps): Promise<void> {
	const started = performance.now();
	await vscode.window.withProgress({ location: { viewId: 'runlens.experiments' } }, () => deps.model.refresh());
	deps.provider.rebuild();
	deps.log.debug(`full refresh: ${(performance.now() - started).toFixed(1)} ms`);
}

async function askFilter(state: ExperimentsViewState): Promise<void> {
	const value = await vscode.window.showInputBox({
		title: 'Filter Experiments',
		prompt: 'Name, short sha or branch: a substring, or /regex/flags. Empty clears the filter.',
		value: state.currentFilter,
		validateInput: (text) => {
			const parsed = parseNameFilter(text);
			return parsed.kind === 'invalid' ? `Invalid regular expression: ${parsed.error}` : undefined;
		},
	});
	if (value !== undefined) {
		state.setFilter(value);
	}
}

/** Quick pick of the sources of one experiment's events (every experiment's from the palette). */
async function filterEvents(deps: ExperimentsCommandDeps, experimentId: string | undefined): Promise<void> {
	const sources = deps.sources ?? modelOnlySources;
	const exps = experimentId ? [deps.model.getExperiment(experimentId)] : deps.model.getExperiments();
	const names = eventSources(exps.flatMap((e) => (e ? sources.events(e) : [])));
	const current = deps.state.currentEventSource;
	const items: (vscode.QuickPickItem & { source?: string })[] = [
		{ label: 'All sources', description: current === undefined ? 'current' : undefined },
		...names.map((name) => ({ label: name, source: name, description: name === current ? 'current' : undefined })),
	];
	const picked = await vscode.window.showQuickPick(items, { title: 'Show events of source' });
	if (picked) {
		deps.state.setEventSource(picked.source);
	}
}

async function copyValue(n: TreeNode | undefined): Promise<void> {
	const text = n?.value ?? n?.error ?? n?.label;
	if (text !== undefined) {
		await vscode.env.clipboard.writeText(text);
	}
}

async function openNodeFile(deps: ExperimentsCommandDeps, n: TreeNode | undefined): Promise<void> {
	if (n?.experimentId && n.file) {
		await openExperimentFile(deps.model, n.experimentId, n.file, n.line);
	}
}

interface ExperimentPick extends vscode.QuickPickItem {
	id: string;
}

function pickItems(model: ExperimentsModel, except?: string): ExperimentPick[] {
	return model
		.getExperiments()
		.filter((e) => e.id !== except)
		.map((e: Experiment) => ({
			id: e.id,
			label: e.name,
			description: e.kind === 'workspace' ? 'workspace' : `${e.kind} ${shortSha(e.rev)}`,
			detail: e.baselineSha ? `baseline ${shortSha(e.baselineSha)}` : undefined,
		}));
}

async function compare(deps: ExperimentsCommandDeps, firstId: string | undefined): Promise<void> {
	const { model } = deps;
	let first = firstId;
	if (!first) {
		first = (await vscode.window.showQuickPick(pickItems(model), { title: 'Compare: first experiment' }))?.id;
	}
	if (!first) {
		return;
	}
	const a = model.getExperiment(first);
	const second = await vscode.window.showQuickPick(pickItems(model, first), {
		title: `Compare ${a?.name ?? ''} with…`,
	});
	const b = second && model.getExperiment(second.id);
	if (!a || !b) {
		return;
	}
	await showComparison(deps, a, b);
}

export async function showComparison(
	deps: Pick<ExperimentsCommandDeps, 'documents'>,
	a: Experiment,
	b: Experiment,
): Promise<vscode.TextEditor> {
	const safe = (s: string): string => s.replace(/[^\w.-]+/g, '_').slice(0, 40);
	const uri = deps.documents.addGenerated(`compare ${safe(a.name)} vs ${safe(b.name)}.txt`, compareText(a, b));
	const doc = await vscode.workspace.openTextDocument(uri);
	return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
