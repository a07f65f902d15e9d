/**
 * Incremental columnar TSV/CSV reader for plot series (DVCLive's `plots/metrics/*.tsv` grow while a
 * run is live). Bytes are appended as they are read; only complete records become rows, so a
 * half-written last line is never a row. Cells are numbers (Float64Array columns with spare
 * capacity); quoting follows RFC 4180 / Python's csv module (quote only at field start, `""` escape).
 */
import type { FileError, SeriesTable } from '../types';
import { POW10, slowCellNumber } from './cellNumber';
import { LabelColumns } from './tableLabels';
import { concat, QUOTE, readRecord, RowErrors } from './tableRecord';

export interface TableOptions {
	delimiter: '\t' | ',';
	header: boolean;
}

export class TableReader {
	private columns: string[] = [];
	/** Header name of each physical column (may repeat). */
	private names: string[] = [];
	private targets: Float64Array[] = [];
	private data: Record<string, Float64Array> = {};
	private length = 0;
	private capacity = 0;
	private started = false;
	private pending: Uint8Array = new Uint8Array(0);
	private consumed = 0;
	private nextLine = 1;
	private rowErrors: RowErrors;
	private labels = new LabelColumns();
	private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	private readonly delim: number;

	constructor(
		private readonly file: string,
		private readonly opts: TableOptions,
	) {
		this.delim = opts.delimiter.charCodeAt(0);
		this.rowErrors = new RowErrors(file);
	}

	get table(): SeriesTable {
		const labels = this.labels.table;
		const table: SeriesTable = { file: this.file, columns: this.columns, data: this.data, length: this.length };
		return labels ? { ...table, labels } : table;
	}

	get errors(): FileError[] {
		return this.rowErrors.errors;
	}

	/** Bytes of complete records consumed; the rest is pending until its newline arrives. */
	get bytesConsumed(): number {
		return this.consumed;
	}

	get pendingBytes(): number {
		return this.pending.length;
	}

	/** Rows skipped for a wrong column count, including those beyond the stored error cap. */
	get skippedRows(): number {
		return this.rowErrors.count;
	}

	reset(): void {
		[this.columns, this.names, this.targets, this.data] = [[], [], [], {}];
		this.length = this.capacity = this.consumed = 0;
		this.started = false;
		this.pending = new Uint8Array(0);
		this.nextLine = 1;
		this.rowErrors = new RowErrors(this.file);
		this.labels = new LabelColumns();
	}

	append(chunk: Uint8Array): void {
		const buf = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
		const lastNl = buf.lastIndexOf(10);
		if (lastNl < 0) {
			this.pending = buf === chunk ? chunk.slice() : buf;
			return;
		}
		let text = this.decoder.decode(buf.subarray(0, lastNl + 1));
		if (this.consumed === 0 && text.charCodeAt(0) === 0xfeff) {
			text = text.slice(1);
		}
		const stop = this.parseText(text);
		// An open quote at the end keeps its record pending; its byte length is found by re-encoding.
		const tailBytes = stop === text.length ? 0 : Buffer.byteLength(text.slice(stop));
		const used = lastNl + 1 - tailBytes;
		this.consumed += used;
		this.pending = buf.slice(used);
	}

	/** Parses complete records of `text` (which ends with a newline); returns where parsing stopped. */
	private parseText(s: string): number {
		let pos = 0;
		while (pos < s.length) {
			const next = this.started ? this.scanRows(s, pos) : this.headerRow(s, pos);
			if (next === -1) {
				return pos;
			}
			if (next >= 0) {
				pos = next;
				continue;
			}
			// scanRows stopped at a quoted field: read that record with the general reader.
			pos = -2 - next;
			const after = this.slowRow(s, pos);
			if (after < 0) {
				return pos;
			}
			pos = after;
		}
		return pos;
	}

	private headerRow(s: string, pos: number): number {
		const nl = s.indexOf('\n', pos);
		const lineEnd = nl > pos && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
		if (lineEnd === pos) {
			this.nextLine++;
			return nl + 1;
		}
		const header = readRecord(s, pos, this.delim);
		if (header === undefined) {
			return -1;
		}
		this.startTable(header.cells);
		if (!this.opts.header) {
			this.pushCells(header.cells, this.nextLine);
		}
		this.nextLine += header.lines;
		return header.next;
	}

