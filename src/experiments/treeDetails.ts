import type { Experiment, FlatValues, ParamValue, RunEvent } from '../model/types';
import { absentLabel } from './notPulled';
import { formatValue, fullValue, humanSize, valuesEqual } from './format';
import type { GroupKind, TreeNode } from './treeNode';
import { eventNodes, fileErrorNode, plural, tableNodes } from './treeExtras';
import type { DetailSources } from './treeSources';
import { modelOnlySources } from './treeSources';

export interface DetailOptions {
	sources?: DetailSources;
	/** Show only events of this source. */
	eventSource?: string;
}

/** The children describing one experiment: errors, Params, Metrics, Plots, Artifacts, Events, Tables. */
export function experimentDetails(
	exp: Experiment,
	baseline: Experiment | undefined,
	opts: DetailOptions = {},
): TreeNode[] {
	const sources = opts.sources ?? modelOnlySources;
	const nodes: TreeNode[] = errorNodes(exp);
	const groups: [GroupKind, string, TreeNode[]][] = [
		['params', 'Params', valueNodes(exp, 'params', exp.params, baseline?.params)],
		['metrics', 'Metrics', valueNodes(exp, 'metrics', exp.metrics, baseline?.metrics)],
		['plots', 'Plots', plotNodes(exp)],
		['artifacts', 'Artifacts', artifactNodes(exp)],
	];
	for (const [group, label, children] of groups) {
		if (children.length > 0) {
			nodes.push(groupNode(exp, group, label, children));
		}
	}
	const events = eventsGroup(exp, sources, opts.eventSource);
	if (events) {
		nodes.push(events);
	}
	const tables = sources.tables(exp);
	if (tables.length > 0) {
		nodes.push(groupNode(exp, 'tables', 'Tables', tableNodes(exp.id, tables)));
	}
	return nodes;
}

function groupNode(exp: Experiment, group: GroupKind, label: string, children: TreeNode[]): TreeNode {
	// Params and metrics hold file groups: count the values in them.
	const leaves = children.flatMap((c) => (c.kind === 'group' ? c.children : [c]));
	const changed = leaves.filter((c) => c.changed).length;
	const count = leaves.length;
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

/**
 * Shown while the experiment has any event (or an unreadable events.jsonl), even when the source
 * filter hides them all: the group is where the filter is changed.
 */
function eventsGroup(exp: Experiment, sources: DetailSources, source: string | undefined): TreeNode | undefined {
	const all: RunEvent[] = sources.events(exp);
	const fileErrors = exp.errors.filter((e) => e.file === 'events.jsonl' || e.file.endsWith('/events.jsonl'));
	if (all.length === 0 && fileErrors.length === 0) {
		return undefined;
	}
	const shown = source === undefined ? all : sources.events(exp, source);
	const errors = fileErrors.map((err, i) => fileErrorNode(exp.id, `${exp.id}/events/errors/${i}`, err));
	const parts = [source === undefined ? String(shown.length) : `${shown.length} of ${all.length} · source: ${source}`];
	if (errors.length > 0) {
		parts.push(plural(errors.length, 'error'));
	}
	return {
		id: `${exp.id}/events`,
		kind: 'group',
		group: 'events',
		label: 'Events',
		description: parts.join(' · '),
		tooltip: source === undefined ? 'All sources' : `Only events of source ${source}`,
		experimentId: exp.id,
		children: [...errors, ...eventNodes(exp, shown)],
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

/**
 * One naming rule for params and metrics everywhere: the file is a group, its flattened keys
 * (`model.name`, as DVC flattens them) are listed under it, never `file:key` in one mixed list.
 */
function valueNodes(
	exp: Experiment,
	group: GroupKind,
	values: Record<string, FlatValues>,
	base: Record<string, FlatValues> | undefined,
): TreeNode[] {
	return Object.keys(values)
		.sort()
		.map((file) => {
			const children = Object.entries(values[file]).map(([key, value]) =>
				valueNode(exp, group, file, key, key, value, base),
			);
			const changed = children.filter((c) => c.changed).length;
			return {
				id: `${exp.id}/${group}/${file}`,
				kind: 'group' as const,
				group,
				label: file,
				description: changed > 0 ? `${children.length} · ${changed} changed` : String(children.length),
				tooltip: file,
				experimentId: exp.id,
				file,
				children,
			};
		})
		.filter((n) => n.children.length > 0);
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
		const parts = [a.type, a.missing ? absentLabel(a) : humanSize(a.size)].filter((p): p is string => !!p);
		const tooltip = [a.path, a.type && `type: ${a.type}`, a.desc, a.missing ? absentLabel(a) : undefined]
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
			...(a.notPulled ? { notPulled: true } : {}),
			children: [],
		};
	});
}
