import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { cellOf, findColumn } from '../../../src/examples/columns';
import { forEachRecord, readTable } from '../../../src/examples/records';
import {
	loadExampleTable,
	parseSidecar,
	readForeignTable,
	readMetricsTable,
	toTableRef,
} from '../../../src/examples/table';
import type { TableReader } from '../../../src/examples/table';

const reader = (files: Record<string, string>): TableReader => ({ readText: (p) => Promise.resolve(files[p]) });
const messages = (errors: { message: string }[]) => errors.map((e) => e.message);

describe('examples: reading tables', () => {
	it('reads CSV, TSV, JSON and JSONL into the same columns', () => {
		const csv = readMetricsTable('example_id,loss,label\n0,0.5,cat\n1,0.25,dog\n', 'm.csv');
		const tsv = readMetricsTable('example_id\tloss\tlabel\n0\t0.5\tcat\n1\t0.25\tdog\n', 'm.tsv');
		const json = readMetricsTable(
			'[{"example_id":0,"loss":0.5,"label":"cat"},{"example_id":1,"loss":0.25,"label":"dog"}]',
			'm.json',
		);
		const jsonl = readMetricsTable(
			'{"example_id":0,"loss":0.5,"label":"cat"}\n{"example_id":1,"loss":0.25,"label":"dog"}\n',
			'm.jsonl',
		);
		for (const r of [csv, tsv, json, jsonl]) {
			assert.deepEqual(r.errors, []);
			assert.equal(r.table!.length, 2);
			assert.deepEqual([...r.table!.exampleIds.values], [0, 1]);
			assert.equal(cellOf(findColumn(r.table!, 'loss')!, 1), 0.25);
			assert.equal(cellOf(findColumn(r.table!, 'label')!, 0), 'cat');
		}
	});

	it('parses quoted CSV fields with delimiters, quotes and newlines, keeping line numbers', () => {
		const records: [string[], number][] = [];
		forEachRecord('a,b\n"x, y","he said ""hi"""\n"multi\nline",2\n3,4\n', ',', (f, l) => records.push([f, l]));
		assert.deepEqual(records, [
			[['a', 'b'], 1],
			[['x, y', 'he said "hi"'], 2],
			[['multi\nline', '2'], 3],
			[['3', '4'], 5],
		]);
	});

	it('keeps numeric-looking text in a text column and maps nan/inf', () => {
		const { table, errors } = readTable('label,v\ncat,nan\n123,inf\n', 'f.csv');
		assert.deepEqual(errors, []);
		assert.equal(cellOf(findColumn(table, 'label')!, 1), '123');
		assert.equal(cellOf(findColumn(table, 'v')!, 0), null);
		assert.equal(cellOf(findColumn(table, 'v')!, 1), Infinity);
	});

	it('skips a repeated header (scripts appending one batch at a time)', () => {
		const r = readMetricsTable('example_id,loss\n0,1\nexample_id,loss\n1,2\n', 'm.csv');
		assert.deepEqual(r.errors, []);
		assert.equal(r.table!.length, 2);
	});

	it('detects image path columns in a foreign table', () => {
		const { table } = readForeignTable('path,text\nimg/a.png,hello\nimg/b.JPG,world\n', 'data/val.csv');
		assert.deepEqual(table.imageColumns, ['path']);
	});
});

