import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { TreeNode } from '../../../src/experiments/treeNode';
import { TreeBuilder } from '../../../src/experiments/treeModel';
import type { Project } from '../../../src/model/types';
import { exp, sampleProject, sha } from './helpers';

const labels = (nodes: TreeNode[]): string[] => nodes.map((n) => n.label);
const expChildren = (node: TreeNode): TreeNode[] => node.children.filter((c) => c.kind === 'experiment');

describe('experiments tree model', () => {
	it('puts workspace first, then baselines, experiments under their baseline: running first, then newest', () => {
		const tree = new TreeBuilder().build([sampleProject()]);
		assert.deepEqual(labels(tree.roots), ['workspace', 'main', sha(2).slice(0, 7)]);
		assert.deepEqual(labels(expChildren(tree.roots[1])), ['live', 'new-run', 'old-run']);
		assert.deepEqual(labels(expChildren(tree.roots[2])), ['first']);
	});

	it('describes baselines with short sha and message, running runs with step/total', () => {
		const tree = new TreeBuilder().build([sampleProject()]);
		assert.equal(tree.roots[1].description, `${sha(1).slice(0, 7)} · Train longer`);
		assert.equal(tree.roots[2].description, 'init');
		assert.equal(tree.byId.get(`p|exp|${sha(1)}|live`)?.description, '▰▰▰▰▱ 70% · 7/10 steps');
		assert.equal(tree.byId.get(`p|exp|${sha(2)}|first`)?.description, `failed · ${sha(14).slice(0, 7)}`);
		assert.match(tree.byId.get(`p|exp|${sha(2)}|first`)?.tooltip ?? '', /Error: boom <b>/);
	});

	it('shows `step N` without a total', () => {
		const p = sampleProject();
		p.experiments[5] = { ...p.experiments[5], progress: { step: 3 } };
		const tree = new TreeBuilder().build([p]);
		assert.equal(tree.byId.get(`p|exp|${sha(1)}|live`)?.description, 'step 3');
	});

	it('adds a project level only when there are several projects', () => {
		const a = sampleProject();
		const b: Project = {
			id: 'q',
			root: '/repo/sub',
			subdir: 'sub',
			experiments: [exp({ id: 'q|workspace', name: 'workspace', kind: 'workspace', rev: 'workspace', projectId: 'q' })],
		};
		const tree = new TreeBuilder().build([a, b]);
		assert.deepEqual(labels(tree.roots), ['repo', 'sub']);
		assert.deepEqual(labels(tree.roots[1].children), ['workspace']);
		assert.equal(tree.roots[0].id, 'project:p');
	});

	it('marks params changed against the baseline (and new keys)', () => {
		const tree = new TreeBuilder().build([sampleProject()]);
		const params = tree.byId.get(`p|exp|${sha(1)}|live/params`);
		assert.ok(params);
		assert.deepEqual(labels(params.children), ['params.yaml']);
		const file = params.children[0];
		assert.equal(file.description, '3 · 2 changed');
		const byLabel = Object.fromEntries(file.children.map((c) => [c.label, c]));
		assert.equal(byLabel.lr.changed, true);
		assert.equal(byLabel.lr.description, '0.002 (baseline 0.001)');
		assert.equal(byLabel.epochs.changed, false);
		assert.equal(byLabel.epochs.description, '10');
		assert.equal(byLabel.extra.description, 'x (new)');
		assert.equal(params.description, '3 · 2 changed');
		// The workspace compares with HEAD, the first commit.
		const ws = tree.byId.get('p|workspace/params/params.yaml:lr');
		assert.equal(ws?.changed, true);
		assert.equal(ws?.value, '0.01');
	});

	it('names values one way: the file is a group and its keys are listed under it', () => {
		const p = sampleProject();
		p.experiments[1] = {
			...p.experiments[1],
			metrics: { 'a.json': { loss: 1.23456789, acc: 0.5 }, 'b.json': { loss: 2 } },
		};
		const tree = new TreeBuilder().build([p]);
		const metrics = tree.byId.get(`p|${sha(1)}/metrics`);
		assert.deepEqual(labels(metrics?.children ?? []), ['a.json', 'b.json']);
		assert.equal(metrics?.description, '3');
		const [a, b] = metrics?.children ?? [];
		assert.equal(a.file, 'a.json');
		assert.deepEqual(labels(a.children), ['loss', 'acc']);
		assert.deepEqual(labels(b.children), ['loss']);
		assert.equal(a.children[0].description, '1.2346');
		assert.equal(a.children[0].value, '1.23456789');
		assert.equal(a.children[0].file, 'a.json');
		assert.equal(a.children[0].id, `p|${sha(1)}/metrics/a.json:loss`);
		// Nested keys stay flattened as DVC flattens them, under their file.
		const live = tree.byId.get(`p|exp|${sha(1)}|live/params/params.yaml`);
		assert.ok(live?.children.every((c) => !c.label.includes(':')));
	});

	it('filters by substring and by /regex/, keeping baselines that hold matches', () => {
		const builder = new TreeBuilder();
		let tree = builder.build([sampleProject()], { filter: 'RUN' });
		assert.deepEqual(labels(tree.roots), ['main']);
		assert.deepEqual(labels(expChildren(tree.roots[0])), ['new-run', 'old-run']);
		tree = builder.build([sampleProject()], { filter: '/^(live|first)$/' });
		assert.deepEqual(labels(tree.roots), ['main', sha(2).slice(0, 7)]);
		assert.deepEqual(labels(expChildren(tree.roots[0])), ['live']);
	});

	it('shows a message for an invalid regex and for no match', () => {
		const builder = new TreeBuilder();
		let tree = builder.build([sampleProject()], { filter: '/(/' });
		assert.equal(tree.roots.length, 1);
		assert.equal(tree.roots[0].kind, 'message');
		assert.match(tree.roots[0].label, /^Invalid filter \/\(\/: /);
		tree = builder.build([sampleProject()], { filter: 'zzz' });
		assert.deepEqual(labels(tree.roots), ['No experiments match "zzz"']);
	});

	it('puts starred experiments first and marks them', () => {
		const starred = new Set([`p|exp|${sha(1)}|old-run`, `p|${sha(2)}`]);
		const tree = new TreeBuilder().build([sampleProject()], { starred });
		assert.deepEqual(labels(tree.roots), ['workspace', sha(2).slice(0, 7), 'main']);
		assert.deepEqual(labels(expChildren(tree.roots[2])), ['old-run', 'live', 'new-run']);
		assert.equal(tree.byId.get(`p|exp|${sha(1)}|old-run`)?.description, `★ · ${sha(11).slice(0, 7)}`);
	});

	it('shows only running experiments (and their baselines) on demand', () => {
		const tree = new TreeBuilder().build([sampleProject()], { onlyRunning: true });
		assert.deepEqual(labels(tree.roots), ['main']);
		assert.deepEqual(labels(expChildren(tree.roots[0])), ['live']);
		const none = new TreeBuilder().build([sampleProject()], { onlyRunning: true, filter: 'new' });
		assert.deepEqual(labels(none.roots), ['No experiments match "new" and are running']);
	});

	it('gives every node a unique id that is stable across rebuilds', () => {
		const a = new TreeBuilder().build([sampleProject()]);
		const b = new TreeBuilder().build([sampleProject()]);
		const count = (nodes: TreeNode[]): number => nodes.reduce((n, c) => n + 1 + count(c.children), 0);
		assert.equal(a.byId.size, count(a.roots));
		assert.deepEqual([...a.byId.keys()], [...b.byId.keys()]);
	});

	it('carries the selection colour and lists per-file errors first', () => {
		const p = sampleProject();
		p.experiments[4] = {
			...p.experiments[4],
			errors: [{ file: 'dvclive/metrics.json', message: 'Unexpected token', line: 3 }],
		};
		const id = `p|exp|${sha(1)}|new-run`;
		const tree = new TreeBuilder().build([p], { colourOf: (x) => (x === id ? '#3794ff' : undefined) });
		const node = tree.byId.get(id);
		assert.equal(node?.colour, '#3794ff');
		assert.equal(node?.children[0].kind, 'error');
		assert.equal(node?.children[0].label, 'dvclive/metrics.json:3');
		assert.equal(node?.children[0].description, 'Unexpected token');
		assert.match(node?.description ?? '', /1 error$/);
	});

	it('groups plots, artifacts, events and tables', () => {
		const p = sampleProject();
		p.experiments[0] = {
			...p.experiments[0],
			series: [
				{
					id: 'dvclive/plots/metrics/train/loss.tsv#loss',
					name: 'train/loss',
					file: 'dvclive/plots/metrics/train/loss.tsv',
					column: 'loss',
					x: 'step',
				},
			],
			images: [
				{ name: 'cm.png', file: 'dvclive/plots/images/cm.png' },
				{ name: 'samples/0.png', file: 'dvclive/plots/images/samples/0.png', group: 'samples', step: 0 },
				{ name: 'samples/1.png', file: 'dvclive/plots/images/samples/1.png', group: 'samples', step: 1 },
			],
			artifacts: [{ name: 'model', path: 'model.pt', type: 'model', source: 'dvc.yaml', size: 2048, missing: false }],
			events: [
				{ name: 'start', origin: 'file', step: 0 },
				{ name: 'end', origin: 'file', step: 9 },
			],
			tables: [{ file: 'ex.tsv', rows: 4, errors: [{ file: 'ex.tsv', message: 'bad id', line: 2 }] }],
		};
		const tree = new TreeBuilder().build([p]);
		const ws = tree.roots[0];
		assert.deepEqual(labels(ws.children), ['Params', 'Plots', 'Artifacts', 'Events', 'Tables']);
		assert.deepEqual(labels(ws.children[1].children), ['train/loss', 'cm.png', 'samples']);
		assert.equal(ws.children[1].children[2].description, '2 images');
		assert.equal(ws.children[2].children[0].description, 'model · 2 KB');
		assert.deepEqual(labels(ws.children[3].children), ['end', 'start']);
		assert.equal(ws.children[4].children[0].description, '4 rows · 1 error');
		assert.equal(ws.children[4].children[0].children[0].kind, 'error');
	});

	it('puts experiments whose baseline is not listed under a placeholder baseline', () => {
		const p = sampleProject();
		p.experiments.push(exp({ id: 'p|exp|x|lost', name: 'lost', baselineSha: sha(99) }));
		const tree = new TreeBuilder().build([p]);
		const last = tree.roots[tree.roots.length - 1];
		assert.equal(last.label, sha(99).slice(0, 7));
		assert.deepEqual(labels(last.children), ['lost']);
	});

	it('reuses detail subtrees of unchanged experiment objects', () => {
		const p = sampleProject();
		const builder = new TreeBuilder();
		const a = builder.build([p]);
		const b = builder.build([p]);
		const id = `p|${sha(1)}/params`;
		assert.ok(a.byId.get(id));
		assert.equal(a.byId.get(id), b.byId.get(id));
	});
});

describe('experiments tree model: remote-tracking branches', () => {
	it('groups commits only remote branches reach under one collapsed "Remote branches" node, after local history', () => {
		const p = sampleProject();
		const remote = sha(40);
		p.experiments.push(
			exp({
				id: `p|${remote}`,
				name: 'v2-tune',
				kind: 'commit',
				rev: remote,
				remoteOnly: true,
				tags: ['v2-tune'],
				remoteBranches: ['origin/tune'],
				message: 'tune',
				timestamp: 500,
			}),
			exp({ id: `p|exp|${remote}|on-tune`, name: 'on-tune', baselineSha: remote, rev: sha(41) }),
		);
		const tree = new TreeBuilder().build([p]);
		assert.deepEqual(labels(tree.roots), ['workspace', 'main', sha(2).slice(0, 7), 'Remote branches']);
		const group = tree.roots[3];
		assert.equal(group.kind, 'group');
		assert.equal(group.group, 'remotes');
		assert.equal(group.description, 'origin/tune');
		assert.deepEqual(labels(group.children), ['v2-tune']);
		assert.deepEqual(labels(expChildren(group.children[0])), ['on-tune']);
		assert.match(group.children[0].tooltip ?? '', /tags: v2-tune\nremote branches: origin\/tune/);
	});
});
