import * as assert from 'node:assert/strict';
import { distinctRuns, runningSummary } from '../../../src/experiments/running';
import { TreeBuilder } from '../../../src/experiments/treeModel';
import type { TreeNode } from '../../../src/experiments/treeNode';
import type { Project } from '../../../src/model/types';
import { exp, sha } from './helpers';

/** The model's view of a DVCLive run writing into the workspace: the running workspace and its experiment row. */
function liveProject(): Project {
	const head = sha(1);
	return {
		id: 'p',
		root: '/repo',
		subdir: '',
		experiments: [
			exp({
				id: 'p|workspace',
				name: 'workspace',
				kind: 'workspace',
				rev: 'workspace',
				status: 'running',
				progress: { step: 29, total: 50 },
			}),
			exp({ id: `p|${head}`, name: 'main', kind: 'commit', rev: head, timestamp: 3000 }),
			exp({
				id: `p|exp|${head}|live-demo`,
				name: 'live-demo',
				baselineSha: head,
				rev: 'workspace',
				status: 'running',
				inWorkspace: true,
				progress: { step: 29, total: 50 },
			}),
			exp({ id: `p|exp|${head}|done-run`, name: 'done-run', baselineSha: head, rev: sha(5) }),
		],
	};
}

function all(nodes: TreeNode[]): TreeNode[] {
	return nodes.flatMap((n) => [n, ...all(n.children)]);
}

describe('a run writing into the workspace is shown once', () => {
	it('the tree has one row for it: the workspace row, naming the experiment it runs', () => {
		const tree = new TreeBuilder().build([liveProject()]);
		const rows = all(tree.roots).filter((n) => n.kind === 'baseline' || n.kind === 'experiment');
		assert.deepEqual(
			rows.map((n) => n.label),
			['workspace', 'main', 'done-run'],
		);
		const ws = tree.roots[0];
		assert.equal(ws.description, 'live-demo · ▰▰▰▱▱ 60% · 30/50 steps');
		assert.match(ws.tooltip ?? '', /Running experiment live-demo in the workspace/);
	});

	it('filtering by the experiment name keeps the workspace row that runs it', () => {
		const tree = new TreeBuilder().build([liveProject()], { filter: 'live-demo' });
		assert.deepEqual(
			tree.roots.map((n) => n.label),
			['workspace'],
		);
	});

	it('the status bar names it once, as the experiment in the workspace', () => {
		const runs = liveProject().experiments;
		assert.deepEqual(
			distinctRuns(runs).map((r) => r.name),
			['live-demo (workspace)'],
		);
		assert.equal(runningSummary(runs)?.text, '$(sync~spin) live-demo (workspace) ▰▰▰▱▱ 60% · 30/50 steps');
		assert.match(runningSummary(runs)?.tooltip ?? '', /^1 running\n/);
	});

	it('a run in its own temp dir (not the workspace) stays its own row beside a running workspace', () => {
		const project = liveProject();
		project.experiments[2] = { ...project.experiments[2], inWorkspace: false };
		const rows = all(new TreeBuilder().build([project]).roots).filter((n) => n.kind !== 'group' && n.kind !== 'value');
		assert.ok(rows.some((n) => n.label === 'live-demo'));
		assert.equal(distinctRuns(project.experiments).length, 2);
	});
});
