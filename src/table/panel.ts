import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { SelectionModel } from '../experiments/selection';
import type { TableFilterBridge } from '../experiments/tableFilter';
import type { ExperimentsModel } from '../model/api';
import { isMessage } from '../shared/protocol';
import type { TableHostMessage, TableRendered, TableSnapshot, TableWebviewMessage } from '../shared/tableProtocol';
import { renderShell, webviewOptions } from '../vscode/webviewShell';
import { TableController } from './controller';
import type { TableState } from './state';
import type { TableView } from './view';

export const TABLE_VIEW_TYPE = 'runlens.table';
const STATE_KEY = 'runlens.table.state';
const TITLE = 'Experiments Table';

export interface TableDeps {
	context: vscode.ExtensionContext;
	model: ExperimentsModel;
	selection: SelectionModel;
	tableFilter: TableFilterBridge;
	log: vscode.LogOutputChannel;
	stars: { ids(): ReadonlySet<string>; onDidChange: vscode.Event<unknown> };
}

/** What integration tests drive (`api.testing.table` when RUNLENS_TEST=1). */
export interface TableTesting {
	isOpen(): boolean;
	waitForReady(timeoutMs?: number): Promise<boolean>;
	snapshot(): TableSnapshot | undefined;
	view(): TableView | undefined;
	receive(message: TableWebviewMessage): void;
	/** Resolves with the first report of what the page drew (current or future) that `accept`s. */
	whenRendered(accept: (report: TableRendered) => boolean, timeoutMs?: number): Promise<TableRendered>;
	posted(): readonly TableHostMessage[];
	state(): TableState | undefined;
	close(): void;
}

/** One reused editor panel; restored after a reload by the serializer, its state in workspaceState. */
class TablePanel {
	readonly controller: TableController;
	readonly posted: TableHostMessage[] = [];
	ready = false;
	rendered: TableRendered | undefined;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		readonly panel: vscode.WebviewPanel,
		deps: TableDeps,
		onDispose: () => void,
	) {
		panel.webview.options = webviewOptions(deps.context.extensionUri);
		panel.webview.html = renderShell({
			webview: panel.webview,
			extensionUri: deps.context.extensionUri,
			bundle: 'table',
			title: TITLE,
		});
		this.controller = new TableController({
			model: deps.model,
			selection: deps.selection,
			tableFilter: deps.tableFilter,
			starred: deps.stars,
			state: deps.context.workspaceState.get(STATE_KEY),
			save: (state) => void deps.context.workspaceState.update(STATE_KEY, state),
			post: (m) => this.post(m),
			exportText: (format, text) => openExport(format, text),
			warn: (m) => void vscode.window.showWarningMessage(`Runlens: ${m}`),
		});
		this.disposables.push(
			panel.webview.onDidReceiveMessage((m: unknown) => {
				if (!isMessage(m)) {
					return;
				}
				if (m.type === 'ready') {
					this.ready = true;
				} else if (m.type === 'table/rendered') {
					this.rendered = (m as { report?: TableRendered }).report;
				}
				try {
					this.controller.receive(m as TableWebviewMessage);
				} catch (err) {
					deps.log.error(`[table] ${m.type} failed`, err);
				}
			}),
			panel.onDidDispose(() => {
				this.dispose();
				onDispose();
			}),
		);
	}

	/** Scopes the table to one project (undefined: all) and names it in the tab. */
	showProject(projectId: string | undefined): void {
		this.controller.setProject(projectId);
		const project = this.controller.project;
		this.panel.title = project ? `${TITLE}: ${project.subdir || path.basename(project.root)}` : TITLE;
	}

	private post(message: TableHostMessage): void {
		this.posted.push(message);
		if (this.posted.length > 200) {
			this.posted.splice(0, 100);
		}
		void this.panel.webview.postMessage(message);
	}

	dispose(): void {
		this.controller.dispose();
		for (const d of this.disposables.splice(0)) {
			d.dispose();
		}
	}
}

/** A project node's handle (`{ id: 'project:<id>' }`) names its project. */
function projectIdOf(arg: unknown): string | undefined {
	const id = typeof arg === 'object' && arg !== null ? (arg as { id?: unknown }).id : undefined;
	return typeof id === 'string' && id.startsWith('project:') ? id.slice('project:'.length) : undefined;
}

