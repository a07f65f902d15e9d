import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { SelectionModel } from '../experiments/selection';
import type { ExperimentsModel } from '../model/api';
import type { Experiment } from '../model/types';
import type { ExamplesFromWebview, ExamplesRow, ExamplesSnapshot, ExamplesToWebview } from '../shared/protocol';
import type { ExperimentResolver } from '../experiments/resolve';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import type { CommandSink } from '../vscode/lazyFeature';
import { loadExampleTable } from './table';
import type { TableReader } from './table';
import { ExamplesView } from './view';
import type { ExamplesSource } from './view';

export interface ExamplesDeps {
	context: vscode.ExtensionContext;
	model: ExperimentsModel;
	selection: SelectionModel;
	log: vscode.LogOutputChannel;
	/** Which experiment a tree handle, table row or id names. */
	resolver: Pick<ExperimentResolver, 'idsFromArgs'>;
	/** The quick pick of tables (the shared one, which tests drive) and its notices. */
	picker: Pick<VscodeExperimentPicker, 'choose' | 'inform'>;
}

/** What integration tests drive (exposed as `api.testing.examples` when RUNLENS_TEST=1). */
export interface ExamplesTesting {
	readonly model: ExperimentsModel;
	/** Opens the panel on these experiments (1 or 2) and table file (default: each one's first table). */
	open(experimentIds: string[], file?: string): Promise<boolean>;
	/** Resolves once the page has sent `ready` (or after timeoutMs with false). */
	waitForReady(timeoutMs?: number): Promise<boolean>;
	snapshot(): ExamplesSnapshot | undefined;
	rows(start: number, count: number): ExamplesRow[];
	/** Feeds a message to the host as if the page had sent it. */
	receive(message: ExamplesFromWebview): Promise<void>;
	posted(): readonly ExamplesToWebview[];
	isOpen(): boolean;
	close(): void;
}

interface Target {
	experimentId: string;
	file?: string;
}

export function registerExamples(
	deps: ExamplesDeps,
	commands: CommandSink,
): { disposable: vscode.Disposable; testing: ExamplesTesting } {
	let view: ExamplesView | undefined;
	const decoder = new TextDecoder();

	const load = async (target: Target): Promise<ExamplesSource | undefined> => {
		const exp = deps.model.getExperiment(target.experimentId);
		const file = target.file ?? exp?.tables.find((t) => t.rows !== undefined)?.file ?? exp?.tables[0]?.file;
		const project = exp && deps.model.getProjects().find((p) => p.id === exp.projectId);
		if (!exp || !file || !project) {
			return undefined;
		}
		const reader: TableReader = {
			readText: async (path) => {
				const bytes = await deps.model.readFile(exp.id, path);
				return bytes === undefined ? undefined : decoder.decode(bytes);
			},
		};
		const loaded = await loadExampleTable(reader, file);
		const colour = deps.selection.colourOf(exp.id) ?? '#3794ff';
		return { experimentId: exp.id, label: exp.name, colour, root: project.root, loaded };
	};

	const open = async (targets: Target[]): Promise<boolean> => {
		const sources = (await Promise.all(targets.slice(0, 2).map(load))).filter(
			(s): s is ExamplesSource => s !== undefined,
		);
		const usable = sources.filter((s) => s.loaded.metrics);
		if (usable.length === 0) {
			const errors = sources.flatMap((s) => s.loaded.errors.map((e) => `${e.file}: ${e.message}`));
			void vscode.window.showErrorMessage(
				`Runlens: no readable per-example metrics table. ${errors.slice(0, 3).join(' ')}`,
			);
			return false;
		}
		if (view) {
			view.show(usable);
			view.panel.reveal();
		} else {
			view = new ExamplesView(deps.context.extensionUri, deps.log, usable, () => (view = undefined));
		}
		return true;
	};

	const command = commands.register(CommandIds.showExamples, async (arg?: unknown) => {
		const targets =
			targetsFromArg(deps.resolver, arg) ??
			selectedTargets(deps) ??
			(await pickTarget(deps.picker, deps.model.getExperiments()));
		if (targets) {
			await open(targets);
		}
	});

	const testing: ExamplesTesting = {
		model: deps.model,
		open: (ids, file) => open(ids.map((experimentId) => ({ experimentId, file }))),
		waitForReady: async (timeoutMs = 20_000) => {
			const until = Date.now() + timeoutMs;
			while (!view?.ready && Date.now() < until) {
				await new Promise((r) => setTimeout(r, 50));
			}
			return !!view?.ready;
		},
		snapshot: () => view?.snapshot(),
		rows: (start, count) => view?.rows(start, count) ?? [],
		receive: async (message) => view?.receive(message),
		posted: () => view?.posted ?? [],
		isOpen: () => view !== undefined,
		close: () => {
			view?.panel.dispose();
		},
	};
	const disposable = vscode.Disposable.from(command, { dispose: () => void view?.panel.dispose() });
	return { disposable, testing };
}

/** What the arguments name (tree handle, table row, id), with a table node's `file`. */
function targetsFromArg(resolver: ExamplesDeps['resolver'], arg: unknown): Target[] | undefined {
	const [experimentId] = resolver.idsFromArgs(arg);
	if (!experimentId) {
		return undefined;
	}
	const file = (arg as { file?: unknown } | undefined)?.file;
	return [typeof file === 'string' ? { experimentId, file } : { experimentId }];
}

function selectedTargets(deps: ExamplesDeps): Target[] | undefined {
	const withTables = deps.selection.selected.filter((id) => (deps.model.getExperiment(id)?.tables.length ?? 0) > 0);
	if (withTables.length === 0) {
		return undefined;
	}
	// Two selected runs with the same table compare per example; otherwise the first run alone.
	const [a, b] = withTables.map((id) => deps.model.getExperiment(id)!);
	const shared = b && a.tables.find((t) => b.tables.some((u) => u.file === t.file));
	return shared
		? [
				{ experimentId: a.id, file: shared.file },
				{ experimentId: b.id, file: shared.file },
			]
		: [{ experimentId: a.id }];
}

async function pickTarget(
	picker: ExamplesDeps['picker'],
	experiments: readonly Experiment[],
): Promise<Target[] | undefined> {
	const items = experiments.flatMap((exp) =>
		exp.tables.map((t) => ({
			label: t.displayName ?? t.file,
			description: exp.name,
			detail: t.errors.length
				? `${t.errors.length} validation errors`
				: t.rows !== undefined
					? `${t.rows} rows`
					: undefined,
			target: { experimentId: exp.id, file: t.file },
		})),
	);
	if (items.length === 0) {
		picker.inform('Runlens: no per-example metrics tables found (see docs: a table with an example_id column).');
		return undefined;
	}
	const [picked] = (await picker.choose(items, { placeHolder: 'Per-example metrics table' })) ?? [];
	return picked ? [picked.target] : undefined;
}
