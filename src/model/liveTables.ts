/**
 * Series tables of files in the working tree (or a running executor's checkout) that grow while a
 * run is live. Appended bytes are read from the last offset; a shrunk file or changed leading
 * bytes means it was truncated or rewritten, so it is re-read whole and reported with `reset`.
 */
import { constants as fsc, promises as fsp } from 'node:fs';
import type { Containment } from './containment';
import { TimeSlicer } from '../util/slice';
import { TableReader } from './parse/table';
import type { FileError, SeriesTable } from './types';

const HEAD_BYTES = 256;
/** Read and parsed at a time: a few ms of TSV, so a long file never blocks the event loop. */
const READ_CHUNK = 128 * 1024;
/** Files with more unread bytes than this get their columns sized up front (TableReader.reserve). */
const RESERVE_FROM = 4 * READ_CHUNK;
/** Rows of a growing file get longer (step and timestamp digits), rarely shorter: a little spare room. */
const RESERVE_MARGIN = 1.1;
/** No plot row is this long: past it the file is junk (or a sparse/binary blob) and reading stops. */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface LiveUpdate {
	table: SeriesTable;
	from: number;
	reset: boolean;
}

export function delimiterOf(file: string): '\t' | ',' {
	return /\.tsv$/i.test(file) ? '\t' : ',';
}

export class LiveTable {
	private reader: TableReader;
	private fed = 0;
	private head: Buffer = Buffer.alloc(0);
	private mtimeMs = -1;
	private junk: FileError | undefined;
	/** The last open was refused (outside the root): a later open inside starts clean. */
	private refused = false;
	/** The update in progress (or the last one): the next waits for it. */
	private updating: Promise<unknown> = Promise.resolve();
	/** False once the file was found missing (vanished between list and read). */
	exists = true;
	/** Experiment ids that asked for this table (workspace row and a running experiment share files). */
	readonly experimentIds = new Set<string>();

	constructor(
		/** The root the file must stay inside; checked on every open (once per update, not per chunk). */
		private readonly guard: Containment,
		readonly file: string,
	) {
		this.reader = new TableReader(file, { delimiter: delimiterOf(file), header: true });
	}

	get table(): SeriesTable {
		return this.reader.table;
	}

	/**
	 * Brings the table up to date; undefined when nothing changed (or the file is gone). Calls run
	 * one after another: a reader's first read and the watcher's update can overlap, and both would
	 * feed the same bytes from the same offset (the rows, header included, twice).
	 */
	update(): Promise<LiveUpdate | undefined> {
		const run = this.updating.then(() => this.updateNow());
		this.updating = run.catch(() => undefined);
		return run;
	}

	private async updateNow(): Promise<LiveUpdate | undefined> {
		let handle: fsp.FileHandle | undefined;
		try {
			const where = await this.guard.resolve(this.file);
			if (!where.ok) {
				return this.refuse(where);
			}
			if (this.refused) {
				this.refused = false;
				this.junk = undefined;
			}
			// O_NONBLOCK: opening a FIFO without a writer would otherwise block a libuv thread forever.
			handle = await fsp.open(where.real, fsc.O_RDONLY | fsc.O_NONBLOCK);
			this.exists = true;
			const st = await handle.stat();
			if (!st.isFile()) {
				this.junk = { file: this.file, message: 'not a regular file (a FIFO, socket or device): not read' };
				return undefined;
			}
			if (st.size === this.fed && st.mtimeMs === this.mtimeMs) {
				return undefined;
			}
			const head = await readAt(handle, 0, Math.min(HEAD_BYTES, st.size));
			const rewritten = st.size < this.fed || !head.subarray(0, this.head.length).equals(this.head);
			const reset = rewritten && this.fed > 0;
			if (rewritten) {
				this.reader.reset();
				this.fed = 0;
				this.junk = undefined;
			}
			if (this.junk) {
				return undefined;
			}
			const from = this.reader.table.length;
			await this.feed(handle, st.size);
			if (rewritten || head.length > this.head.length) {
				this.head = head;
			}
			this.mtimeMs = st.mtimeMs;
			const table = this.reader.table;
			if (!reset && table.length === from && from > 0) {
				return undefined;
			}
			return { table, from: reset ? 0 : from, reset };
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
				this.exists = false;
			}
			return undefined;
		} finally {
			await handle?.close().catch(() => undefined);
		}
	}

	/**
	 * A path now missing or outside the root: outside, whatever was read before is dropped (a
	 * symlink re-pointed out of the repository must not keep showing the content it had).
	 */
	private refuse(where: { missing: boolean; error: string }): LiveUpdate | undefined {
		if (where.missing) {
			this.exists = false;
			return undefined;
		}
		const had = this.fed > 0;
		this.reader.reset();
		this.fed = 0;
		this.head = Buffer.alloc(0);
		this.mtimeMs = -1;
		this.junk = { file: this.file, message: where.error };
		this.refused = true;
		return had ? { table: this.reader.table, from: 0, reset: true } : undefined;
	}

	/**
	 * Reads new bytes in chunks, yielding to the event loop every few ms; a run of bytes with no
	 * newline past MAX_LINE_BYTES stops the file.
	 */
	private async feed(handle: fsp.FileHandle, size: number): Promise<void> {
		const slicer = new TimeSlicer();
		let reserved = false;
		while (this.fed < size && !this.junk) {
			const chunk = await readAt(handle, this.fed, Math.min(READ_CHUNK, size - this.fed));
			if (chunk.length === 0) {
				break;
			}
			if (chunk.includes(0)) {
				this.junk = {
					file: this.file,
					line: this.reader.table.length + 2,
					message: 'binary data (a NUL byte): not a text table',
				};
				break;
			}
			this.reader.append(chunk);
			this.fed += chunk.length;
			if (!reserved && size - this.fed > RESERVE_FROM) {
				reserved = this.reserveFor(size);
			}
			await slicer.pause();
			if (this.reader.pendingBytes > MAX_LINE_BYTES) {
				const line = this.reader.table.length + 2;
				this.junk = {
					file: this.file,
					line,
					message: `line is longer than ${MAX_LINE_BYTES} bytes: not a plot data file`,
				};
			}
		}
	}

	/** Sizes the columns once for the rows the whole file likely holds (rows so far scaled by bytes). */
	private reserveFor(size: number): boolean {
		const rows = this.reader.table.length;
		const consumed = this.reader.bytesConsumed;
		if (rows < 64 || consumed === 0) {
			return false;
		}
		this.reader.reserve(Math.ceil((rows / consumed) * size * RESERVE_MARGIN));
		return true;
	}

	get errors(): FileError[] {
		return this.junk ? [...this.reader.errors, this.junk] : this.reader.errors;
	}
}

async function readAt(handle: fsp.FileHandle, position: number, length: number): Promise<Buffer> {
	const buf = Buffer.alloc(length);
	const { bytesRead } = await handle.read(buf, 0, length, position);
	return buf.subarray(0, bytesRead);
}
