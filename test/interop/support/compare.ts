/**
 * Compares Runlens model rows with DVC's rows and series, returning one readable line per
 * mismatch (rev, file, key, ours vs DVC) so a failing test says exactly what differs.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ExperimentsModel } from '../../../src/model/api';
import type { Experiment, FlatValues } from '../../../src/model/types';
import type { DvcFiles, DvcRow } from './dvc';
import { dvcCellToNumber, sameNumber } from './dvc';

export function rowKey(exp: Experiment): string {
	return exp.kind === 'workspace' ? 'workspace' : exp.rev;
}

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

function compareFlat(where: string, ours: FlatValues | undefined, dvc: FlatValues, out: string[]): void {
	const mine = ours ?? {};
	for (const key of new Set([...Object.keys(dvc), ...Object.keys(mine)])) {
		if (!(key in mine)) {
			out.push(`${where} key ${key}: missing in Runlens, DVC ${show(dvc[key])}`);
		} else if (!(key in dvc)) {
			out.push(`${where} key ${key}: Runlens ${show(mine[key])}, absent in DVC`);
		} else if (!isDeepStrictEqual(mine[key], dvc[key])) {
			out.push(
				`${where} key ${key}: Runlens ${show(mine[key])} (${typeof mine[key]}), DVC ${show(dvc[key])} (${typeof dvc[key]})`,
			);
		}
	}
}

function compareFiles(
	where: string,
	section: 'params' | 'metrics',
	exp: Experiment,
	dvc: DvcFiles,
	out: string[],
): void {
	const ours = exp[section];
	for (const [file, flat] of Object.entries(dvc.data)) {
		if (!(file in ours)) {
			out.push(`${where} ${section} file ${file}: missing in Runlens (DVC has ${Object.keys(flat).length} keys)`);
		} else {
			compareFlat(`${where} ${section} ${file}`, ours[file], flat, out);
		}
	}
	for (const [file, error] of Object.entries(dvc.errors)) {
		const values = ours[file];
		if (values && Object.keys(values).length > 0) {
			out.push(`${where} ${section} file ${file}: Runlens has ${show(values)}, DVC reports error ${error}`);
		}
	}
	for (const file of Object.keys(ours)) {
		if (!(file in dvc.data) && !(file in dvc.errors) && Object.keys(ours[file]).length > 0) {
			out.push(`${where} ${section} file ${file}: Runlens has ${show(ours[file])}, DVC has no such file`);
		}
	}
}

function compareRow(exp: Experiment, row: DvcRow, out: string[]): void {
	const where = `[${row.kind} ${row.name ?? ''} ${row.rev.slice(0, 10)}]`;
	if (exp.kind !== row.kind) {
		out.push(`${where} kind: Runlens ${exp.kind}, DVC ${row.kind}`);
	}
	if (exp.status !== row.status) {
		out.push(`${where} status: Runlens ${exp.status}, DVC ${row.status}`);
	}
	if (row.kind === 'experiment' && exp.name !== row.name) {
		out.push(`${where} name: Runlens ${show(exp.name)}, DVC ${show(row.name)}`);
	}
	// DVC names a commit with several tags by whichever its ref iteration meets first (no stable order).
	const names = [...(exp.branches ?? []), ...(exp.tags ?? [])];
	if (row.kind === 'commit' && row.name && exp.name !== row.name && !names.includes(row.name)) {
		out.push(`${where} branch name: Runlens name ${show(exp.name)} branches ${show(exp.branches)}, DVC ${row.name}`);
	}
	if (row.kind === 'experiment' && exp.baselineSha !== row.baseline) {
		out.push(`${where} baseline: Runlens ${show(exp.baselineSha)}, DVC ${row.baseline}`);
	}
	compareFiles(where, 'params', exp, row.params, out);
	compareFiles(where, 'metrics', exp, row.metrics, out);
	compareDeps(where, exp, row, out);
}

/** Same dep paths, and per path the same hash, size and file count (null where the lock has none). */
function compareDeps(where: string, exp: Experiment, row: DvcRow, out: string[]): void {
	for (const path of new Set([...Object.keys(row.deps), ...Object.keys(exp.deps)])) {
		const [mine, theirs] = [exp.deps[path], row.deps[path]];
		if (!isDeepStrictEqual(mine, theirs)) {
			out.push(`${where} deps ${path}: Runlens ${show(mine)}, DVC ${show(theirs)}`);
		}
	}
}

/** Every DVC row must exist in the model with equal data, and the model must have no extra rows. */
export function compareExperiments(ours: readonly Experiment[], dvc: DvcRow[]): string[] {
	const out: string[] = [];
	const byKey = new Map(ours.map((e) => [rowKey(e), e]));
	for (const row of dvc) {
		const exp = byKey.get(row.rev);
		if (!exp) {
			out.push(`[${row.kind} ${row.name ?? ''} ${row.rev}] missing in Runlens (DVC status ${row.status})`);
		} else {
			compareRow(exp, row, out);
		}
	}
	const dvcKeys = new Set(dvc.map((r) => r.rev));
	for (const exp of ours) {
		if (!dvcKeys.has(rowKey(exp))) {
			out.push(`[${exp.kind} ${exp.name} ${exp.rev}] in Runlens but not in DVC`);
		}
	}
	return out;
}

type Datapoint = Record<string, unknown>;

/** Fields DVC adds to each datapoint: the revision label, the source file, the auto x index. */
function dvcFields(point: Datapoint, columns: string[]): string[] {
	return Object.keys(point).filter(
		(k) => k !== 'rev' && k !== 'filename' && !(k === 'step' && !columns.includes('step')),
	);
}

/**
 * Compares DVC datapoints (rows of `files`, concatenated in order, as DVC renders one plot id) with
 * the model's series tables of one experiment.
 */
export async function compareSeries(
	model: ExperimentsModel,
	exp: Experiment,
	plotId: string,
	files: string[],
	points: Datapoint[],
): Promise<string[]> {
	const where = `[${exp.kind} ${exp.name} ${rowKey(exp).slice(0, 10)}] plot ${plotId}`;
	const rows: Array<{ file: string; get: (c: string) => number | undefined; columns: string[]; index: number }> = [];
	for (const file of files) {
		const table = await model.readSeriesTable(exp.id, file);
		if (!table) {
			return [`${where}: Runlens has no table for ${file}, DVC has ${points.length} datapoints`];
		}
		for (let i = 0; i < table.length; i++) {
			rows.push({ file, columns: table.columns, index: i, get: (c) => table.data[c]?.[i] });
		}
	}
	const out: string[] = [];
	if (rows.length !== points.length) {
		out.push(`${where}: Runlens ${rows.length} rows, DVC ${points.length} datapoints`);
	}
	for (let i = 0; i < Math.min(rows.length, points.length); i++) {
		const r = rows[i];
		const point = points[i];
		if (typeof point.step === 'number' && !r.columns.includes('step') && point.step !== r.index) {
			out.push(`${where} ${r.file} row ${r.index}: DVC auto step ${point.step}`);
		}
		for (const field of dvcFields(point, r.columns)) {
			const mine = r.get(field);
			const theirs = dvcCellToNumber(point[field]);
			if (mine === undefined) {
				out.push(`${where} ${r.file} row ${r.index} column ${field}: missing in Runlens, DVC ${show(point[field])}`);
			} else if (!sameNumber(mine, theirs)) {
				out.push(`${where} ${r.file} row ${r.index} column ${field}: Runlens ${mine}, DVC ${show(point[field])}`);
			}
		}
	}
	return out;
}
