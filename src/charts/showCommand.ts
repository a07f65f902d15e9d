import type { ExperimentResolver } from '../experiments/resolve';
import type { SelectionModel } from '../experiments/selection';

/**
 * "Show Charts" from every place it is contributed: an experiment's inline button passes its tree
 * handle (or a multi-selection), which is plotted; the palette, the view title and the status bar
 * pass nothing, and with nothing plotted yet a quick pick asks which experiments to plot, so the
 * panel never opens on an empty state the palette cannot leave. The panel opens either way.
 */
export async function showChartsFor(
	deps: { resolver: ExperimentResolver; selection: SelectionModel },
	show: () => void,
	arg: unknown,
	multi: unknown,
): Promise<void> {
	const named = deps.resolver.idsFromArgs(arg, multi);
	if (named.length > 0) {
		named.forEach((id) => deps.selection.set(id, true));
	} else if (deps.selection.selected.length === 0) {
		const picked = await deps.resolver.resolve(undefined, undefined, {
			placeHolder: 'Experiments to plot',
			many: true,
		});
		picked?.forEach((e) => deps.selection.set(e.id, true));
	}
	show();
}
