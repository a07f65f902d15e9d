import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ExperimentsModel } from '../model/api';
import type { Experiment } from '../model/types';
import type { RevisionDocuments } from '../vscode/revisionDocuments';
import { compareText } from './compare';
import { openExperimentFile, revealInExplorer } from './files';
import { parseNameFilter } from './filter';
import type { SelectionModel } from './selection';
import type { ExperimentsTreeProvider, Handle } from './tree';
import type { TreeNode } from './treeNode';
import type { DetailSources } from './treeSources';
import { modelOnlySources } from './treeSources';
import type { ExperimentsViewState } from './viewState';
import { eventSources } from '../examples/lifecycle';
import { selectItems } from './selectItems';
import type { ExperimentResolver } from './resolve';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import { experimentFileChoices, experimentValueChoices } from './experimentFiles';

export interface ExperimentsCommandDeps {
	model: ExperimentsModel;
	provider: ExperimentsTreeProvider;
	selection: SelectionModel;
	state: ExperimentsViewState;
	documents: RevisionDocuments;
	log: vscode.LogOutputChannel;
	sources?: DetailSources;
	resolver: ExperimentResolver;
	/** The file/value quick picks that follow the experiment's. */
	picker: VscodeExperimentPicker;
}

export function registerExperimentsCommands(deps: ExperimentsCommandDeps): vscode.Disposable[] {
	const { provider, selection, state, resolver } = deps;
	const node = (h: unknown): TreeNode | undefined =>
		typeof h === 'object' && h !== null ? provider.nodeOf(h as Handle) : undefined;
	/** Every experiment the arguments name (all of a multi-selection), else one from a quick pick. */
	const targets = (arg: unknown, multi: unknown, placeHolder: string) =>
		resolver.resolve(arg, multi, { placeHolder, many: resolver.idsFromArgs(arg, multi).length > 1 });
	const command = (id: string, run: (arg: unknown, multi: unknown) => unknown) =>
		vscode.commands.registerCommand(id, run);
	return [
		command(CommandIds.refresh, () => refresh(deps)),
		command(CommandIds.selectForCharts, async (arg, multi) => {
			for (const e of (await targets(arg, multi, 'Experiment to show in or remove from the charts')) ?? []) {
				selection.toggle(e.id);
			}
		}),
		command(CommandIds.selectExperiments, (ids) => selectExperiments(deps, ids as string[] | undefined)),
		command(CommandIds.filter, () => askFilter(state)),
		command(CommandIds.clearFilter, () => state.setFilter('')),
		command(CommandIds.toggleStar, async (arg, multi) => {
			for (const e of (await targets(arg, multi, 'Experiment to star or unstar')) ?? []) {
				state.toggleStar(e.id);
			}
		}),
		command(CommandIds.toggleOnlyRunning, () => state.toggleOnlyRunning()),
		command(CommandIds.copyValue, (arg) => copyValue(deps, node(arg), arg)),
		command(CommandIds.openFile, (arg) => openNodeFile(deps, node(arg), arg)),
		command(CommandIds.revealInExplorer, async (arg) => {
			const n = node(arg);
			if (n?.experimentId && n.file) {
				await revealInExplorer(deps.model, n.experimentId, n.file);
			}
		}),
		command(CommandIds.compare, (arg, multi) => compare(deps, arg, multi)),
		command(CommandIds.showOutput, () => deps.log.show(true)),
		command(CommandIds.filterEvents, (arg) => filterEvents(deps, node(arg)?.experimentId)),
	];
}

/** Quick pick of every experiment, pre-ticked with the current selection; `ids` sets it directly (API, tests). */
async function selectExperiments(deps: ExperimentsCommandDeps, ids?: string[]): Promise<void> {
	const experiments = deps.model.getExperiments();
	let chosen = Array.isArray(ids) ? new Set(ids) : undefined;
	if (!chosen) {
		const picked = await deps.picker.pick(
			selectItems(experiments, (id) => deps.selection.isSelected(id)),
			{ placeHolder: 'Experiments to plot: filter by name, status or sha', many: true },
		);
		if (!picked) {
			return;
		}
		chosen = new Set(picked);
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
	const [picked] = (await deps.picker.choose(items, { placeHolder: 'Show events of source' })) ?? [];
	if (picked) {
		deps.state.setEventSource(picked.source);
	}
}

/** From a value node: its exact value. Otherwise (palette): pick an experiment, then one of its values. */
async function copyValue(deps: ExperimentsCommandDeps, n: TreeNode | undefined, arg: unknown): Promise<void> {
	let text = n?.value ?? n?.error;
	if (text === undefined && n && n.kind !== 'experiment' && n.kind !== 'baseline') {
		text = n.label;
	}
	if (text === undefined) {
		const [exp] =
			(await deps.resolver.resolve(arg, undefined, {
				placeHolder: 'Experiment to copy a param or metric of',
				filter: (e) => experimentValueChoices(e).length > 0,
			})) ?? [];
		text = exp && (await pickValue(deps, exp));
	}
	if (text !== undefined) {
		await vscode.env.clipboard.writeText(text);
		void vscode.window.setStatusBarMessage(`Copied ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`, 3000);
	}
}

async function pickValue(deps: ExperimentsCommandDeps, exp: Experiment): Promise<string | undefined> {
	const items = experimentValueChoices(exp).map((c) => ({
		label: c.key,
		description: `${c.shown} · ${c.file}`,
		detail: c.group,
		value: c.value,
	}));
	const [picked] = (await deps.picker.choose(items, { placeHolder: `Value of ${exp.name} to copy` })) ?? [];
	return picked?.value;
}

/** From a node with a file: that file. Otherwise (palette): pick an experiment, then one of its files. */
async function openNodeFile(deps: ExperimentsCommandDeps, n: TreeNode | undefined, arg: unknown): Promise<void> {
	if (n?.experimentId && n.file) {
		await openExperimentFile(deps.model, n.experimentId, n.file, n.line);
		return;
	}
	const [exp] =
		(await deps.resolver.resolve(arg, undefined, {
			placeHolder: 'Experiment to open a file of',
			filter: (e) => experimentFileChoices(e).length > 0,
		})) ?? [];
	if (!exp) {
		return;
	}
	const items = experimentFileChoices(exp).map((c) => ({ label: c.file, description: c.role, file: c.file }));
	const [picked] = (await deps.picker.choose(items, { placeHolder: `File of ${exp.name} to open` })) ?? [];
	if (picked) {
		await openExperimentFile(deps.model, exp.id, picked.file);
	}
}

/** Two named (multi-selection) are compared at once; else the named or picked one with a picked second. */
async function compare(deps: ExperimentsCommandDeps, arg: unknown, multi: unknown): Promise<void> {
	const { model, resolver } = deps;
	const named = resolver.idsFromArgs(arg, multi).map((id) => model.getExperiment(id));
	if (named.length >= 2 && named[0] && named[1]) {
		await showComparison(deps, named[0], named[1]);
		return;
	}
	const [a] = (await resolver.resolve(arg, undefined, { placeHolder: 'Compare: first experiment' })) ?? [];
	if (!a) {
		return;
	}
	const [b] =
		(await resolver.resolve(undefined, undefined, {
			placeHolder: `Compare ${a.name} with…`,
			filter: (e) => e.id !== a.id,
		})) ?? [];
	if (b) {
		await showComparison(deps, a, b);
	}
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
