import type { Experiment, Project } from '../model/types';
import { notPulledCount, notPulledHint } from './notPulled';
import { parseNameFilter } from './filter';
import { firstLine, formatProgress, shortSha } from './format';
import { experimentDetails } from './treeDetails';
import { workspaceRunOf } from './running';
import { plural } from './treeExtras';
import type { TreeNode, TreeSnapshot } from './treeNode';
import { indexTree } from './treeNode';
import type { DetailSources } from './treeSources';

export interface TreeOptions {
	filter?: string;
	starred?: ReadonlySet<string>;
	onlyRunning?: boolean;
	colourOf?: (experimentId: string) => string | undefined;
	/** Events (with recorded lifecycle) and validated tables; the model's data alone when absent. */
	sources?: DetailSources;
	/** Show only events of this source. */
	eventSource?: string;
	/** False: experiment nodes without their detail subtrees (the experiments table needs only the rows). */
	details?: boolean;
}

interface Memo {
	baseline: Experiment | undefined;
	version: number;
	sources: DetailSources | undefined;
	eventSource: string | undefined;
	nodes: TreeNode[];
}

/**
 * Builds the experiments tree from the model. Detail subtrees are memoised per Experiment object
 * (and its baseline object), so a model that keeps unchanged experiments' objects gets unchanged
 * subtrees back by identity, which keeps rebuilds and diffs cheap while a run writes.
 */
export class TreeBuilder {
	private memo = new WeakMap<Experiment, Memo>();

	build(projects: readonly Project[], options: TreeOptions = {}): TreeSnapshot {
		const filter = parseNameFilter(options.filter);
		if (filter.kind === 'invalid') {
			return indexTree([messageNode('message:filter', `Invalid filter ${filter.text}: ${filter.error}`)]);
		}
		const ctx: BuildContext = {
			match: filter.kind === 'text' ? filter.test : () => true,
			starred: options.starred ?? new Set(),
			onlyRunning: options.onlyRunning ?? false,
			colourOf: options.colourOf ?? (() => undefined),
			details: options.details === false ? () => [] : (exp, baseline) => this.details(exp, baseline, options),
		};
		const perProject = projects.map((p) => ({ project: p, nodes: projectChildren(p, ctx) }));
		let roots: TreeNode[];
		if (projects.length > 1) {
			roots = perProject.filter((p) => p.nodes.length > 0).map((p) => projectNode(p.project, p.nodes));
		} else {
			roots = perProject[0]?.nodes ?? [];
		}
		if (roots.length === 0 && projects.length > 0 && (filter.kind === 'text' || ctx.onlyRunning)) {
			const why = [filter.kind === 'text' ? `match "${filter.text}"` : '', ctx.onlyRunning ? 'are running' : ''];
			roots = [messageNode('message:empty', `No experiments ${why.filter(Boolean).join(' and ')}`)];
		}
		return indexTree(roots);
	}

	private details(exp: Experiment, baseline: Experiment | undefined, options: TreeOptions): TreeNode[] {
		const { sources, eventSource } = options;
		const version = sources?.version(exp.id) ?? 0;
		const hit = this.memo.get(exp);
		if (
			hit &&
			hit.baseline === baseline &&
			hit.version === version &&
			hit.sources === sources &&
			hit.eventSource === eventSource
		) {
			return hit.nodes;
		}
		const nodes = experimentDetails(exp, baseline, { sources, eventSource });
		this.memo.set(exp, { baseline, version, sources, eventSource, nodes });
		return nodes;
	}
}

interface BuildContext {
	match: (exp: Experiment) => boolean;
	starred: ReadonlySet<string>;
	onlyRunning: boolean;
	colourOf: (id: string) => string | undefined;
	details: (exp: Experiment, baseline: Experiment | undefined) => TreeNode[];
}

function messageNode(id: string, label: string): TreeNode {
	return { id, kind: 'message', label, children: [] };
}

