/**
 * Memory of the real model holding one DVCLive series of `rows` points (timestamp, step, value
 * columns) read from a real TSV file: heap, array-buffer and RSS deltas after a forced GC, plus
 * the bytes of the typed arrays themselves and the read time.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExperimentsModel } from '../../src/model/model';
import { collectGarbage, MB } from './stats';

const LOSS = 'dvclive/plots/metrics/loss.tsv';

export interface SeriesMemory {
	rows: number;
	fileMB: number;
	readMs: number;
	typedArrayMB: number;
	heapDeltaMB: number;
	arrayBuffersDeltaMB: number;
	rssDeltaMB: number;
}

function writeTsv(file: string, rows: number): void {
	const fd = openSync(file, 'w');
	try {
		writeSync(fd, 'timestamp\tstep\tloss\n');
		let block = '';
		for (let i = 0; i < rows; i++) {
			block += `${1717171717171 + i * 13}\t${i}\t${(1 / (i + 1) + (i % 7) * 0.001).toFixed(6)}\n`;
			if (block.length > 1 << 20) {
				writeSync(fd, block);
				block = '';
			}
		}
		writeSync(fd, block);
	} finally {
		closeSync(fd);
	}
}

/** Writes the `rows`-point series once into a temp project, runs `fn` on it, then removes it. */
export async function withSeriesProject<T>(rows: number, fn: (dir: string) => Promise<T>): Promise<T> {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-mem-'));
	try {
		mkdirSync(join(dir, 'dvclive/plots/metrics'), { recursive: true });
		writeFileSync(join(dir, 'dvclive/metrics.json'), '{"loss": 0.1, "step": 1}');
		writeTsv(join(dir, LOSS), rows);
		return await fn(dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** One measurement with a fresh model over the project `withSeriesProject` made. */
export async function benchSeriesMemory(dir: string, rows: number): Promise<SeriesMemory> {
	const model = createExperimentsModel({ folders: [dir], allowGit: false, commitsPerBranch: 1, showAllBranches: false });
	try {
		await model.ready;
		const id = model.getExperiments()[0]?.id;
		collectGarbage();
		const before = process.memoryUsage();
		const t0 = performance.now();
		const table = id === undefined ? undefined : await model.readSeriesTable(id, LOSS);
		const readMs = performance.now() - t0;
		if (!table || table.length !== rows) {
			throw new Error(`memory bench: the model read ${table?.length ?? 0} of ${rows} rows`);
		}
		collectGarbage();
		const after = process.memoryUsage();
		const typed = Object.values(table.data).reduce((n, a) => n + a.byteLength, 0);
		return {
			rows,
			fileMB: statSync(join(dir, LOSS)).size / MB,
			readMs,
			typedArrayMB: typed / MB,
			heapDeltaMB: (after.heapUsed - before.heapUsed) / MB,
			arrayBuffersDeltaMB: (after.arrayBuffers - before.arrayBuffers) / MB,
			rssDeltaMB: (after.rss - before.rss) / MB,
		};
	} finally {
		model.dispose();
	}
}
