import * as vscode from 'vscode';
import type { ExperimentsModel } from '../model/api';

/**
 * Read-only documents for files at a git revision (`runlens-rev:/<file>?exp=<id>`) and for text
 * Runlens generates (`runlens-rev:/<name>?generated=<n>`, e.g. the compare table). Content
 * providers give read-only editors for free and leave nothing dirty to save on close.
 */
export const REVISION_SCHEME = 'runlens-rev';

const MAX_GENERATED = 20;

export function revisionUri(experimentId: string, file: string): vscode.Uri {
	return vscode.Uri.from({
		scheme: REVISION_SCHEME,
		path: `/${file}`,
		query: `exp=${encodeURIComponent(experimentId)}`,
	});
}

export class RevisionDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;
	private readonly generated = new Map<string, string>();
	private counter = 0;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly model: Pick<ExperimentsModel, 'readFile' | 'onDidChangeExperiments'>) {
		this.disposables.push(vscode.workspace.registerTextDocumentContentProvider(REVISION_SCHEME, this), this.changed);
		const sub = model.onDidChangeExperiments((change) => this.refreshOpen(new Set(change.changed)));
		this.disposables.push(new vscode.Disposable(() => sub.dispose()));
	}

	/** Registers generated text and returns the uri to open it under `name` (e.g. `compare.txt`). */
	addGenerated(name: string, content: string): vscode.Uri {
		const key = String(++this.counter);
		this.generated.set(key, content);
		// Keep memory bounded: the oldest generated documents are no longer reachable.
		for (const old of [...this.generated.keys()].slice(0, Math.max(0, this.generated.size - MAX_GENERATED))) {
			this.generated.delete(old);
		}
		return vscode.Uri.from({ scheme: REVISION_SCHEME, path: `/${name}`, query: `generated=${key}` });
	}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const query = new URLSearchParams(uri.query);
		const generated = query.get('generated');
		if (generated !== null) {
			return this.generated.get(generated) ?? '(this generated document is no longer available)';
		}
		const experimentId = query.get('exp');
		const file = uri.path.replace(/^\//, '');
		if (!experimentId) {
			return `(no experiment in ${uri.toString()})`;
		}
		const bytes = await this.model.readFile(experimentId, file);
		if (!bytes) {
			return `(${file} does not exist at this revision)`;
		}
		if (bytes.subarray(0, 8000).includes(0)) {
			return `(${file} is a binary file of ${bytes.length} bytes)`;
		}
		return new TextDecoder('utf-8').decode(bytes);
	}

	private refreshOpen(changedIds: Set<string>): void {
		for (const doc of vscode.workspace.textDocuments) {
			if (doc.uri.scheme !== REVISION_SCHEME) {
				continue;
			}
			const id = new URLSearchParams(doc.uri.query).get('exp');
			if (id && changedIds.has(id)) {
				this.changed.fire(doc.uri);
			}
		}
	}

	dispose(): void {
		for (const d of this.disposables.reverse()) {
			d.dispose();
		}
	}
}