function projectNode(project: Project, children: TreeNode[]): TreeNode {
	const name = project.subdir || project.root.split(/[\\/]/).filter(Boolean).pop() || project.root;
	return {
		id: `project:${project.id}`,
		kind: 'project',
		label: name,
		description: project.root,
		tooltip: project.root,
		children,
	};
}

function projectChildren(project: Project, ctx: BuildContext): TreeNode[] {
	const commits = project.experiments.filter((e) => e.kind === 'commit');
	const workspace = project.experiments.find((e) => e.kind === 'workspace');
	const bySha = new Map(commits.map((c) => [c.rev, c]));
	// A run writing into the workspace is the workspace row (which names it), not a second row.
	const workspaceRun = workspace && workspaceRunOf(workspace, project.experiments);
	const children = new Map<string, Experiment[]>();
	for (const exp of project.experiments) {
		if (exp.kind === 'experiment' && exp !== workspaceRun) {
			const key = exp.baselineSha ?? '';
			// Push, not spread: copying the list per experiment is quadratic (seconds at 10,000 experiments).
			const list = children.get(key);
			if (list) {
				list.push(exp);
			} else {
				children.set(key, [exp]);
			}
		}
	}
	const nodes: TreeNode[] = [];
	if (workspace) {
		// The workspace's baseline is HEAD, which the model lists as the first commit.
		pushIfVisible(nodes, baselineNode(workspace, commits[0], [], ctx, workspaceRun));
	}
	const baselineNodes: TreeNode[] = [];
	const remoteNodes: TreeNode[] = [];
	for (const commit of commits) {
		const into = commit.remoteOnly ? remoteNodes : baselineNodes;
		pushIfVisible(into, baselineNode(commit, undefined, children.get(commit.rev) ?? [], ctx));
	}
	for (const [sha, orphans] of children) {
		if (!bySha.has(sha)) {
			pushIfVisible(baselineNodes, orphanBaseline(project, sha, orphans, ctx));
		}
	}
	const out = nodes.concat(starredFirst(baselineNodes));
	if (remoteNodes.length > 0) {
		const remotes = commits.flatMap((c) => (c.remoteOnly ? (c.remoteBranches ?? []) : []));
		out.push(remoteGroup(project, remotes, starredFirst(remoteNodes)));
	}
	// One explanation per project, above its rows (not when a filter leaves no rows).
	const hint = out.length > 0 ? notPulledHint(project) : undefined;
	return hint ? [hint, ...out] : out;
}

/** Commits only remote-tracking branches reach: apart from local history, collapsed (a plain group). */
function remoteGroup(project: Project, remotes: string[], children: TreeNode[]): TreeNode {
	return {
		id: `${project.id}|remotes`,
		kind: 'group',
		group: 'remotes',
		label: 'Remote branches',
		description: [...new Set(remotes)].sort().join(', '),
		tooltip: 'Commits reachable only from remote-tracking branches (runlens.showRemoteBranches)',
		children,
	};
}

function pushIfVisible(into: TreeNode[], node: TreeNode | undefined): void {
	if (node) {
		into.push(node);
	}
}

function starredFirst(nodes: TreeNode[]): TreeNode[] {
	return [...nodes.filter((n) => n.starred), ...nodes.filter((n) => !n.starred)];
}

const STATUS_RANK = { running: 0, queued: 1, success: 2, failed: 2 } as const;

/** Starred first, then running, queued, then newest first. */
export function compareExperiments(a: Experiment, b: Experiment, starred: ReadonlySet<string>): number {
	const star = Number(starred.has(b.id)) - Number(starred.has(a.id));
	if (star !== 0) {
		return star;
	}
	const status = STATUS_RANK[a.status] - STATUS_RANK[b.status];
	if (status !== 0) {
		return status;
	}
	return (b.timestamp ?? 0) - (a.timestamp ?? 0) || a.name.localeCompare(b.name);
}

function visibleExperiments(exps: Experiment[], ctx: BuildContext): Experiment[] {
	return exps
		.filter((e) => ctx.match(e) && (!ctx.onlyRunning || e.status === 'running'))
		.sort((a, b) => compareExperiments(a, b, ctx.starred));
}

