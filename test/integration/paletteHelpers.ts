// Drives the palette path of a command in real VS Code: runs it with no arguments and answers its
// quick picks as a user would (type a filter, wait for the list, accept through the workbench).
import * as vscode from 'vscode';
import type { ShownPick, VscodeExperimentPicker } from '../../src/vscode/experimentPicker';

export function nextPick(picker: VscodeExperimentPicker): Promise<ShownPick> {
	return new Promise((resolve) => {
		const sub = picker.onDidShow((shown) => {
			sub.dispose();
			resolve(shown);
		});
	});
}

/** Types `filter` into the quick pick as a user would, waits for it to filter, then accepts the top item. */
export async function accept(shown: ShownPick, filter: string, expectLabel: string): Promise<void> {
	const qp = shown.quickPick;
	qp.value = filter;
	await new Promise<void>((resolve, reject) => {
		const check = (): boolean => qp.activeItems[0]?.label === expectLabel;
		if (check()) {
			resolve();
			return;
		}
		const timer = setTimeout(() => {
			sub.dispose();
			reject(
				new Error(
					`the quick pick never showed ${expectLabel} first (it shows ${qp.activeItems.map((i) => i.label).join(', ')})`,
				),
			);
		}, 20_000);
		const sub = qp.onDidChangeActive(() => {
			if (check()) {
				clearTimeout(timer);
				sub.dispose();
				resolve();
			}
		});
	});
	await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** Runs a command with no arguments (the palette) and answers its quick picks in order. */
export async function fromPalette<T>(
	t: { picker: VscodeExperimentPicker },
	command: string,
	answers: [filter: string, label: string][],
): Promise<T> {
	let shown = nextPick(t.picker);
	const result = vscode.commands.executeCommand<T>(command);
	for (const [i, [filter, label]] of answers.entries()) {
		const pick = await shown;
		shown = i + 1 < answers.length ? nextPick(t.picker) : shown;
		await accept(pick, filter, label);
	}
	return result;
}

/**
 * In a many-pick: ticks the items labelled `labels` (as clicks on their checkboxes do), types the
 * first label and waits for the workbench to echo it, which proves it shows the pick with the
 * ticks (they go in one update), then accepts.
 */
export async function tickAndAccept(shown: ShownPick, labels: string[]): Promise<void> {
	const qp = shown.quickPick;
	qp.selectedItems = qp.items.filter((i) => labels.includes(i.label));
	const echoed = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			sub.dispose();
			reject(new Error(`the quick pick never showed "${labels[0]}" typed`));
		}, 20_000);
		const sub = qp.onDidChangeValue((v) => {
			if (v === labels[0]) {
				clearTimeout(timer);
				sub.dispose();
				resolve();
			}
		});
	});
	qp.value = labels[0];
	await echoed;
	await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}
