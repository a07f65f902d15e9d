import type { Experiment } from '../model/types';
import { formatValue, fullValue } from './format';

/**
 * What the palette flows of "Open File at Revision" and "Copy Value" offer once an experiment is
 * picked: its files and its params/metrics values. Pure, so the lists are unit-tested.
 */

export interface FileChoice {
	file: string;
	/** What the file is to the experiment: params, metrics, plots, artifact, table. */
	role: string;
}

/** Every project file the experiment names, once each, in path order. */
export function experimentFileChoices(exp: Experiment): FileChoice[] {
	const roles = new Map<string, Set<string>>();
	const add = (file: string, role: string): void => {
		roles.set(file, (roles.get(file) ?? new Set()).add(role));
	};
	Object.keys(exp.params).forEach((f) => add(f, 'params'));
	Object.keys(exp.metrics).forEach((f) => add(f, 'metrics'));
	exp.series.forEach((s) => add(s.file, 'plots'));
	exp.images.forEach((i) => add(i.file, 'image'));
	exp.artifacts.filter((a) => !a.missing).forEach((a) => add(a.path, 'artifact'));
	exp.tables.forEach((t) => add(t.file, 'table'));
	return [...roles.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([file, r]) => ({ file, role: [...r].join(', ') }));
}

export interface ValueChoice {
	/** `file`, then the flattened key under it: the tree's naming (the file is the group). */
	file: string;
	key: string;
	group: 'params' | 'metrics';
	/** Short form for the list. */
	shown: string;
	/** Exact value for the clipboard. */
	value: string;
}

export function experimentValueChoices(exp: Experiment): ValueChoice[] {
	const out: ValueChoice[] = [];
	for (const group of ['params', 'metrics'] as const) {
		const values = exp[group];
		for (const file of Object.keys(values).sort()) {
			for (const [key, value] of Object.entries(values[file])) {
				out.push({ file, key, group, shown: formatValue(value), value: fullValue(value) });
			}
		}
	}
	return out;
}