function baselineNode(
	exp: Experiment,
	baseline: Experiment | undefined,
	exps: Experiment[],
	ctx: BuildContext,
	runs?: Experiment,
): TreeNode | undefined {
	const visible = visibleExperiments(exps, ctx).map((e) => experimentNode(e, exp, [], ctx));
	const matches = ctx.match(exp) || (runs !== undefined && ctx.match(runs));
	const selfVisible = matches && (!ctx.onlyRunning || exp.status === 'running');
	if (!selfVisible && visible.length === 0) {
		return undefined;
	}
	const node = experimentNode(exp, baseline, visible, ctx);
	if (runs) {
		node.description = [runs.name, node.description].filter(Boolean).join(' · ');
		node.tooltip = `${node.tooltip ?? ''}\n\nRunning experiment ${runs.name} in the workspace`;
	}
	return node;
}

function orphanBaseline(project: Project, sha: string, exps: Experiment[], ctx: BuildContext): TreeNode | undefined {
	const visible = visibleExperiments(exps, ctx).map((e) => experimentNode(e, undefined, [], ctx));
	if (visible.length === 0) {
		return undefined;
	}
	const label = sha ? shortSha(sha) : 'unknown baseline';
	return {
		id: `${project.id}|orphans|${sha}`,
		kind: 'baseline',
		label,
		description: 'baseline not shown',
		tooltip: sha,
		children: visible,
	};
}

function experimentNode(
	exp: Experiment,
	baseline: Experiment | undefined,
	childExps: TreeNode[],
	ctx: BuildContext,
): TreeNode {
	const starred = ctx.starred.has(exp.id);
	const node: TreeNode = {
		id: exp.id,
		kind: exp.kind === 'experiment' ? 'experiment' : 'baseline',
		label: exp.name,
		description: describe(exp, starred),
		tooltip: tooltipOf(exp),
		experimentId: exp.id,
		status: exp.status,
		expKind: exp.kind,
		starred,
		children: childExps.length ? [...childExps, ...ctx.details(exp, baseline)] : ctx.details(exp, baseline),
	};
	const colour = ctx.colourOf(exp.id);
	if (colour) {
		node.colour = colour;
	}
	if (exp.error) {
		node.error = exp.error;
	}
	return node;
}

function describe(exp: Experiment, starred: boolean): string {
	const parts: string[] = [];
	if (starred) {
		parts.push('★');
	}
	const progress = exp.status === 'running' ? formatProgress(exp) : undefined;
	if (progress) {
		parts.push(progress);
	} else if (exp.status === 'queued' || exp.status === 'failed') {
		parts.push(exp.status);
	}
	if (exp.kind === 'commit') {
		if (shortSha(exp.rev) !== exp.name) {
			parts.push(shortSha(exp.rev));
		}
		parts.push(firstLine(exp.message));
	} else if (exp.kind === 'experiment' && !progress) {
		parts.push(shortSha(exp.rev));
	}
	const notPulled = notPulledCount(exp);
	const errors = exp.errors.filter((e) => !e.notPulled).length;
	if (errors > 0) {
		parts.push(plural(errors, 'error'));
	}
	if (notPulled > 0) {
		parts.push('not pulled');
	}
	return parts.filter(Boolean).join(' · ');
}

function tooltipOf(exp: Experiment): string {
	const lines = [`${exp.name} (${exp.status})`];
	if (exp.kind !== 'workspace') {
		lines.push(exp.rev);
	}
	for (const [label, names] of [
		['branches', exp.branches],
		['tags', exp.tags],
		['remote branches', exp.remoteBranches],
	] as const) {
		if (names?.length) {
			lines.push(`${label}: ${names.join(', ')}`);
		}
	}
	if (exp.timestamp !== undefined) {
		lines.push(new Date(exp.timestamp).toISOString());
	}
	const progress = formatProgress(exp);
	if (progress) {
		lines.push(progress);
	}
	if (exp.message) {
		lines.push('', exp.message.trim());
	}
	if (exp.error) {
		lines.push('', `Error: ${exp.error}`);
	}
	return lines.join('\n');
}
