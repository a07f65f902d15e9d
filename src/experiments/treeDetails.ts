import type { Experiment, FileError, FlatValues, ParamValue } from '../model/types';
import { formatValue, fullValue, humanSize, valuesEqual } from './format';
import type { GroupKind, TreeNode } from './treeNode';

/** Events beyond this many (the newest are kept) would make the group unusable and slow. */
export const MAX_EVENTS = 100;

/** The children describing one experiment: errors, Params, Metrics, Plots, Artifacts, Events, Tables. */
export function experimentDetails(exp: Experiment, baseline: Experiment | undefined): TreeNode[] {
	const nodes: TreeNode[] = errorNodes(exp);
	const groups: [GroupKind, string, TreeNode[]][] = [
		['params', 'Params', valueNodes(exp, 'params', exp.params, baseline?.params)],
		['metrics', 'Metrics', valueNodes(exp, 'metrics', exp.metrics, baseline?.metrics)],
		['plots', 'Plots', plotNodes(exp)],
		['artifacts', 'Artifacts', artifactNodes(exp)],
		['events', 'Events', eventNodes(exp)],
		['tables', 'Tables', tableNodes(exp)],
	];
	for (const [group, label, children] of groups) {
		if (children.length > 0) {
			nodes.push(groupNode(exp, group, label, children));
		}
	}
	return nodes;
}

function groupNode(exp: Experiment, group: GroupKind, label: string, children: TreeNode[]): TreeNode {
	const changed = children.filter((c) => c.changed).length;
	const count = group === 'events' ? exp.events.length : children.length;
	return {
		id: `${exp.id}/${group}`,
		kind: 'group',
		group,
		label,
		description: changed > 0 ? `${count} · ${changed} changed` : String(count),
		experimentId: exp.id,
		children,
	};
}

function errorNodes(exp: Experiment): TreeNode[] {
	const nodes: TreeNode[] = [];
	if (exp.error) {
		nodes.push({
			id: `${exp.id}/error`,
			kind: 'error',
			label: 'Error',
			description: exp.error,
			tooltip: exp.error,
			experimentId: exp.id,
			children: [],
		});
	}
	exp.errors.forEach((err, i) => nodes.push(fileErrorNode(exp.id, `${exp.id}/errors/${i}`, err)));
	return nodes;
}

export function fileErrorNode(experimentId: string, id: string, err: FileError): TreeNode {
	const where = err.line === undefined ? err.file : `${err.file}:${err.line}`;
	const node: TreeNode = {
		id,
		kind: 'error',
		label: where,
		description: err.message,
		tooltip: `${where}\n${err.message}`,
		experimentId,
		file: err.file,
		error: err.message,
		children: [],
	};
	if (err.line !== undefined) {
		node.line = err.line;
	}
	return node;
}

