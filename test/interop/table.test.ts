import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { SelectionModel } from '../../src/experiments/selection';
import { TableFilterBridge } from '../../src/experiments/tableFilter';
import type { ExperimentsModelImpl } from '../../src/model/model';
import type { ParamValue } from '../../src/model/types';
import { fullText } from '../../src/table/cells';
import { rawValue } from '../../src/table/columns';
import { TableController } from '../../src/table/controller';
import { Emitter } from '../../src/util/event';
import { rowKey } from './support/compare';
import type { DvcRow } from './support/dvc';
import { parseExpShow, runDvc } from './support/dvc';
import type { BuiltRepo } from './support/repos';
import { buildRepo, openModel } from './support/repos';

/**
 * The experiments table against the DVC extension's data source: on a repo built by real
 * `dvc exp run`, the table's rows, flattened columns and values are those of `dvc exp show --json`.
 */
describe('interop: experiments table vs dvc exp show --json', function () {
	this.timeout(20 * 60_000);
	let repo: BuiltRepo;
	let model: ExperimentsModelImpl;
	let dvc: DvcRow[];
	let table: TableController;

	before(async () => {
		repo = await buildRepo('full');
		dvc = parseExpShow(await runDvc(repo.dir, ['exp', 'show', '--json', '-A']));
		model = await openModel(repo.dir);
		table = new TableController({
			model,
			selection: new SelectionModel(),
			tableFilter: new TableFilterBridge(),
			starred: { ids: () => new Set(), onDidChange: new Emitter<unknown>().event },
			state: undefined,
			save: () => undefined,
			post: () => undefined,
			exportText: () => undefined,
			warn: (m) => assert.fail(m),
		});
	});

	after(() => {
		table?.dispose();
		model?.dispose();
		repo?.cleanup();
	});

	const experimentRows = () => table.current.rows.filter((r) => r.node.experiment);

	it('has one row per revision DVC lists, experiments nested under their baseline', () => {
		const ours = experimentRows().map((r) => rowKey(r.node.experiment!));
		assert.deepEqual([...ours].sort(), dvc.map((r) => r.rev).sort());
		for (const row of dvc.filter((r) => r.kind === 'experiment')) {
			const mine = experimentRows().find((r) => r.node.experiment!.rev === row.rev)!;
			assert.equal(mine.node.baseline?.rev, row.baseline, `${row.name} sits under its baseline`);
			assert.equal(mine.node.experiment!.name, row.name);
			assert.equal(mine.node.experiment!.status, row.status);
		}
	});

	it('has one column per flattened param and metric key DVC shows, named file:key', () => {
		const expected = new Set<string>();
		for (const row of dvc) {
			for (const section of ['params', 'metrics'] as const) {
				for (const [file, flat] of Object.entries(row[section].data)) {
					for (const key of Object.keys(flat)) {
						expected.add(`${section}:${file}:${key}`);
					}
				}
			}
		}
		const ours = table.current.columns.filter((c) => c.group === 'params' || c.group === 'metrics').map((c) => c.id);
		assert.deepEqual([...ours].sort(), [...expected].sort());
		assert.ok(expected.size > 5, `${expected.size} columns`);
	});

	it('has one deps column per dep path DVC shows, after params and metrics, in its sorted_deps order', () => {
		const expected = [...new Set(dvc.flatMap((r) => Object.keys(r.deps)))].sort();
		const columns = table.current.columns;
		const deps = columns.filter((c) => c.group === 'deps');
		assert.deepEqual(
			deps.map((c) => c.id),
			expected.map((p) => `deps:${p}`),
		);
		assert.ok(expected.includes('data/raw') && expected.length >= 5, expected.join(', '));
		const firstDep = columns.findIndex((c) => c.group === 'deps');
		assert.ok(
			columns.slice(firstDep).every((c) => c.group === 'deps'),
			'deps come last',
		);
	});

	it('shows the hash DVC prints in every deps cell, missing where DVC has null', () => {
		const mismatches: string[] = [];
		let compared = 0;
		for (const row of dvc) {
			const mine = experimentRows().find((r) => rowKey(r.node.experiment!) === row.rev)!.node.experiment!;
			for (const col of table.current.columns.filter((c) => c.group === 'deps')) {
				const theirs = row.deps[col.file]?.hash ?? undefined;
				const ours = rawValue(mine, col);
				compared++;
				if (ours !== theirs || (theirs !== undefined && fullText(col, ours) !== theirs)) {
					mismatches.push(`${row.name ?? row.rev.slice(0, 7)} ${col.id}: table ${JSON.stringify(ours)}, DVC ${theirs}`);
				}
			}
		}
		assert.deepEqual(mismatches, []);
		assert.ok(compared > 50, `${compared} cells compared`);
	});

	it('has the value DVC shows in every cell (exact value in the tooltip, missing where DVC has none)', () => {
		const mismatches: string[] = [];
		let compared = 0;
		for (const row of dvc) {
			const mine = experimentRows().find((r) => rowKey(r.node.experiment!) === row.rev)!.node.experiment!;
			for (const col of table.current.columns.filter((c) => c.group === 'params' || c.group === 'metrics')) {
				const section = col.group as 'params' | 'metrics';
				const theirs: ParamValue | undefined = row[section].data[col.file]?.[col.label];
				const ours = rawValue(mine, col);
				compared++;
				if (
					!isDeepStrictEqual(ours, theirs) ||
					(theirs !== undefined && fullText(col, ours) !== fullText(col, theirs))
				) {
					mismatches.push(
						`${row.name ?? row.rev.slice(0, 7)} ${col.id}: table ${JSON.stringify(ours)}, DVC ${JSON.stringify(theirs)}`,
					);
				}
			}
		}
		assert.deepEqual(mismatches, []);
		assert.ok(compared > 50, `${compared} cells compared`);
	});
});
