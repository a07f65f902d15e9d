import * as assert from 'node:assert/strict';
import { showChartsFor } from '../../../src/charts/showCommand';
import type { ExperimentPicker } from '../../../src/experiments/resolve';
import { ExperimentResolver, experimentIdOfHandle } from '../../../src/experiments/resolve';
import type { SelectItem } from '../../../src/experiments/selectItems';
import { SelectionModel } from '../../../src/experiments/selection';
import { TreeBuilder } from '../../../src/experiments/treeModel';
import { sampleProject } from '../experiments/helpers';

class Picker implements ExperimentPicker {
	shown: { items: SelectItem[]; many: boolean }[] = [];
	constructor(private readonly answer: (items: SelectItem[]) => string[] | undefined) {}
	pick(items: SelectItem[], opts: { placeHolder: string; many: boolean }): Promise<string[] | undefined> {
		this.shown.push({ items, many: opts.many });
		return Promise.resolve(this.answer(items));
	}
	inform(): void {}
}

/** The sample project's tree, its model and a resolver that knows the tree's `{ id }` handles. */
function setUp(answer: (items: SelectItem[]) => string[] | undefined, selected: string[] = []) {
	const project = sampleProject();
	const snapshot = new TreeBuilder().build([project]);
	const experiments = project.experiments;
	const picker = new Picker(answer);
	const selection = new SelectionModel(selected);
	const resolver = new ExperimentResolver(
		{ getExperiments: () => experiments, getExperiment: (id) => experiments.find((e) => e.id === id) },
		picker,
		(id) => selection.isSelected(id),
	);
	resolver.addNodeResolver((arg) => experimentIdOfHandle(snapshot, arg));
	let shown = 0;
	return { experiments, picker, selection, resolver, show: () => shown++, shownCount: () => shown };
}

describe('Show Charts from each place it is contributed', () => {
	it("an experiment's inline button (its tree handle) plots that experiment, asking nothing", async () => {
		const s = setUp(() => assert.fail('no quick pick'));
		const exp = s.experiments[1];
		await showChartsFor(s, s.show, { id: exp.id }, undefined);
		assert.deepEqual(s.selection.selected, [exp.id]);
		assert.equal(s.shownCount(), 1);
	});

	it('a multi-selection plots every selected experiment', async () => {
		const s = setUp(() => assert.fail('no quick pick'));
		const [a, b] = [s.experiments[0], s.experiments[1]];
		await showChartsFor(s, s.show, { id: a.id }, [{ id: a.id }, { id: b.id }]);
		assert.deepEqual([...s.selection.selected].sort(), [a.id, b.id].sort());
	});

	it('the palette with nothing plotted: a many-pick of experiments, then the panel with those', async () => {
		const s = setUp((items) => [items[0].id]);
		await showChartsFor(s, s.show, undefined, undefined);
		assert.equal(s.picker.shown.length, 1);
		assert.equal(s.picker.shown[0].many, true);
		assert.deepEqual(s.selection.selected, [s.picker.shown[0].items[0].id]);
		assert.equal(s.shownCount(), 1);
	});

	it('the palette, cancelled: the panel still opens (with its empty state), nothing plotted', async () => {
		const s = setUp(() => undefined);
		await showChartsFor(s, s.show, undefined, undefined);
		assert.deepEqual(s.selection.selected, []);
		assert.equal(s.shownCount(), 1);
	});

	it('the palette with experiments already plotted: the panel as it is, no quick pick', async () => {
		const project = sampleProject();
		const s = setUp(() => assert.fail('no quick pick'), [project.experiments[0].id]);
		await showChartsFor(s, s.show, undefined, undefined);
		assert.deepEqual(s.selection.selected, [project.experiments[0].id]);
		assert.equal(s.shownCount(), 1);
	});
});