/** Keys from every file, prefixed with `file:` only when two files share a key. */
function valueNodes(
	exp: Experiment,
	group: GroupKind,
	values: Record<string, FlatValues>,
	base: Record<string, FlatValues> | undefined,
): TreeNode[] {
	const counts = new Map<string, number>();
	for (const flat of Object.values(values)) {
		for (const key of Object.keys(flat)) {
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	const nodes: TreeNode[] = [];
	for (const file of Object.keys(values).sort()) {
		for (const [key, value] of Object.entries(values[file])) {
			const label = (counts.get(key) ?? 0) > 1 ? `${file}:${key}` : key;
			nodes.push(valueNode(exp, group, file, key, label, value, base));
		}
	}
	return nodes;
}

function valueNode(
	exp: Experiment,
	group: GroupKind,
	file: string,
	key: string,
	label: string,
	value: ParamValue,
	base: Record<string, FlatValues> | undefined,
): TreeNode {
	let description = formatValue(value);
	let tooltip = `${file}:${key}\n${fullValue(value)}`;
	let changed = false;
	if (base) {
		const baseFile = base[file];
		if (!baseFile || !(key in baseFile)) {
			changed = true;
			description += ' (new)';
			tooltip += '\nnot in baseline';
		} else if (!valuesEqual(value, baseFile[key])) {
			changed = true;
			description += ` (baseline ${formatValue(baseFile[key])})`;
			tooltip += `\nbaseline: ${fullValue(baseFile[key])}`;
		}
	}
	return {
		id: `${exp.id}/${group}/${file}:${key}`,
		kind: 'value',
		label,
		description,
		tooltip,
		experimentId: exp.id,
		file,
		value: fullValue(value),
		changed,
		children: [],
	};
}

function plotNodes(exp: Experiment): TreeNode[] {
	const nodes: TreeNode[] = exp.series.map((s) => ({
		id: `${exp.id}/plots/${s.id}`,
		kind: 'series' as const,
		label: s.name,
		description: s.file,
		tooltip: `${s.file}\ny: ${s.column}, x: ${s.x}`,
		experimentId: exp.id,
		file: s.file,
		children: [],
	}));
	// Step folders (`samples/{step}.png`) can hold thousands of images: one node per folder.
	const groups = new Map<string, { count: number; file: string }>();
	for (const image of exp.images) {
		if (image.group !== undefined) {
			const g = groups.get(image.group);
			groups.set(image.group, { count: (g?.count ?? 0) + 1, file: g?.file ?? image.file });
			continue;
		}
		nodes.push({
			id: `${exp.id}/plots/image/${image.file}`,
			kind: 'image',
			label: image.name,
			description: image.file,
			tooltip: image.file,
			experimentId: exp.id,
			file: image.file,
			children: [],
		});
	}
	for (const [group, { count, file }] of groups) {
		const dir = file.slice(0, file.lastIndexOf('/'));
		nodes.push({
			id: `${exp.id}/plots/images/${group}`,
			kind: 'image',
			label: group,
			description: `${count} images`,
			tooltip: dir,
			experimentId: exp.id,
			file: dir,
			children: [],
		});
	}
	return nodes;
}

function artifactNodes(exp: Experiment): TreeNode[] {
	return exp.artifacts.map((a) => {
		const parts = [a.type, a.missing ? 'missing' : humanSize(a.size)].filter((p): p is string => !!p);
		const tooltip = [a.path, a.type && `type: ${a.type}`, a.desc, a.missing ? 'missing' : undefined]
			.filter((p): p is string => !!p)
			.join('\n');
		return {
			id: `${exp.id}/artifacts/${a.name}`,
			kind: 'artifact' as const,
			label: a.name,
			description: parts.join(' · '),
			tooltip,
			experimentId: exp.id,
			file: a.path,
			missing: a.missing,
			children: [],
		};
	});
}

function eventNodes(exp: Experiment): TreeNode[] {
	const start = Math.max(0, exp.events.length - MAX_EVENTS);
	const nodes: TreeNode[] = [];
	for (let i = exp.events.length - 1; i >= start; i--) {
		const ev = exp.events[i];
		const when = ev.wallclock === undefined ? undefined : new Date(ev.wallclock).toISOString();
		const description = [ev.step === undefined ? undefined : `step ${ev.step}`, when].filter(Boolean).join(' · ');
		const meta = ev.metadata ? JSON.stringify(ev.metadata, null, 2) : undefined;
		const tooltip = [ev.name, ev.source && `source: ${ev.source}`, when, meta].filter(Boolean).join('\n');
		nodes.push({
			id: `${exp.id}/events/${i}`,
			kind: 'event',
			label: ev.name,
			description,
			tooltip,
			experimentId: exp.id,
			children: [],
		});
	}
	if (start > 0) {
		nodes.push({
			id: `${exp.id}/events/more`,
			kind: 'message',
			label: `… ${start} earlier events`,
			experimentId: exp.id,
			children: [],
		});
	}
	return nodes;
}

function tableNodes(exp: Experiment): TreeNode[] {
	return exp.tables.map((t) => {
		const id = `${exp.id}/tables/${t.file}`;
		const description = [
			t.rows === undefined ? undefined : `${t.rows} rows`,
			t.errors.length ? plural(t.errors.length, 'error') : undefined,
		]
			.filter(Boolean)
			.join(' · ');
		const children = t.errors.map((err, i) => fileErrorNode(exp.id, `${id}/errors/${i}`, err));
		return {
			id,
			kind: 'table' as const,
			label: t.displayName ?? t.file,
			description,
			tooltip: t.file,
			experimentId: exp.id,
			file: t.file,
			children,
		};
	});
}

export function plural(n: number, word: string): string {
	return n === 1 ? `1 ${word}` : `${n} ${word}s`;
}
