import * as assert from 'node:assert/strict';
import { parseTable } from '../../../src/model/parse/parseTasks';
import { TableReader } from '../../../src/model/parse/table';

const enc = (s: string) => new TextEncoder().encode(s);
const col = (t: { data: Record<string, Float64Array>; length: number }, name: string) =>
	Array.from(t.data[name].subarray(0, t.length));

describe('TableReader', () => {
	it('reads a DVCLive TSV with nan/inf and CRLF', () => {
		const { table, errors } = parseTable(
			enc('timestamp\tstep\tloss\r\n1\t0\t0.5\r\n2\t1\tnan\r\n3\t2\t-inf\r\n4\t3\tInfinity\r\n'),
			'l.tsv',
			{ delimiter: '\t', header: true },
		);
		assert.deepEqual(table.columns, ['timestamp', 'step', 'loss']);
		assert.deepEqual(col(table, 'step'), [0, 1, 2, 3]);
		assert.deepEqual(col(table, 'loss'), [0.5, NaN, -Infinity, Infinity]);
		assert.deepEqual(errors, []);
	});

	it('keeps a half-written last line pending until its newline arrives', () => {
		const r = new TableReader('m.tsv', { delimiter: '\t', header: true });
		r.append(enc('step\tacc\n0\t0.1\n1\t0.'));
		assert.equal(r.table.length, 1);
		assert.equal(r.bytesConsumed, 'step\tacc\n0\t0.1\n'.length);
		r.append(enc('25\n'));
		assert.deepEqual(col(r.table, 'acc'), [0.1, 0.25]);
	});

	it('joins UTF-8 characters split across chunks', () => {
		const bytes = enc('é,ü\n1,2\n');
		const r = new TableReader('u.csv', { delimiter: ',', header: true });
		for (let i = 0; i < bytes.length; i++) {
			r.append(bytes.subarray(i, i + 1));
		}
		assert.deepEqual(r.table.columns, ['é', 'ü']);
		assert.deepEqual(col(r.table, 'ü'), [2]);
	});

	it('reads RFC 4180 quoted fields, also across chunks and lines', () => {
		const text = 'name,v\n"a,b",1\n"multi\nline",2\n"q""x",3\n';
		const r = new TableReader('q.csv', { delimiter: ',', header: true });
		r.append(enc(text.slice(0, 20)));
		r.append(enc(text.slice(20)));
		assert.deepEqual(col(r.table, 'v'), [1, 2, 3]);
		assert.deepEqual(col(r.table, 'name'), [NaN, NaN, NaN]);
	});

	it('skips rows with the wrong column count and reports their line', () => {
		const { table, errors } = parseTable(enc('a,b\n1,2\n3\n\n4,5,6\n7,8\n'), 'e.csv', { delimiter: ',', header: true });
		assert.deepEqual(col(table, 'a'), [1, 7]);
		assert.deepEqual(
			errors.map((e) => e.line),
			[3, 5],
		);
		assert.equal(errors[0].file, 'e.csv');
	});

	it('names columns 0..n-1 without a header and makes non-numbers NaN', () => {
		const { table } = parseTable(enc('1,x\n2,3'), 'h.csv', { delimiter: ',', header: false });
		assert.deepEqual(table.columns, ['0', '1']);
		assert.deepEqual(col(table, '1'), [NaN, 3]);
	});

	it('grows capacity and resets', () => {
		const r = new TableReader('g.tsv', { delimiter: '\t', header: true });
		r.append(enc('x\n' + Array.from({ length: 1000 }, (_v, i) => `${i}\n`).join('')));
		assert.equal(r.table.length, 1000);
		assert.equal(r.table.data.x[999], 999);
		r.reset();
		assert.equal(r.table.length, 0);
		assert.equal(r.bytesConsumed, 0);
	});

	it('reads the same rows after reserving room mid-way (labels too), and reserves only forward', () => {
		const rows = Array.from({ length: 3000 }, (_v, i) => `${i}\t${i / 7}\t${i % 5 ? 'a' : 'b'}\n`);
		const text = 'step\tloss\tenv\n' + rows.join('');
		const plain = parseTable(enc(text), 'r.tsv', { delimiter: '\t', header: true }).table;
		const r = new TableReader('r.tsv', { delimiter: '\t', header: true });
		r.reserve(10_000);
		const half = text.length >> 1;
		r.append(enc(text.slice(0, half)));
		r.reserve(5000);
		r.reserve(10);
		r.append(enc(text.slice(half)));
		assert.equal(r.table.length, 3000);
		assert.equal(r.table.data.step.length, 5000, 'one allocation of the reserved size');
		for (const name of plain.columns) {
			assert.deepEqual(
				Array.from(r.table.data[name].subarray(0, 3000)),
				Array.from(plain.data[name].subarray(0, 3000)),
			);
		}
		assert.deepEqual(r.table.labels?.env.values, plain.labels?.env.values);
		assert.deepEqual(
			Array.from(r.table.labels!.env.codes.subarray(0, 3000)),
			Array.from(plain.labels!.env.codes.subarray(0, 3000)),
		);
	});
});
