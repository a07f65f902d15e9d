import assert from 'node:assert/strict';
import { colourFor, confusable, hueLightness, idHash, SelectionModel } from '../../../src/experiments/selection';
import { persistSelection, SELECTION_KEY } from '../../../src/experiments/selectionPersistence';

const ids = Array.from({ length: 200 }, (_, i) => `exp-${i.toString(36)}-${(i * 7919).toString(16)}`);

describe('selection colours: a hash of the experiment id, never shared', () => {
	it('gives a run the same colour whatever order runs are ticked in (no collision among them)', () => {
		// three ids whose hashed colours differ and are not alike: their colours cannot depend on order
		const own = (id: string) => hueLightness(colourFor(id, new Set()));
		const free = ids
			.filter((id, i) => ids.slice(0, i).every((o) => idHash(o) % 64 !== idHash(id) % 64))
			.reduce<string[]>((kept, id) => (kept.some((k) => confusable(own(k), own(id))) ? kept : [...kept, id]), [])
			.slice(0, 3);
		assert.equal(free.length, 3);
		const forward = new SelectionModel(free);
		const backward = new SelectionModel([...free].reverse());
		for (const id of free) {
			assert.equal(forward.colourOf(id), backward.colourOf(id), id);
			assert.equal(forward.colourOf(id), colourFor(id, new Set()));
		}
		// unticking others does not move a run's colour
		const first = forward.colourOf(free[0]);
		forward.set(free[1], false);
		forward.set(free[2], false);
		assert.equal(forward.colourOf(free[0]), first);
	});

	it('moves only the newcomer on a collision, and no two of 200 selected runs share a colour', () => {
		const a = ids[0];
		const clash = ids.find((id) => id !== a && idHash(id) % 64 === idHash(a) % 64);
		assert.ok(clash, 'the test ids include a hash collision');
		const s = new SelectionModel([a, clash]);
		assert.equal(s.colourOf(a), colourFor(a, new Set()));
		assert.notEqual(s.colourOf(clash), s.colourOf(a));
		const all = new SelectionModel(ids);
		assert.equal(new Set(ids.map((id) => all.colourOf(id))).size, ids.length);
	});

	it('gives selected runs colours a reader can tell apart (no two alike hues) while the palette has room', () => {
		const s = new SelectionModel(ids.slice(0, 8));
		const shades = ids.slice(0, 8).map((id) => hueLightness(s.colourOf(id)!));
		for (const [i, a] of shades.entries()) {
			for (const b of shades.slice(i + 1)) {
				assert.ok(!confusable(a, b), `${JSON.stringify(a)} and ${JSON.stringify(b)} are alike`);
			}
		}
	});

	it('setMany selects in one change event and ignores duplicates and selected ids', () => {
		const s = new SelectionModel(['x']);
		const events: (readonly string[])[] = [];
		s.onDidChangeSelection((e) => events.push([...e.selected]));
		s.setMany(['x', 'y', 'y', 'z']);
		assert.deepEqual(events, [['x', 'y', 'z']]);
		s.setMany(['x']);
		assert.equal(events.length, 1);
	});
});

describe('selection persistence (workspaceState)', () => {
	function memento(initial?: unknown) {
		const data = new Map<string, unknown>(initial === undefined ? [] : [[SELECTION_KEY, initial]]);
		return {
			data,
			get: <T>(key: string) => data.get(key) as T | undefined,
			update: (key: string, value: unknown) => {
				data.set(key, value);
				return Promise.resolve();
			},
		};
	}

	it('restores saved ids that still exist once the model is ready, then saves every change', async () => {
		let ready!: () => void;
		const model = {
			ready: new Promise<void>((r) => (ready = r)),
			getExperiment: (id: string) => (id === 'gone' ? undefined : { id }),
		};
		const store = memento(['b', 'gone', 'a', 42]);
		const s = new SelectionModel();
		const d = persistSelection(s, model, store);
		s.set('early', true); // before the first scan: not saved over the stored selection
		s.set('early', false);
		assert.deepEqual(store.data.get(SELECTION_KEY), ['b', 'gone', 'a', 42]);
		ready();
		await model.ready;
		await Promise.resolve();
		assert.deepEqual([...s.selected], ['b', 'a']);
		assert.deepEqual(store.data.get(SELECTION_KEY), ['b', 'a'], 'the vanished id is dropped from the store');
		s.set('c', true);
		assert.deepEqual(store.data.get(SELECTION_KEY), ['b', 'a', 'c']);
		d.dispose();
		s.set('d', true);
		assert.deepEqual(store.data.get(SELECTION_KEY), ['b', 'a', 'c'], 'nothing saved after dispose');
	});

	it('ignores a stored value that is not a list', async () => {
		const model = { ready: Promise.resolve(), getExperiment: () => ({}) };
		const s = new SelectionModel();
		persistSelection(s, model, memento({ not: 'a list' }));
		await model.ready;
		await Promise.resolve();
		assert.deepEqual([...s.selected], []);
	});
});
