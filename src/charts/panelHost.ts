import * as vscode from 'vscode';
import { DisposableStore } from '../util/disposable';
import { renderShell, webviewOptions } from '../vscode/webviewShell';

export const CHARTS_VIEW_TYPE = 'runlens.charts';

export interface ChartsPage {
	/** A new page (created, or restored after a reload) is about to load. */
	onAdopt(): void;
	onMessage(raw: unknown): void;
	/** The page is shown again, loaded, and missed messages while hidden: send it a snapshot. */
	onResync(): void;
}

/**
 * The chart panel's webview: its lifecycle (create or restore, hidden, disposed) and whether a
 * message reaches the page. Without retainContextWhenHidden a hidden page is discarded; nothing
 * is posted until it says `ready` again, and what it missed is owed (`dirty`) as one snapshot.
 */
export class ChartsPanelHost {
	private panel: vscode.WebviewPanel | undefined;
	private panelStore: DisposableStore | undefined;
	private ready = false;
	private dirty = false;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly page: ChartsPage,
	) {}

	get isOpen(): boolean {
		return !!this.panel;
	}

	show(): void {
		if (this.panel) {
			this.panel.reveal();
			return;
		}
		const options = webviewOptions(this.extensionUri);
		this.adopt(vscode.window.createWebviewPanel(CHARTS_VIEW_TYPE, 'Runlens Charts', vscode.ViewColumn.Active, options));
	}

	adopt(panel: vscode.WebviewPanel): void {
		this.panelStore?.dispose();
		this.panel = panel;
		this.ready = false;
		this.page.onAdopt();
		const store = (this.panelStore = new DisposableStore());
		panel.webview.options = webviewOptions(this.extensionUri);
		panel.webview.html = renderShell({
			webview: panel.webview,
			extensionUri: this.extensionUri,
			bundle: 'charts',
			title: 'Runlens Charts',
			imgSources: ['data:'],
		});
		store.add(panel.webview.onDidReceiveMessage((m: unknown) => this.page.onMessage(m)));
		store.add(
			panel.onDidChangeViewState(() => {
				if (!panel.visible) {
					this.ready = false;
					this.dirty = true;
				} else if (this.dirty && this.ready) {
					this.page.onResync();
				}
			}),
		);
		store.add(panel.onDidDispose(() => this.panel === panel && this.close()));
	}

	/** The page said `ready`. */
	setReady(): void {
		this.ready = true;
	}

	/** Whether a snapshot can be sent now; a hidden page is owed one for when it shows. */
	canDraw(): boolean {
		if (!this.panel || !this.ready) {
			return false;
		}
		this.dirty ||= !this.panel.visible;
		return this.panel.visible;
	}

	/** A snapshot is on its way: nothing is owed any more. */
	drawn(): void {
		this.dirty = false;
	}

	/** Posts to a loaded, shown page; otherwise false, and the page is owed a snapshot. */
	post(message: unknown): boolean {
		if (!this.panel || !this.ready || !this.panel.visible) {
			this.dirty = true;
			return false;
		}
		void this.panel.webview.postMessage(message);
		return true;
	}

	/** Posts to a shown page whether or not it said `ready` (custom plots answer their own requests). */
	postIfVisible(message: unknown): boolean {
		return !!this.panel?.visible && (void this.panel.webview.postMessage(message), true);
	}

	private close(): void {
		this.panel = undefined;
		this.ready = false;
		this.panelStore?.dispose();
		this.panelStore = undefined;
	}

	dispose(): void {
		this.panelStore?.dispose();
		this.panel?.dispose();
	}
}
