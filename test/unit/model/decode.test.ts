/** Strict UTF-8 decoding of big files in slices: the same text, or the same error and line. */
import * as assert from 'node:assert/strict';
import { decodeStrict, decodeStrictSliced } from '../../../src/model/decode';

const MB = 1024 * 1024;

describe('decodeStrictSliced', () => {
	it('decodes a big file with multi-byte characters across slice edges as one decode does', async () => {
		// 3-byte characters: 1 MB slice edges fall inside them.
		const text = '\ufeffstep: 1\n' + 'λ€x'.repeat(Math.ceil((2.5 * MB) / 6)) + '\n😀\n';
		const bytes = new TextEncoder().encode(text);
		assert.ok(bytes.length > 2 * MB);
		assert.deepEqual(await decodeStrictSliced(bytes), { ok: true, text });
		assert.deepEqual(await decodeStrictSliced(bytes), decodeStrict(bytes));
	});

	it('keeps a 4-byte character straddling a slice edge whole', async () => {
		for (const shift of [1, 2, 3]) {
			const text = 'a'.repeat(MB - shift) + '😀' + 'b'.repeat(MB);
			assert.deepEqual(await decodeStrictSliced(new TextEncoder().encode(text)), { ok: true, text });
		}
	});

	it('reports invalid UTF-8 with its line, as decodeStrict does', async () => {
		const head = new TextEncoder().encode('a: 1\n'.repeat(MB / 2));
		const bytes = new Uint8Array(head.length + 3);
		bytes.set(head);
		bytes.set([0x62, 0xff, 0x0a], head.length);
		const sliced = await decodeStrictSliced(bytes);
		assert.deepEqual(sliced, decodeStrict(bytes));
		assert.ok(!sliced.ok && sliced.line === MB / 2 + 1);
	});

	it('decodes small files in one go', async () => {
		const bytes = new TextEncoder().encode('loss: 0.5\n');
		assert.deepEqual(await decodeStrictSliced(bytes), { ok: true, text: 'loss: 0.5\n' });
	});
});
