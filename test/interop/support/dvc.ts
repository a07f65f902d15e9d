/**
 * Runs the real DVC CLI (from the interop venv) and turns its JSON into flat, comparable rows.
 * Only DVC's output *shape* is normalised here (nested `{data}` wrappers, nested keys); values
 * and types are kept exactly as DVC printed them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DepInfo, ExperimentStatus, FlatValues, ParamValue } from '../../../src/model/types';

export function dvcBin(): string {
	const explicit = process.env.RUNLENS_DVC;
	if (explicit) {
		return explicit;
	}
	const python = process.env.RUNLENS_PYTHON;
	if (!python) {
		throw new Error('RUNLENS_DVC / RUNLENS_PYTHON not set: run the interop tier via scripts/runInterop.mjs');
	}
	return join(dirname(python), process.platform === 'win32' ? 'dvc.exe' : 'dvc');
}

export function runDvc(cwd: string, args: string[]): Promise<string> {
	const env = { ...process.env, DVC_NO_ANALYTICS: '1', DVC_STUDIO_OFFLINE: '1' };
	return new Promise((resolve, reject) => {
		execFile(dvcBin(), args, { cwd, env, maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
			if (err) {
				reject(new Error(`dvc ${args.join(' ')} failed: ${err.message}\n${stderr}`));
			} else {
				resolve(stdout);
			}
		});
	});
}

/** DVC's table flattening: nested objects joined with `.`, lists and scalars are leaves. */
export function flattenLikeDvc(value: Record<string, unknown>, prefix = '', out: FlatValues = {}): FlatValues {
	for (const [k, v] of Object.entries(value)) {
		const key = prefix ? `${prefix}.${k}` : k;
		if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
			flattenLikeDvc(v as Record<string, unknown>, key, out);
		} else {
			out[key] = v as ParamValue;
		}
	}
	return out;
}

export interface DvcFiles {
	/** file -> flattened values, for files DVC read. */
	data: Record<string, FlatValues>;
	/** files DVC reported an error for. */
	errors: Record<string, string>;
}

export interface DvcRow {
	/** `workspace` or the full sha (baseline commit, experiment tip or queue stash commit). */
	rev: string;
	kind: 'workspace' | 'commit' | 'experiment';
	name: string | null;
	baseline?: string;
	status: ExperimentStatus;
	params: DvcFiles;
	metrics: DvcFiles;
	/** `data.deps` exactly as printed: dep path -> `{hash, size, nfiles}` (nulls where unrecorded). */
	deps: Record<string, DepInfo>;
	error?: string;
}

type Json = Record<string, unknown>;

function files(section: unknown): DvcFiles {
	const out: DvcFiles = { data: {}, errors: {} };
	for (const [file, entry] of Object.entries((section ?? {}) as Record<string, Json>)) {
		if (entry.error) {
			out.errors[file] = JSON.stringify(entry.error);
		} else {
			out.data[file] = flattenLikeDvc((entry.data ?? {}) as Json);
		}
	}
	return out;
}

function row(raw: Json, kind: DvcRow['kind'], status: ExperimentStatus, baseline?: string): DvcRow {
	const data = (raw.data ?? {}) as Json;
	const r: DvcRow = {
		rev: String(raw.rev),
		kind,
		name: (raw.name as string | null) ?? null,
		status,
		params: files(data.params),
		metrics: files(data.metrics),
		deps: (data.deps ?? {}) as Record<string, DepInfo>,
	};
	if (baseline) {
		r.baseline = baseline;
	}
	if (raw.error) {
		r.error = JSON.stringify(raw.error);
	}
	return r;
}

/** Parses `dvc exp show --json` output into one row per revision (experiments by their tip). */
export function parseExpShow(stdout: string): DvcRow[] {
	const rows: DvcRow[] = [];
	for (const base of JSON.parse(stdout) as Json[]) {
		const isWorkspace = base.rev === 'workspace';
		rows.push(row(base, isWorkspace ? 'workspace' : 'commit', 'success'));
		for (const exp of (base.experiments ?? []) as Json[]) {
			const revs = exp.revs as Json[];
			const state = ((exp.executor as Json | null)?.state as ExperimentStatus | undefined) ?? 'success';
			// revs[0] is the experiment's tip commit (its other commits are intermediate checkpoints).
			rows.push(row({ ...revs[0], name: exp.name ?? revs[0].name }, 'experiment', state, String(base.rev)));
		}
	}
	return rows;
}

/** Datapoints of one plot id at one revision label, as `dvc plots diff --json` printed them. */
export type PlotRows = Record<string, Record<string, Json[]>>;

export interface PlotsDiff {
	/** plot id -> revision label -> datapoints (vega plots). */
	vega: PlotRows;
	/** image file -> revision labels that have it, with DVC's rendered copy. */
	images: Record<string, Record<string, string>>;
	errors: unknown;
}

/** Runs `dvc plots diff --json` for the given revisions, rendering into a temp dir (not the repo). */
export async function plotsDiff(repo: string, revs: string[]): Promise<PlotsDiff> {
	const outDir = mkdtempSync(join(tmpdir(), 'runlens-plots-'));
	const stdout = await runDvc(repo, ['plots', 'diff', '--json', '-o', outDir, ...revs]);
	const parsed = JSON.parse(stdout) as { data?: Record<string, Json[]>; errors?: unknown };
	const out: PlotsDiff = { vega: {}, images: {}, errors: parsed.errors };
	for (const [id, items] of Object.entries(parsed.data ?? {})) {
		for (const item of items) {
			const revisions = item.revisions as string[];
			if (item.type === 'image') {
				out.images[id] ??= {};
				out.images[id][revisions[0]] = String(item.url);
				continue;
			}
			const values = (((item.content as Json).data as Json).values ?? []) as Json[];
			out.vega[id] ??= {};
			for (const rev of revisions) {
				out.vega[id][rev] = values.filter((v) => v.rev === rev);
			}
		}
	}
	return out;
}

/** DVC keeps CSV/TSV cells as strings; Runlens stores numbers with `nan`/`inf` mapped. */
export function dvcCellToNumber(v: unknown): number {
	if (typeof v === 'number') {
		return v;
	}
	if (typeof v === 'boolean') {
		return v ? 1 : 0;
	}
	if (typeof v !== 'string') {
		return NaN;
	}
	const s = v.trim().toLowerCase();
	if (s === 'nan') {
		return NaN;
	}
	if (s === 'inf' || s === '+inf') {
		return Infinity;
	}
	if (s === '-inf') {
		return -Infinity;
	}
	return s === '' ? NaN : Number(s);
}

export function sameNumber(a: number, b: number): boolean {
	return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || a === b;
}
