import * as vscode from 'vscode';
import type { ExperimentPicker } from '../experiments/resolve';
import type { SelectItem } from '../experiments/selectItems';
import { Emitter } from '../util/event';

/** A quick pick that is showing, for integration tests to drive as a user would (type, then accept). */
export interface ShownPick {
	readonly quickPick: vscode.QuickPick<vscode.QuickPickItem>;
	readonly placeHolder: string;
}

/**
 * The resolver's quick pick in VS Code. Built on createQuickPick (not showQuickPick) so that the
 * one showing can be handed to integration tests, which type into it and accept it through the
 * workbench's own `workbench.action.acceptSelectedQuickOpenItem`.
 */
export class VscodeExperimentPicker implements ExperimentPicker, vscode.Disposable {
	private shown: ShownPick | undefined;
	private readonly showEmitter = new Emitter<ShownPick>();
	private readonly informEmitter = new Emitter<string>();
	/** Fires when a pick is shown (tests wait on it). */
	readonly onDidShow = this.showEmitter.event;
	/** Fires with each notice of why nothing can be picked (tests read it; the user sees the message). */
	readonly onDidInform = this.informEmitter.event;

	get current(): ShownPick | undefined {
		return this.shown;
	}

	pick(items: SelectItem[], opts: { placeHolder: string; many: boolean }): Promise<string[] | undefined> {
		const rows = items.map((i) => ({ label: i.label, description: i.description, picked: i.picked, id: i.id }));
		return this.choose(rows, opts).then((picked) => picked?.map((p) => p.id));
	}

	/** Any other quick pick of a command (files, values, artifacts): shown the same way, visible to tests. */
	choose<T extends vscode.QuickPickItem>(
		items: T[],
		opts: { placeHolder: string; many?: boolean; title?: string },
	): Promise<T[] | undefined> {
		return showPick(items, opts, (shown) => {
			this.shown = shown;
			if (shown) {
				this.showEmitter.fire(shown);
			}
		});
	}

	inform(message: string): void {
		this.informEmitter.fire(message);
		void vscode.window.showInformationMessage(message);
	}

	dispose(): void {
		this.shown?.quickPick.dispose();
		this.showEmitter.dispose();
		this.informEmitter.dispose();
	}
}

/**
 * One quick pick of `items`: the accepted items (one unless `many`), undefined when hidden without
 * accepting. `onShown` gets the pick while it shows and undefined once it is gone.
 */
export function showPick<T extends vscode.QuickPickItem>(
	items: T[],
	opts: { placeHolder: string; many?: boolean; title?: string },
	onShown: (shown: ShownPick | undefined) => void,
): Promise<T[] | undefined> {
	const qp = vscode.window.createQuickPick<T>();
	qp.items = items;
	qp.placeholder = opts.placeHolder;
	qp.title = opts.title;
	qp.canSelectMany = opts.many ?? false;
	qp.matchOnDescription = true;
	if (qp.canSelectMany) {
		qp.selectedItems = items.filter((i) => i.picked);
	}
	return new Promise((resolve) => {
		let result: T[] | undefined;
		qp.onDidAccept(() => {
			result = qp.canSelectMany ? [...qp.selectedItems] : qp.activeItems.slice(0, 1);
			qp.hide();
		});
		qp.onDidHide(() => {
			onShown(undefined);
			qp.dispose();
			resolve(result);
		});
		qp.show();
		onShown({ quickPick: qp as unknown as vscode.QuickPick<vscode.QuickPickItem>, placeHolder: opts.placeHolder });
	});
}
