import * as assert from 'node:assert/strict';
import type { Experiment } from '../../../src/model/types';
import type { ExperimentPicker } from '../../../src/experiments/resolve';
import {
	ExperimentResolver,
	experimentIdOfHandle,
	experimentIdsFromArgs,
	unknownMessage,
} from '../../../src/experiments/resolve';
import type { SelectItem } from '../../../src/experiments/selectItems';
import { TreeBuilder } from '../../../src/experiments/treeModel';
import type { TreeSnapshot } from '../../../src/experiments/treeNode';
import { sampleProject, sha } from './helpers';

const HEAD = sha(1);
const LIVE = `p|exp|${HEAD}|live`;
const NEW_RUN = `p|exp|${HEAD}|new-run`;

/** The tree exactly as the experiments view builds it, and its handles as tree.ts hands them to VS Code. */
function treeOf(): { snapshot: TreeSnapshot; handle: (nodeId: string) => { readonly id: string } } {
	const snapshot = new TreeBuilder().build([sampleProject()]);
	const handles = new Map<string, { readonly id: string }>();
	return {
		snapshot,
		handle: (nodeId) => {
			assert.ok(snapshot.byId.has(nodeId), `the tree has a node ${nodeId}`);
			let h = handles.get(nodeId);
			if (!h) {
				h = { id: nodeId };
				handles.set(nodeId, h);
			}
			return h;
		},
	};
}

class FakePicker implements ExperimentPicker {
	shown: { items: SelectItem[]; placeHolder: string; many: boolean }[] = [];
	messages: string[] = [];
	constructor(private readonly answer: (items: SelectItem[]) => string[] | undefined) {}
	pick(items: SelectItem[], opts: { placeHolder: string; many: boolean }): Promise<string[] | undefined> {
		this.shown.push({ items, ...opts });
		return Promise.resolve(this.answer(items));
	}
	inform(message: string): void {
		this.messages.push(message);
	}
}

function modelOf(experiments: readonly Experiment[]) {
	return {
		getExperiments: () => experiments,
		getExperiment: (id: string) => experiments.find((e) => e.id === id),
	};
}

describe('experimentIdsFromArgs: every argument shape a menu passes', () => {
	const { snapshot, handle } = treeOf();
	const fromTree = (arg: unknown) => experimentIdOfHandle(snapshot, arg);

	it('a string id (API, tests, a command link)', () => {
		assert.deepEqual(experimentIdsFromArgs(fromTree, LIVE), [LIVE]);
	});

	it('{ experimentId } from a webview context menu, with its webview / webviewSection fields', () => {
		const arg = {
			webview: 'runlens.table',
			webviewSection: 'experiment',
			experimentId: NEW_RUN,
			preventDefaultContextMenuItems: true,
		};
		assert.deepEqual(experimentIdsFromArgs(fromTree, arg), [NEW_RUN]);
	});

	it("the experiments tree's node handle of an experiment, a baseline and the workspace", () => {
		assert.deepEqual(experimentIdsFromArgs(fromTree, handle(LIVE)), [LIVE]);
		assert.deepEqual(experimentIdsFromArgs(fromTree, handle(`p|${HEAD}`)), [`p|${HEAD}`]);
		assert.deepEqual(experimentIdsFromArgs(fromTree, handle('p|workspace')), ['p|workspace']);
	});

	it('a handle of a detail node (a param value, a group) names the experiment it belongs to', () => {
		assert.deepEqual(experimentIdsFromArgs(fromTree, handle(`${LIVE}/params/params.yaml:lr`)), [LIVE]);
		assert.deepEqual(experimentIdsFromArgs(fromTree, handle(`${LIVE}/params`)), [LIVE]);
	});

	it('a handle is { id } of a tree node id, which is not an experiment id for detail nodes', () => {
		const h = handle(`${LIVE}/params/params.yaml:lr`);
		assert.deepEqual(Object.keys(h), ['id']);
		assert.notEqual(h.id, LIVE);
	});

	it('the multi-selection array (second argument) wins over the clicked element, without duplicates', () => {
		const clicked = handle(LIVE);
		assert.deepEqual(experimentIdsFromArgs(fromTree, clicked, [clicked, handle(NEW_RUN)]), [LIVE, NEW_RUN]);
		assert.deepEqual(experimentIdsFromArgs(fromTree, clicked, [clicked]), [LIVE]);
		// VS Code passes undefined (or an empty array) as the second argument when one item is selected.
		assert.deepEqual(experimentIdsFromArgs(fromTree, clicked, undefined), [LIVE]);
		assert.deepEqual(experimentIdsFromArgs(fromTree, clicked, []), [LIVE]);
	});

	it('an array of ids or handles as the first argument', () => {
		assert.deepEqual(experimentIdsFromArgs(fromTree, [LIVE, handle(NEW_RUN), LIVE]), [LIVE, NEW_RUN]);
	});

	it('nonsense names nothing: undefined, null, numbers, empty strings, unknown handles, nested arrays, placeholders', () => {
		for (const arg of [
			undefined,
			null,
			42,
			true,
			'',
			{},
			{ id: 'not-a-node' },
			{ id: 7 },
			{ experimentId: 5 },
			{ experimentId: '' },
			[[LIVE]],
			() => LIVE,
		]) {
			assert.deepEqual(experimentIdsFromArgs(fromTree, arg), [], `nothing from ${typeof arg} ${JSON.stringify(arg)}`);
		}
		const orphan = treeOf();
		assert.equal(experimentIdOfHandle(orphan.snapshot, null), undefined);
	});

	it('an id string is passed through even if it names no experiment (the resolver reports it)', () => {
		assert.deepEqual(experimentIdsFromArgs(fromTree, 'no-such-id'), ['no-such-id']);
	});
});

