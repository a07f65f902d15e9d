import * as assert from 'node:assert/strict';
import { Emitter } from '../../src/util/event';

describe('Emitter', () => {
	it('delivers to listeners until disposed', () => {
		const e = new Emitter<number>();
		const seen: number[] = [];
		const d = e.event((v) => seen.push(v));
		e.fire(1);
		d.dispose();
		e.fire(2);
		assert.deepEqual(seen, [1]);
	});
});
