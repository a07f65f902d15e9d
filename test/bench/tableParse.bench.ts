/**
 * Micro benchmark for the incremental TSV reader: time to parse a DVCLive-like TSV
 * (`timestamp step loss`) against a bare baseline over the same bytes (UTF-8 decode + split into
 * lines). Goal: parseMs <= 3 x splitMs at 10 M rows. Wired into `npm run bench` by the lead.
 */
import { TableReader } from '../../src/model/parse/table';

function makeTsv(rows: number): Uint8Array {
	const parts: string[] = ['timestamp\tstep\tloss\n'];
	let block = '';
	for (let i = 0; i < rows; i++) {
		block += `${1717171717171 + i * 13}\t${i}\t${(1 / (i + 1) + (i % 7) * 0.001).toFixed(6)}\n`;
		if (block.length > 1 << 20) {
			parts.push(block);
			block = '';
		}
	}
	parts.push(block);
	return new TextEncoder().encode(parts.join(''));
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let i = 0; i < bytes.length; i += size) {out.push(bytes.subarray(i, i + size));}
	return out;
}

let lastInput: { rows: number; bytes: Uint8Array } | undefined;

/** A full GC when node runs with --expose-gc, so the generator's garbage is not collected inside a timing. */
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export function benchTableParse(rows: number): { parseMs: number; splitMs: number } {
	// 1 MiB chunks, as the model reads files in pieces. The bytes are kept for the next run of the
	// same size: generating them costs more than both timed phases.
	if (lastInput?.rows !== rows) {
		lastInput = { rows, bytes: makeTsv(rows) };
	}
	const parts = chunks(lastInput.bytes, 1 << 20);
	gc();
	let t0 = performance.now();
	const decoder = new TextDecoder();
	let lines = 0;
	for (const p of parts) {lines += decoder.decode(p, { stream: true }).split('\n').length;}
	const splitMs = performance.now() - t0;
	gc();
	t0 = performance.now();
	const reader = new TableReader('bench.tsv', { delimiter: '\t', header: true });
	for (const p of parts) {reader.append(p);}
	const parseMs = performance.now() - t0;
	if (reader.table.length !== rows || lines < rows) {throw new Error(`bench parsed ${reader.table.length} of ${rows} rows`);}
	return { parseMs, splitMs };
}