	/**
	 * The hot loop: visits every character once, accumulating numbers as it goes (see
	 * `parseCellNumber` for why m / 10^k is exact). Stops at a quoted field (returns a value <= -2
	 * so the caller hands that record to the general reader) or at the end of the text.
	 */
	private scanRows(s: string, pos: number): number {
		const n = s.length;
		const delim = this.delim;
		const ncol = this.targets.length;
		let targets = this.targets;
		let row = this.length;
		let col = 0;
		let cellStart = pos;
		let lineStart = pos;
		let mant = 0;
		let digits = 0;
		let frac = 0;
		let dot = false;
		let neg = false;
		let slow = false;
		for (let i = pos; i < n; i++) {
			const c = s.charCodeAt(i);
			if (c >= 48 && c <= 57) {
				mant = mant * 10 + (c - 48);
				digits++;
				if (dot) {
					frac++;
				}
				continue;
			}
			const crlf = c === 13 && s.charCodeAt(i + 1) === 10;
			if (c !== delim && c !== 10 && !crlf) {
				if (c === 46 && !dot) {
					dot = true;
				} else if (c === 45 && i === cellStart) {
					neg = true;
				} else if (c === QUOTE && i === cellStart) {
					// Stopped at a quoted record starting at lineStart, encoded as a value <= -2.
					this.length = row;
					return -2 - lineStart;
				} else {
					slow = true;
				}
				continue;
			}
			if (c !== delim && i === lineStart) {
				// Blank line: DictReader skips it silently.
				this.nextLine++;
				if (crlf) {
					i++;
				}
				lineStart = cellStart = i + 1;
				continue;
			}
			if (col < ncol) {
				if (row === this.capacity) {
					this.length = row;
					this.grow();
					targets = this.targets;
				}
				let v: number;
				if (slow || digits === 0 || digits > 15) {
					v = cellStart === i ? NaN : slowCellNumber(s.slice(cellStart, i));
					if (slow && v !== v) {
						this.labels.note(this.names[col], row, s.slice(cellStart, i), this.capacity);
					}
				} else {
					v = (neg ? -1 : 1) * (frac === 0 ? mant : mant / POW10[frac]);
				}
				targets[col][row] = v;
			}
			col++;
			mant = digits = frac = 0;
			dot = neg = slow = false;
			if (crlf) {
				i++;
			}
			cellStart = i + 1;
			if (c === delim) {
				continue;
			}
			if (col === ncol) {
				row++;
			} else {
				this.labels.clearRow(row);
				this.rowErrors.add(col, this.targets.length, this.nextLine);
			}
			this.nextLine++;
			col = 0;
			lineStart = i + 1;
		}
		this.length = row;
		return n;
	}

	private slowRow(s: string, pos: number): number {
		const rec = readRecord(s, pos, this.delim);
		if (rec === undefined) {
			return -1;
		}
		this.pushCells(rec.cells, this.nextLine);
		this.nextLine += rec.lines;
		return rec.next;
	}

	private pushCells(cells: string[], line: number): void {
		if (cells.length !== this.targets.length) {
			return this.rowErrors.add(cells.length, this.targets.length, line);
		}
		if (this.length === this.capacity) {
			this.grow();
		}
		for (let i = 0; i < cells.length; i++) {
			const v = slowCellNumber(cells[i]);
			this.targets[i][this.length] = v;
			if (v !== v) {
				this.labels.note(this.names[i], this.length, cells[i], this.capacity);
			}
		}
		this.length++;
	}

	private startTable(cells: string[]): void {
		this.started = true;
		this.names = this.opts.header ? cells : cells.map((_c, i) => String(i));
		this.capacity = 64;
		for (const name of this.names) {
			// Python's DictReader lets a repeated header name take the later column's value.
			if (!(name in this.data)) {
				this.columns.push(name);
				this.data[name] = new Float64Array(this.capacity);
			}
			this.targets.push(this.data[name]);
		}
	}

	/**
	 * Room for `rows` rows at once, for a reader that knows about how many are coming: doubling a
	 * 5 M-row table's columns copies hundreds of MB in one go, a block of ~100 ms.
	 */
	reserve(rows: number): void {
		if (this.started && rows > this.capacity) {
			this.grow(rows);
		}
	}

	private grow(capacity = Math.max(64, this.capacity * 2)): void {
		this.capacity = capacity;
		for (const name of this.columns) {
			const next = new Float64Array(this.capacity);
			next.set(this.data[name].subarray(0, this.length));
			this.data[name] = next;
		}
		this.labels.grow(this.capacity, this.length);
		// Columns sharing a name share one array.
		this.targets = this.names.map((name) => this.data[name]);
	}
}
