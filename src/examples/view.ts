import * as vscode from 'vscode';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { existsInsideSync } from '../model/containment';
import { assertNever, isMessage } from '../shared/protocol';
import type { ExamplesFromWebview, ExamplesRow, ExamplesSnapshot, ExamplesToWebview } from '../shared/protocol';
import { renderShell, webviewOptions } from '../vscode/webviewShell';
import { ExampleQuery } from './query';
import type { FilterSpec } from './query';
import { dirname } from './table';
import type { LoadedExamples } from './table';

/** One loaded table of one experiment, as the panel shows it. */
export interface ExamplesSource {
	experimentId: string;
	label: string;
	colour: string;
	/** Absolute project root: table and dataset paths are relative to it. */
	root: string;
	loaded: LoadedExamples;
}

export const VIEW_TYPE = 'runlens.examples';
const MAX_WINDOW = 500;

/** The examples webview panel: owns the query and answers the page's window requests. */
export class ExamplesView implements vscode.Disposable {
	readonly panel: vscode.WebviewPanel;
	private query!: ExampleQuery;
	private sources: ExamplesSource[] = [];
	private filter: Required<FilterSpec> = { global: '', columns: {} };
	private version = 0;
	private readonly imageCache = new Map<string, vscode.Uri | null>();
	private readonly disposables: vscode.Disposable[] = [];
	/** Every message posted, for the integration tests' probe. */
	readonly posted: ExamplesToWebview[] = [];
	ready = false;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: vscode.LogOutputChannel,
		sources: ExamplesSource[],
		onDispose: () => void,
	) {
		this.panel = vscode.window.createWebviewPanel(
			VIEW_TYPE,
			'Per-Example Metrics',
			vscode.ViewColumn.Active,
			this.options(sources),
		);
		this.panel.webview.html = renderShell({
			webview: this.panel.webview,
			extensionUri,
			bundle: 'examples',
			title: 'Per-Example Metrics',
		});
		this.disposables.push(
			this.panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
			this.panel.onDidDispose(() => {
				this.dispose();
				onDispose();
			}),
		);
		this.show(sources);
	}

	/** Webview options: the shell's roots plus, narrowly, the project roots whose images are shown. */
	private options(sources: ExamplesSource[]): vscode.WebviewOptions & vscode.WebviewPanelOptions {
		const base = webviewOptions(this.extensionUri);
		const roots = [...new Set(sources.filter((s) => s.loaded.foreign?.imageColumns.length).map((s) => s.root))];
		return {
			...base,
			localResourceRoots: [...(base.localResourceRoots ?? []), ...roots.map((r) => vscode.Uri.file(r))],
		};
	}

	show(sources: ExamplesSource[]): void {
		this.sources = sources;
		this.panel.webview.options = this.options(sources);
		const [a, b] = sources;
		this.query = new ExampleQuery({ a: a.loaded.metrics!, b: b?.loaded.metrics, foreign: a.loaded.foreign });
		this.panel.title = b ? `Examples: ${a.label} vs ${b.label}` : `Examples: ${a.label}`;
		this.postSnapshot();
	}

	get current(): ExampleQuery {
		return this.query;
	}

	snapshot(): ExamplesSnapshot {
		const q = this.query;
		const a = this.sources[0].loaded;
		const snap: ExamplesSnapshot = {
			title: a.sidecar.displayName ?? a.foreignFile ?? a.file,
			experiments: this.sources.map((s) => ({ label: s.label, colour: s.colour, table: s.loaded.file })),
			columns: q.columns,
			steps: q.steps,
			total: q.length,
			filter: { global: this.filter.global, columns: { ...this.filter.columns } },
			errors: this.sources.flatMap((s) => s.loaded.errors.map((e) => `${e.file}: ${e.message}`)),
			version: this.version,
		};
		const optional = {
			stepColumn: a.metrics?.stepColumn,
			step: q.selectedStep,
			sort: q.sortSpec,
			filterError: q.filterError,
		};
		for (const [k, v] of Object.entries(optional)) {
			if (v !== undefined) {
				(snap as unknown as Record<string, unknown>)[k] = v;
			}
		}
		return snap;
	}

	rows(start: number, count: number): ExamplesRow[] {
		const window = this.query.rows(start, Math.min(count, MAX_WINDOW));
		const imageCols = this.query.columns.flatMap((c, i) => (c.image ? [i] : []));
		return window.rows.map((r) => {
			const row: ExamplesRow = { index: r.index, exampleId: r.exampleId, cells: r.cells };
			const thumbs: Record<number, string> = {};
			for (const c of imageCols) {
				const cell = r.cells[c];
				const uri = typeof cell === 'string' ? this.imageUri(cell) : undefined;
				if (uri) {
					thumbs[c] = this.panel.webview.asWebviewUri(uri).toString();
				}
			}
			return imageCols.length ? { ...row, thumbs } : row;
		});
	}

	async receive(raw: unknown): Promise<void> {
		if (!isMessage(raw)) {
			return;
		}
		try {
			await this.handle(raw as ExamplesFromWebview);
		} catch (err) {
			this.log.error(`[examples] ${raw.type} failed`, err);
		}
	}

	private async handle(message: ExamplesFromWebview): Promise<void> {
		switch (message.type) {
			case 'ready':
				this.ready = true;
				return this.postSnapshot();
			case 'examples/requestRows':
				if (message.version === this.version) {
					const rows = this.rows(message.start, message.count);
					const version = this.version;
					this.post({
						type: 'examples/rows',
						requestId: message.requestId,
						version,
						start: message.start,
						total: this.query.length,
						rows,
					});
				}
				return;
			case 'examples/setSort':
				this.query.setSort(
					message.column ? { column: String(message.column), descending: !!message.descending } : undefined,
				);
				return this.postSnapshot();
			case 'examples/setFilter':
				this.filter = { global: String(message.global ?? ''), columns: sanitizeColumns(message.columns) };
				this.query.setFilter(this.filter);
				return this.postSnapshot();
			case 'examples/setStep':
				this.query.setStep(Number(message.step));
				return this.postSnapshot();
			case 'examples/reveal':
				return this.reveal(Number(message.index), message.column);
			default:
				assertNever(message);
		}
	}

	/** Opens the image of the clicked cell, else the dataset (or metrics table) at the example's line. */
	async reveal(index: number, column?: string): Promise<void> {
		const window = this.query.rows(index, 1).rows[0];
		if (!window) {
			return;
		}
		const cols = this.query.columns;
		const imageCol = cols.findIndex((c) => c.image && (column === undefined || c.id === column));
		const cell = imageCol >= 0 ? window.cells[imageCol] : undefined;
		const image = typeof cell === 'string' ? this.imageUri(cell) : undefined;
		if (image && (column === undefined || cols[imageCol].id === column)) {
			await vscode.commands.executeCommand('vscode.open', image);
			return;
		}
		const { root, loaded } = this.sources[0];
		const foreign = loaded.foreign;
		const id = window.exampleId;
		const file = foreign && loaded.foreignFile ? loaded.foreignFile : loaded.file;
		const line = foreign?.lines?.[foreign.rowNumbers.indexOf(id + 1)] ?? foreign?.lines?.[id] ?? 1;
		const position = new vscode.Position(Math.max(0, line - 1), 0);
		await vscode.window.showTextDocument(vscode.Uri.file(join(root, file)), {
			selection: new vscode.Range(position, position),
			preview: true,
			viewColumn: vscode.ViewColumn.Beside,
		});
	}

	/** An image path of the dataset, relative to the dataset's folder or the project root, never outside the root. */
	private imageUri(path: string): vscode.Uri | undefined {
		const key = path;
		if (this.imageCache.has(key)) {
			return this.imageCache.get(key) ?? undefined;
		}
		const { root, loaded } = this.sources[0];
		const dataDir = join(root, loaded.foreignFile ? dirname(loaded.foreignFile) : '.');
		const candidates = isAbsolute(path) ? [path] : [resolve(dataDir, path), resolve(root, path)];
		const found = candidates.find(
			// Lexically inside and, with symlinks resolved, still inside: a linked image may not leave the root.
			(p) => !relative(root, p).startsWith('..') && !isAbsolute(relative(root, p)) && existsInsideSync(p, root),
		);
		const uri = found ? vscode.Uri.file(found) : undefined;
		if (this.imageCache.size > 10_000) {
			this.imageCache.clear();
		}
		this.imageCache.set(key, uri ?? null);
		return uri;
	}

	private postSnapshot(): void {
		this.version++;
		this.post({ type: 'examples/snapshot', snapshot: this.snapshot() });
	}

	private post(message: ExamplesToWebview): void {
		this.posted.push(message);
		if (this.posted.length > 200) {
			this.posted.splice(0, 100);
		}
		void this.panel.webview.postMessage(message);
	}

	dispose(): void {
		for (const d of this.disposables.splice(0)) {
			d.dispose();
		}
	}
}

function sanitizeColumns(raw: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (typeof raw === 'object' && raw !== null) {
		for (const [k, v] of Object.entries(raw)) {
			if (typeof v === 'string') {
				out[k] = v;
			}
		}
	}
	return out;
}
