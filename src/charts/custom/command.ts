import * as vscode from 'vscode';
import { CommandIds } from '../../commands/ids';
import type { CustomColumn, CustomPlotConfig } from '../../shared/protocol';
import type { CommandSink } from '../../vscode/lazyFeature';
import type { CustomPlotsHost } from './host';
import { parsePlotArg } from './config';
import { columnLabel } from './labels';

/**
 * "Runlens: Add Custom Plot…": from the palette it asks for the kind and the columns; called with
 * `{ kind: 'scatter', x, y }` or `{ kind: 'parallel', columns }` (keybindings, tests) it adds that
 * plot. Either way the charts panel opens with the plot in its "Custom plots" section.
 */
export function registerAddCustomPlot(
	commands: CommandSink,
	host: CustomPlotsHost,
	show: () => void,
): vscode.Disposable {
	return commands.register(CommandIds.addCustomPlot, async (arg: unknown) => {
		const columns = await host.columns();
		if (columns.length === 0) {
			void vscode.window.showInformationMessage('Runlens: no experiment has params or metrics to plot yet.');
			return;
		}
		let plot: CustomPlotConfig | undefined;
		if (arg === undefined) {
			plot = await pickPlot(columns);
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

async function pickPlot(columns: CustomColumn[]): Promise<CustomPlotConfig | undefined> {
	const kind = await vscode.window.showQuickPick(
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
	);
	if (!kind) {
		return undefined;
	}
	const items = columns.map((c) => ({ label: columnLabel(c), description: c.kind, id: c.id }));
	const id = `${kind.plotKind}-${Date.now().toString(36)}`;
	if (kind.plotKind === 'parallel') {
		const picked = await vscode.window.showQuickPick(items, {
			canPickMany: true,
			placeHolder: 'Columns (axes, in order)',
		});
		return picked && picked.length > 0 ? { id, kind: 'parallel', columns: picked.map((p) => p.id) } : undefined;
	}
	const x = await vscode.window.showQuickPick(items, { placeHolder: 'X axis column' });
	const y = x && (await vscode.window.showQuickPick(items, { placeHolder: 'Y axis column' }));
	return x && y ? { id, kind: 'scatter', x: x.id, y: y.id } : undefined;
}