async function openExport(format: 'csv' | 'markdown', text: string): Promise<void> {
	const doc = await vscode.workspace.openTextDocument({
		language: format === 'csv' ? 'csv' : 'markdown',
		content: text,
	});
	await vscode.window.showTextDocument(doc, { preview: false });
}

export function registerTable(deps: TableDeps): { disposable: vscode.Disposable; testing: TableTesting } {
	let current: TablePanel | undefined;
	const adopt = (panel: vscode.WebviewPanel): TablePanel => {
		current = new TablePanel(panel, deps, () => (current = undefined));
		return current;
	};
	// From a project node's button: that project alone; from the view title or the palette: every project.
	const show = (arg?: unknown): void => {
		current ??= adopt(
			vscode.window.createWebviewPanel(
				TABLE_VIEW_TYPE,
				TITLE,
				vscode.ViewColumn.Active,
				webviewOptions(deps.context.extensionUri),
			),
		);
		current.showProject(projectIdOf(arg));
		current.panel.reveal();
	};
	const copy = (pick: (arg: CopyArg) => string | undefined) => async (arg: unknown) => {
		const text = pick(copyArg(arg, deps.model));
		if (text !== undefined) {
			await vscode.env.clipboard.writeText(text);
		}
	};
	const disposables = [
		vscode.commands.registerCommand(CommandIds.showTable, show),
		vscode.window.registerWebviewPanelSerializer(TABLE_VIEW_TYPE, {
			deserializeWebviewPanel: (panel) => {
				current?.panel.dispose();
				const restored = adopt(panel);
				restored.showProject(restored.controller.state.project);
				return Promise.resolve();
			},
		}),
		vscode.commands.registerCommand(
			CommandIds.tableCopySha,
			copy((a) => a.sha),
		),
		vscode.commands.registerCommand(
			CommandIds.tableCopyName,
			copy((a) => a.name),
		),
		vscode.commands.registerCommand(
			CommandIds.tableCopyCell,
			copy((a) => a.value),
		),
		vscode.commands.registerCommand(CommandIds.tableExportCsv, () => current?.controller.exportAs('csv')),
		vscode.commands.registerCommand(CommandIds.tableExportMarkdown, () => current?.controller.exportAs('markdown')),
	];
	const testing: TableTesting = {
		isOpen: () => current !== undefined,
		waitForReady: async (timeoutMs = 20_000) => {
			const until = Date.now() + timeoutMs;
			while (!current?.ready && Date.now() < until) {
				await new Promise((r) => setTimeout(r, 50));
			}
			return current?.ready === true;
		},
		whenRendered: async (accept, timeoutMs = 20_000) => {
			const until = Date.now() + timeoutMs;
			while (Date.now() < until) {
				const report = current?.rendered;
				if (report && accept(report)) {
					return report;
				}
				await new Promise((r) => setTimeout(r, 50));
			}
			throw new Error(
				`table: no matching render within ${timeoutMs} ms; last: ${JSON.stringify(current?.rendered)?.slice(0, 2000)}`,
			);
		},
		snapshot: () => current?.controller.snapshot(),
		view: () => current?.controller.current,
		receive: (m) => current?.controller.receive(m),
		posted: () => current?.posted ?? [],
		state: () => current?.controller.state,
		close: () => {
			current?.panel.dispose();
		},
	};
	const disposable = vscode.Disposable.from(...disposables, {
		dispose: () => {
			current?.panel.dispose();
		},
	});
	return { disposable, testing };
}

interface CopyArg {
	sha?: string;
	name?: string;
	value?: string;
}

/** The row's `data-vscode-context` (`{ experimentId, value? }`) as VS Code passes it to the command. */
function copyArg(arg: unknown, model: ExperimentsModel): CopyArg {
	if (typeof arg !== 'object' || arg === null) {
		return {};
	}
	const { experimentId, cellValue: value } = arg as { experimentId?: unknown; cellValue?: unknown };
	const exp = typeof experimentId === 'string' ? model.getExperiment(experimentId) : undefined;
	const out: CopyArg = typeof value === 'string' ? { value } : {};
	if (exp) {
		out.name = exp.name;
		if (exp.kind !== 'workspace') {
			out.sha = exp.rev;
		}
	}
	return out;
}