describe('ExperimentResolver', () => {
	const project = sampleProject();
	const model = modelOf(project.experiments);

	function resolverWith(picker: FakePicker, selected: string[] = []): ExperimentResolver {
		const resolver = new ExperimentResolver(model, picker, (id) => selected.includes(id));
		const { snapshot } = treeOf();
		resolver.addNodeResolver((arg) => experimentIdOfHandle(snapshot, arg));
		return resolver;
	}

	it('returns the experiment a tree handle names, without a quick pick', async () => {
		const picker = new FakePicker(() => assert.fail('no quick pick'));
		const resolver = resolverWith(picker);
		const got = await resolver.resolve({ id: `${LIVE}/params` }, undefined, { placeHolder: 'x' });
		assert.deepEqual(
			got?.map((e) => e.id),
			[LIVE],
		);
	});

	it('one experiment unless `many`; all of a multi-selection with `many`', async () => {
		const resolver = resolverWith(new FakePicker(() => assert.fail('no quick pick')));
		const multi = [{ id: LIVE }, { id: NEW_RUN }];
		assert.deepEqual(
			(await resolver.resolve(multi[0], multi, { placeHolder: 'x' }))?.map((e) => e.id),
			[LIVE],
		);
		assert.deepEqual(
			(await resolver.resolve(multi[0], multi, { placeHolder: 'x', many: true }))?.map((e) => e.id),
			[LIVE, NEW_RUN],
		);
	});

	it('no arguments (the palette): a quick pick of the experiments the filter keeps, running first', async () => {
		const picker = new FakePicker((items) => [items[0].id]);
		const resolver = resolverWith(picker);
		const got = await resolver.resolve(undefined, undefined, {
			placeHolder: 'Experiment to push',
			filter: (e) => e.kind !== 'workspace',
		});
		assert.equal(picker.shown.length, 1);
		assert.equal(picker.shown[0].placeHolder, 'Experiment to push');
		assert.equal(picker.shown[0].many, false);
		assert.ok(!picker.shown[0].items.some((i) => i.id === 'p|workspace'), 'the filter dropped the workspace');
		assert.equal(picker.shown[0].items[0].id, LIVE, 'the running run is first');
		assert.deepEqual(
			got?.map((e) => e.id),
			[LIVE],
		);
	});

	it('many: the quick pick can pick many and is pre-ticked with the selection', async () => {
		const picker = new FakePicker((items) => items.filter((i) => i.picked).map((i) => i.id));
		const resolver = resolverWith(picker, [NEW_RUN]);
		const got = await resolver.resolve(undefined, undefined, { placeHolder: 'p', many: true });
		assert.equal(picker.shown[0].many, true);
		assert.deepEqual(
			got?.map((e) => e.id),
			[NEW_RUN],
		);
	});

	it('cancelling the quick pick resolves undefined', async () => {
		const resolver = resolverWith(new FakePicker(() => undefined));
		assert.equal(await resolver.resolve(undefined, undefined, { placeHolder: 'p' }), undefined);
		const detailed = await resolver.resolveDetailed(null, undefined, { placeHolder: 'p' });
		assert.deepEqual(detailed, { kind: 'cancelled' });
	});

	it('a named id that does not exist is reported with that id, and no quick pick is shown', async () => {
		const picker = new FakePicker(() => assert.fail('no quick pick'));
		const resolver = resolverWith(picker);
		assert.deepEqual(await resolver.resolveDetailed('no-such-id', undefined, { placeHolder: 'p' }), {
			kind: 'unknown',
			ids: ['no-such-id'],
		});
		assert.equal(await resolver.resolve('no-such-id', undefined, { placeHolder: 'p' }), undefined);
		assert.deepEqual(picker.messages, [unknownMessage(['no-such-id'])]);
		assert.match(picker.messages[0], /"no-such-id"/);
	});

	it('nothing to pick from: says so instead of an empty quick pick', async () => {
		const picker = new FakePicker(() => assert.fail('no quick pick'));
		const resolver = resolverWith(picker);
		const got = await resolver.resolve(undefined, undefined, {
			placeHolder: 'Experiment to push',
			filter: () => false,
		});
		assert.equal(got, undefined);
		assert.equal(picker.messages.length, 1);
		assert.match(picker.messages[0], /no experiment to choose from \(Experiment to push\)/);
	});

	it('a removed node resolver no longer maps handles', () => {
		const resolver = new ExperimentResolver(model, new FakePicker(() => undefined));
		const { snapshot } = treeOf();
		const registration = resolver.addNodeResolver((arg) => experimentIdOfHandle(snapshot, arg));
		assert.deepEqual(resolver.idsFromArgs({ id: LIVE }), [LIVE]);
		registration.dispose();
		assert.deepEqual(resolver.idsFromArgs({ id: LIVE }), []);
	});
});
