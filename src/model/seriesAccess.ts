/**
 * Series tables on demand for the model: live (appendable) tables for files on disk, cached tables
 * for commits. Table errors (bad rows, wrong column counts, unreadable files) are handed back so
 * the model can attach them to the experiment that asked.
 */
import type { SeriesAppend } from './api';
import { LiveTable } from './liveTables';
import type { ProjectState } from './projectState';
import { readCommitTable } from './seriesRead';
import type { FileError, SeriesTable } from './types';

export interface SeriesResult {
	table: SeriesTable;
	errors: FileError[];
}

export class SeriesAccess {
	private readonly live = new Map<string, LiveTable>();
	private readonly commitErrors = new Map<string, FileError[]>();

	async read(state: ProjectState, experimentId: string, file: string): Promise<SeriesResult | undefined> {
		const row = state.rows.find((r) => r.id === experimentId);
		if (!row) {
			return undefined;
		}
		const disk = state.diskSource(row);
		if (disk && /\.(tsv|csv)$/i.test(file)) {
			const key = `${disk.root}\0${file}`;
			const table = this.live.get(key) ?? new LiveTable(disk.guard, file);
			this.live.set(key, table);
			table.experimentIds.add(experimentId);
			await table.update();
			if (!table.exists) {
				return undefined;
			}
			return { table: table.table, errors: table.errors };
		}
		const source = state.sourceOf(row);
		if (!source) {
			return undefined;
		}
		const sha = row.source.type === 'commit' ? `${state.id}\0${row.source.sha}` : undefined;
		const result = await readCommitTable(source, file, sha);
		if (result?.errors.length) {
			const known = this.commitErrors.get(experimentId) ?? [];
			const fresh = result.errors.filter((e) => !known.includes(e));
			this.commitErrors.set(experimentId, [...known, ...fresh]);
		}
		return result;
	}

	/** Brings every live table up to date; returns what was appended or reset. */
	async update(): Promise<SeriesAppend[]> {
		const out: SeriesAppend[] = [];
		for (const table of this.live.values()) {
			const update = await table.update();
			if (!update) {
				continue;
			}
			for (const experimentId of table.experimentIds) {
				out.push({ experimentId, file: table.file, table: update.table, from: update.from, reset: update.reset });
			}
		}
		return out;
	}

	/** Drops tables whose experiments are gone (a rescan removed them). */
	prune(alive: (experimentId: string) => boolean): void {
		for (const [key, table] of this.live) {
			for (const id of table.experimentIds) {
				if (!alive(id)) {
					table.experimentIds.delete(id);
				}
			}
			if (table.experimentIds.size === 0) {
				this.live.delete(key);
			}
		}
	}

	/** Errors of every table an experiment has read (kept across rescans, which rebuild experiments). */
	errorsFor(experimentId: string): FileError[] {
		const out: FileError[] = [];
		for (const t of this.live.values()) {
			if (t.experimentIds.has(experimentId)) {
				out.push(...t.errors);
			}
		}
		out.push(...(this.commitErrors.get(experimentId) ?? []));
		return out;
	}

	errorsOf(file: string, experimentId: string): FileError[] {
		for (const t of this.live.values()) {
			if (t.file === file && t.experimentIds.has(experimentId)) {
				return t.errors;
			}
		}
		return [];
	}

	get hasLive(): boolean {
		return this.live.size > 0;
	}
}
