import { Emitter } from '../util/event';

/**
 * Which experiments are plotted, and the colour each one keeps for as long as it is selected.
 * Shared by the tree (checkboxes, icon colour) and the chart panel (line colour). No `vscode` here.
 */

// 6 theme colours first (VS Code's --vscode-charts-* set), then a fixed palette so that any number of
// runs stays distinguishable: there is no cap on selected experiments.
export const PALETTE = [
	'#3794ff',
	'#f14c4c',
	'#89d185',
	'#cca700',
	'#b180d7',
	'#f28b22',
	'#4ec9b0',
	'#d16d9e',
	'#9cdcfe',
	'#ce9178',
	'#6a9955',
	'#c586c0',
	'#dcdcaa',
	'#569cd6',
	'#d7ba7d',
	'#e06c75',
	'#61afef',
	'#98c379',
];

export function colourForIndex(index: number): string {
	if (index < PALETTE.length) {
		return PALETTE[index];
	}
	// Past the palette: golden-angle hues keep neighbours apart without ever repeating exactly.
	const hue = Math.round((index * 137.508) % 360);
	return `hsl(${hue}, 65%, 55%)`;
}

export interface SelectionChange {
	selected: readonly string[];
}

export class SelectionModel {
	private readonly colours = new Map<string, string>();
	private readonly order: string[] = [];
	private readonly emitter = new Emitter<SelectionChange>();
	readonly onDidChangeSelection = this.emitter.event;

	constructor(initial: readonly string[] = []) {
		for (const id of initial) {
			this.add(id);
		}
	}

	get selected(): readonly string[] {
		return this.order;
	}

	isSelected(id: string): boolean {
		return this.colours.has(id);
	}

	colourOf(id: string): string | undefined {
		return this.colours.get(id);
	}

	set(id: string, selected: boolean): void {
		if (selected === this.isSelected(id)) {
			return;
		}
		if (selected) {
			this.add(id);
		} else {
			this.colours.delete(id);
			this.order.splice(this.order.indexOf(id), 1);
		}
		this.emitter.fire({ selected: this.order });
	}

	toggle(id: string): void {
		this.set(id, !this.isSelected(id));
	}

	/** Drops ids that no longer exist (experiment removed), keeping everyone else's colour. */
	retain(exists: (id: string) => boolean): void {
		const gone = this.order.filter((id) => !exists(id));
		for (const id of gone) {
			this.set(id, false);
		}
	}

	private add(id: string): void {
		// The lowest colour not in use, so a run keeps its colour and freed colours are reused.
		const used = new Set(this.colours.values());
		let i = 0;
		while (used.has(colourForIndex(i))) {
			i++;
		}
		this.colours.set(id, colourForIndex(i));
		this.order.push(id);
	}

	dispose(): void {
		this.emitter.dispose();
	}
}
