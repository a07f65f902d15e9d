import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { NOT_PULLED_HINT_PREFIX, pullTargets } from '../../../src/experiments/notPulled';
import { fileErrorNode } from '../../../src/experiments/treeExtras';
import { TreeBuilder } from '../../../src/experiments/treeModel';
import type { Project } from '../../../src/model/types';
import { NOT_PULLED_MESSAGE } from '../../../src/model/notPulled';
import { sampleProject } from './helpers';

function notPulledProject(remote?: string): Project {
	const p = sampleProject();
	const ws = p.experiments.findIndex((e) => e.kind === 'workspace');
	p.experiments[ws] = {
		...p.experiments[ws],
		errors: [
			{ file: 'eval/metrics.json', message: NOT_PULLED_MESSAGE, notPulled: remote ? { remote } : {} },
			{ file: 'params.yaml', message: 'Unexpected token', line: 3 },
		],
		artifacts: [{ name: 'model', path: 'model.pkl', source: 'dvc.yaml', missing: true, notPulled: true }],
	};
	return p;
}

describe('not-pulled outputs in the experiments tree', () => {
	it('puts one calm explanation, naming the remote, above the project rows', () => {
		const tree = new TreeBuilder().build([notPulledProject('storage')]);
		const hint = tree.roots[0];
		assert.equal(hint.id, `${NOT_PULLED_HINT_PREFIX}${sampleProject().id}`);
		assert.equal(hint.kind, 'message');
		assert.equal(hint.label, 'Outputs not pulled');
		assert.match(
			hint.description ?? '',
			/DVC-tracked outputs; run `dvc pull` to fetch them from the DVC remote "storage"/,
		);
		assert.equal(hint.notPulled, true, 'the hint carries the Pull action (contextValue message.notPulled)');
		assert.equal(tree.roots[1].label, 'workspace');
		assert.equal(
			new TreeBuilder().build([sampleProject()]).roots[0].label,
			'workspace',
			'no hint without not-pulled outputs',
		);
	});

	it('says "not pulled" on the row and counts only real errors', () => {
		const ws = new TreeBuilder().build([notPulledProject()]).roots[1];
		assert.match(ws.description ?? '', /1 error · not pulled$/);
		assert.doesNotMatch(ws.description ?? '', /2 errors/);
	});

	it('shows a not-pulled file as "not pulled", a real error with its file, position and message', () => {
		const [np, real] = notPulledProject().experiments.find((e) => e.kind === 'workspace')!.errors;
		const a = fileErrorNode('x', 'x/0', np);
		assert.deepEqual([a.label, a.description, a.notPulled], ['eval/metrics.json', 'not pulled', true]);
		const b = fileErrorNode('x', 'x/1', real);
		assert.deepEqual(
			[b.label, b.description, b.notPulled, b.line],
			['params.yaml:3', 'Unexpected token', undefined, 3],
		);
	});

	it('pulls the workspace not-pulled files and artifacts, each once', () => {
		const ws = notPulledProject().experiments.find((e) => e.kind === 'workspace');
		assert.deepEqual(pullTargets(ws), ['eval/metrics.json', 'model.pkl']);
		assert.deepEqual(pullTargets(sampleProject().experiments[0]), []);
		assert.deepEqual(pullTargets(undefined), []);
	});
});