describe('examples: validation errors name the row', () => {
	it('a CSV row with a different number of columns than the header', () => {
		const r = readMetricsTable('example_id,loss\n0,1\n1,2,3\n', 'm.csv');
		assert.deepEqual(r.errors, [
			{ file: 'm.csv', message: 'row 2 (line 3): has 3 fields but the header has 2', line: 3 },
		]);
		assert.equal(r.table!.length, 1);
	});

	it('a JSONL row whose columns differ from the first row', () => {
		const r = readMetricsTable('{"example_id":0,"loss":1}\n{"example_id":1,"los":2}\n', 'm.jsonl');
		assert.deepEqual(messages(r.errors), [
			'row 2 (line 2): columns differ from the first row (missing "loss"; extra "los")',
		]);
	});

	it('a JSON array row whose columns differ (row number, no line)', () => {
		const r = readMetricsTable('[{"example_id":0,"loss":1},{"example_id":1}]', 'm.json');
		assert.deepEqual(r.errors, [
			{ file: 'm.json', message: 'row 2: columns differ from the first row (missing "loss")' },
		]);
	});

	it('a type that changes within a column', () => {
		const r = readMetricsTable('example_id,loss\n0,0.5\n1,0.7\n2,high\n', 'm.csv');
		assert.deepEqual(messages(r.errors), ['row 3 (line 4): column "loss" changes type from float to str ("high")']);
		const j = readMetricsTable('{"example_id":0,"ok":true}\n{"example_id":1,"ok":"yes"}\n', 'm.jsonl');
		assert.deepEqual(messages(j.errors), ['row 2 (line 2): column "ok" changes type from bool to str ("yes")']);
	});

	it('a value that does not fit a declared schema', () => {
		const r = readMetricsTable('example_id,count\n0,1\n1,1.5\n', 'm.csv', { schemas: { count: 'int' } });
		assert.deepEqual(messages(r.errors), ['row 2 (line 3): column "count" is declared int but holds float ("1.5")']);
	});

	it('integers followed by floats widen silently when no schema is declared', () => {
		const r = readMetricsTable('example_id,loss\n0,1\n1,0.5\n', 'm.csv');
		assert.deepEqual(r.errors, []);
		assert.equal(findColumn(r.table!, 'loss')!.type, 'float');
	});

	it('example_id missing (column or cell), negative, non-integer', () => {
		const noColumn = readMetricsTable('id,loss\n0,1\n', 'm.csv');
		assert.equal(noColumn.table, undefined);
		assert.equal(noColumn.errors[0].line, 1);
		assert.match(noColumn.errors[0].message, /no "example_id" column/);
		const r = readMetricsTable('example_id,loss\n,1\n-3,1\n2.5,1\nabc,1\n4,1\n', 'm.csv');
		assert.deepEqual(messages(r.errors), [
			'row 1 (line 2): example_id is missing',
			'row 2 (line 3): example_id -3 is negative',
			'row 3 (line 4): example_id 2.5 is not an integer',
			'row 4 (line 5): example_id "abc" is not an integer',
		]);
		assert.deepEqual([...r.table!.exampleIds.values], [4]);
		assert.deepEqual([...r.table!.rowNumbers], [5]);
	});

	it('example_id past the end of the foreign table, and a missing foreign table', async () => {
		const files = {
			'dvclive/ex.csv': 'example_id,loss\n0,1\n2,1\n3,1\n',
			'dvclive/ex.csv.table.json': '{"foreign_table": "data/val.csv", "foreign_table_display_name": "Validation"}',
			'data/val.csv': 'text\na\nb\nc\n',
		};
		const loaded = await loadExampleTable(reader(files), 'dvclive/ex.csv');
		assert.deepEqual(loaded.errors, [
			{
				file: 'dvclive/ex.csv',
				message: 'row 3 (line 4): example_id 3 is past the end of the foreign table data/val.csv (3 rows)',
				line: 4,
			},
		]);
		assert.deepEqual(toTableRef(loaded), {
			file: 'dvclive/ex.csv',
			rows: 3,
			foreignTable: 'data/val.csv',
			displayName: 'Validation',
			errors: loaded.errors,
		});
		const missing = await loadExampleTable(
			reader({ ...files, 'data/val.csv': undefined as unknown as string }),
			'dvclive/ex.csv',
		);
		assert.deepEqual(messages(missing.errors), ['foreign table data/val.csv does not exist']);
		assert.equal(missing.errors[0].file, 'dvclive/ex.csv.table.json');
	});

	it('invalid JSON lines are reported with their line and skipped', () => {
		const r = readMetricsTable('{"example_id":0}\n{oops\n{"example_id":1}\n', 'm.jsonl');
		assert.equal(r.errors.length, 1);
		assert.match(r.errors[0].message, /^row 2 \(line 2\): invalid JSON/);
		assert.equal(r.table!.length, 2);
	});

	it('sidecar: schemas read, bad keys reported', () => {
		const ok = parseSidecar('{"column_schemas": {"loss": {"type": "float"}, "label": {"type": "str"}}}', 's.json');
		assert.deepEqual(ok, {
			sidecar: { schemas: { loss: 'float', label: 'str' }, foreignTable: undefined, displayName: undefined },
			errors: [],
		});
		const bad = parseSidecar('{"foreign_table": 3, "column_schemas": {"x": {"type": "double"}}}', 's.json');
		assert.deepEqual(messages(bad.errors), [
			'"foreign_table" must be a string',
			'column_schemas.x.type must be one of float, int, str, bool',
		]);
		assert.deepEqual(messages(parseSidecar('{', 's.json').errors).length, 1);
	});
});
