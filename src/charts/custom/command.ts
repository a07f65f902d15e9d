import * as vscode from 'vscode';
import { CommandIds } from '../../commands/ids';
import type { CustomColumn, CustomPlotConfig } from '../../shared/protocol';
import type { VscodeExperimentPicker } from '../../vscode/experimentPicker';
import type { CommandSink } from '../../vscode/lazyFeature';
import type { CustomPlotsHost } from './host';
import { parsePlotArg } from './config';
import { columnLabel } from './labels';

/** The shared quick pick (src/vscode/experimentPicker.ts): tests drive it as a user would. */
type Picker = Pick<VscodeExperimentPicker, 'choose' | 'inform'>;

/**
 * "Runlens: Add Custom Plot…": from the palette it asks for the kind and the columns; called with
 * `{ kind: 'scatter', x, y }` or `{ kind: 'parallel', columns }` (keybindings, tests) it adds that
 * plot. Either way the charts panel opens with the plot in its "Custom plots" section.
 */
export function registerAddCustomPlot(
	commands: CommandSink,
	host: CustomPlotsHost,
	show: () => void,
	picker: Picker,
): vscode.Disposable {
	return commands.register(CommandIds.addCustomPlot, async (arg: unknown) => {
		const columns = await host.columns();
		if (columns.length === 0) {
			picker.inform('Runlens: no experiment has params or metrics to plot yet.');
			return;
		}
		let plot: CustomPlotConfig | undefined;
		if (arg === undefined) {
			plot = await pickPlot(picker, columns);
		} else {
			const parsed = parsePlotArg(arg, new Map(columns.map((c) => [c.id, c])));
			if (!parsed.ok) {
				void vscode.window.showErrorMessage(`Runlens: cannot add the custom plot: ${parsed.error}`);
				return;
			}
			plot = parsed.plot;
		}
		if (plot) {
			host.addPlot(plot);
			show();
		}
	});
}

async function pickPlot(picker: Picker, columns: CustomColumn[]): Promise<CustomPlotConfig | undefined> {
	const [kind] =
		(await picker.choose(
			[
				{
					label: 'Scatter',
					description: 'one column against another, one point per experiment',
					plotKind: 'scatter' as const,
				},
				{
					label: 'Parallel coordinates',
					description: 'one line per experiment across columns',
					plotKind: 'parallel' as const,
				},
			],
			{ placeHolder: 'Custom plot kind' },
		)) ?? [];
	if (!kind) {
		return undefined;
	}
	const items = columns.map((c) => ({ label: columnLabel(c), description: c.kind, id: c.id }));
	const id = `${kind.plotKind}-${Date.now().toString(36)}`;
	if (kind.plotKind === 'parallel') {
		const picked = await picker.choose(items, { many: true, placeHolder: 'Columns (axes, in order)' });
		return picked && picked.length > 0 ? { id, kind: 'parallel', columns: picked.map((p) => p.id) } : undefined;
	}
	const [x] = (await picker.choose(items, { placeHolder: 'X axis column' })) ?? [];
	const [y] = (x && (await picker.choose(items, { placeHolder: 'Y axis column' }))) || [];
	return x && y ? { id, kind: 'scatter', x: x.id, y: y.id } : undefined;
}
