import * as assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Containment } from '../../../src/model/containment';
import { LiveTable } from '../../../src/model/liveTables';
import { parseTable } from '../../../src/model/parse/parseTasks';
import { cleanup, tempDir } from '../git/repoHelpers';

describe('LiveTable: a series file read while a run writes it', () => {
	let dir: string;
	beforeEach(() => {
		dir = tempDir();
	});
	afterEach(() => cleanup(dir));

	it('reads each row once when updates overlap (a reader and the watcher at the same moment)', async () => {
		// Seen with real DVCLive in the real VS Code: a chart's first read and the watcher's update
		// both fed the same bytes, so the table had the header and rows twice.
		writeFileSync(path.join(dir, 'loss.tsv'), 'step\tloss\n0\t1.0\n1\t0.8\n2\t0.6\n');
		const table = new LiveTable(new Containment(dir), 'loss.tsv');
		const [a, b] = await Promise.all([table.update(), table.update()]);
		assert.equal(table.table.length, 3);
		assert.deepEqual(Array.from(table.table.data.step.subarray(0, 3)), [0, 1, 2]);
		assert.deepEqual([a?.from, a?.table.length, b], [0, 3, undefined], 'the rows are reported once');
		appendFileSync(path.join(dir, 'loss.tsv'), '3\t0.4\n');
		const more = await Promise.all([table.update(), table.update(), table.update()]);
		assert.equal(table.table.length, 4);
		assert.deepEqual(
			more.map((u) => u?.from),
			[3, undefined, undefined],
		);
	});

	it('reads a file of many chunks, sized up front, as one parse does', async () => {
		const rows = Array.from({ length: 70_000 }, (_, i) => `${1717171717171 + i}\t${i}\t${(1 / (i + 1)).toFixed(6)}\n`);
		const text = 'timestamp\tstep\tloss\n' + rows.join('');
		writeFileSync(path.join(dir, 'loss.tsv'), text);
		const table = new LiveTable(new Containment(dir), 'loss.tsv');
		await table.update();
		const whole = parseTable(new TextEncoder().encode(text), 'loss.tsv', { delimiter: '\t', header: true }).table;
		assert.equal(table.table.length, 70_000);
		for (const name of whole.columns) {
			assert.deepEqual(
				Array.from(table.table.data[name].subarray(0, 70_000)),
				Array.from(whole.data[name].subarray(0, 70_000)),
			);
		}
		// Sized from the first chunks' bytes per row (rows grow longer: a little room), not by doubling.
		assert.ok(table.table.data.step.length < 1.5 * 70_000);
		appendFileSync(path.join(dir, 'loss.tsv'), '1\t70000\t0.5\n');
		await table.update();
		assert.equal(table.table.data.step[70_000], 70_000);
	});
});
