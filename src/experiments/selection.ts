import { Emitter } from '../util/event';

/**
 * Which experiments are plotted, and the colour each one keeps for as long as it is selected.
 * Shared by the tree (checkboxes, icon colour), the table and the chart panel (line colour). A
 * colour comes from a hash of the experiment's id, so it does not depend on the order runs were
 * ticked. No `vscode` here.
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

/** The colours an experiment's id hashes into: the palette, then golden-angle hues (64 in all). */
const COLOURS = Array.from({ length: 64 }, (_, i) => colourForIndex(i));

/** FNV-1a of the id: the same experiment lands on the same colour in every session and order. */
export function idHash(id: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		h ^= id.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** Hue (degrees) and lightness (0..1) of `#rrggbb` or `hsl(h, s%, l%)`. */
export function hueLightness(colour: string): { h: number; l: number } {
	const hsl = /^hsl\((\d+(?:\.\d+)?), *\d+%, *(\d+)%\)$/.exec(colour);
	if (hsl) {
		return { h: Number(hsl[1]), l: Number(hsl[2]) / 100 };
	}
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255);
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	const d = max - min;
	const h = d === 0 ? 0 : max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
	return { h: h * 60, l: (max + min) / 2 };
}

const SHADES = COLOURS.map(hueLightness);

/** Two colours a reader would confuse on a chart: near hues at a similar lightness. */
export function confusable(a: { h: number; l: number }, b: { h: number; l: number }): boolean {
	const dh = Math.abs(a.h - b.h);
	return Math.min(dh, 360 - dh) < 36 && Math.abs(a.l - b.l) < 0.25;
}

/**
 * An experiment's colour: its hashed slot, or the next one that no selected run holds and that no
 * selected run's colour is confusable with (three blues side by side read as one); when every slot
 * is close to a used one, the next unused slot; past all 64, further golden-angle hues.
 */
export function colourFor(id: string, used: ReadonlySet<string>): string {
	const start = idHash(id) % COLOURS.length;
	const usedShades = [...used].map(hueLightness);
	for (const distinct of [true, false]) {
		for (let k = 0; k < COLOURS.length; k++) {
			const slot = (start + k) % COLOURS.length;
			const colour = COLOURS[slot];
			if (!used.has(colour) && (!distinct || !usedShades.some((u) => confusable(u, SHADES[slot])))) {
				return colour;
			}
		}
	}
	let i = COLOURS.length + (idHash(id) % 997);
	while (used.has(colourForIndex(i))) {
		i++;
	}
	return colourForIndex(i);
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

	/** Selects these ids at once (a restored selection): one change event, colours in this order. */
	setMany(ids: readonly string[]): void {
		const added = ids.filter((id, i) => !this.isSelected(id) && ids.indexOf(id) === i);
		added.forEach((id) => this.add(id));
		if (added.length > 0) {
			this.emitter.fire({ selected: this.order });
		}
	}

	private add(id: string): void {
		// A run keeps its colour while selected; a collision moves only the newcomer.
		this.colours.set(id, colourFor(id, new Set(this.colours.values())));
		this.order.push(id);
	}

	dispose(): void {
		this.emitter.dispose();
	}
}
