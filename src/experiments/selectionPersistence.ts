import type { Disposable } from '../util/event';
import type { SelectionModel } from './selection';

/** The slice of `vscode.Memento` (workspaceState) this needs. */
export interface SelectionMemento {
	get<T>(key: string): T | undefined;
	update(key: string, value: unknown): Thenable<void>;
}

export const SELECTION_KEY = 'runlens.selection';

/**
 * Keeps the ticked experiments across reloads, per workspace: once the model's first scan is done
 * the saved ids that still exist are ticked again (in their saved order, so collisions resolve to
 * the same colours), and from then on every change is saved. Nothing is saved before the restore,
 * so the empty selection of a starting window never overwrites the saved one.
 */
export function persistSelection(
	selection: SelectionModel,
	model: { ready: Promise<void>; getExperiment(id: string): unknown },
	memento: SelectionMemento,
): Disposable {
	let disposed = false;
	let restored = false;
	const save = () => void memento.update(SELECTION_KEY, [...selection.selected]);
	const listener = selection.onDidChangeSelection(() => restored && save());
	void model.ready.then(() => {
		if (disposed) {
			return;
		}
		const saved = memento.get<unknown>(SELECTION_KEY);
		const ids = Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [];
		selection.setMany(ids.filter((id) => model.getExperiment(id) !== undefined));
		restored = true;
		save();
	});
	return {
		dispose: () => {
			disposed = true;
			listener.dispose();
		},
	};
}
