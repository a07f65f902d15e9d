/**
 * Live latency of the real model over real files: time from a file append (or a metrics.json
 * rewrite) to the model's `onDidAppendSeries` (or `onDidChangeExperiments`) event.
 *
 * The VS Code file watcher is simulated by calling `notifyFilesChanged` right after the write, as
 * src/vscode/watcher.ts does when VS Code reports the change; the OS/VS Code watcher delay itself is
 * not included. The model's default watcher debounce (`debounceMs`, 100 ms) is included.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExperimentsModel } from '../../src/model/model';
import type { ExperimentsModelImpl } from '../../src/model/model';
import { percentiles } from './stats';
import type { Percentiles } from './stats';

const LOSS = 'dvclive/plots/metrics/train/loss.tsv';
const METRICS = 'dvclive/metrics.json';

export interface LiveLatency {
	appendToSeriesEvent: Percentiles;
	metricsToChangeEvent: Percentiles;
	debounceMs: number;
}

function writeProject(dir: string): void {
	mkdirSync(join(dir, 'dvclive/plots/metrics/train'), { recursive: true });
	mkdirSync(join(dir, '.dvc'), { recursive: true });
	writeFileSync(join(dir, '.dvc/config'), '');
	writeFileSync(join(dir, 'dvc.yaml'), `metrics:\n- ${METRICS}\nplots:\n- dvclive/plots/metrics:\n    x: step\n`);
	writeFileSync(join(dir, METRICS), '{"train": {"loss": 1}, "step": 0}');
	writeFileSync(join(dir, LOSS), 'timestamp\tstep\tloss\n1700000000000\t0\t1\n');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with ms from `act()` to the first event that `subscribe` reports as the awaited one (10 s at most). */
function timeTo(subscribe: (done: () => void) => { dispose(): void }, act: () => void): Promise<number> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no model event within 10 s')), 10_000);
		let t0 = 0;
		const sub = subscribe(() => {
			clearTimeout(timer);
			sub.dispose();
			resolve(performance.now() - t0);
		});
		t0 = performance.now();
		act();
	});
}

async function samplesOf(
	model: ExperimentsModelImpl,
	dir: string,
	wsId: string,
	samples: number,
): Promise<[number[], number[]]> {
	const appends: number[] = [];
	const changes: number[] = [];
	for (let step = 1; step <= samples; step++) {
		const abs = join(dir, LOSS);
		appends.push(
			await timeTo(
				// Only the event that carries this very row counts (not a late one from an earlier write).
				(done) => model.onDidAppendSeries((a) => a.table.length > step && done()),
				() => {
					appendFileSync(abs, `${1700000000000 + step}\t${step}\t${1 / (step + 1)}\n`);
					model.notifyFilesChanged([abs]);
				},
			),
		);
		// A write that lands while the model is still finishing a run is picked up at once, skipping
		// the debounce: wait until it is quiet so each sample is the ordinary case.
		await pause(250);
		const metrics = join(dir, METRICS);
		changes.push(
			await timeTo(
				(done) =>
					model.onDidChangeExperiments(() => model.getExperiment(wsId)?.metrics[METRICS]?.step === step && done()),
				() => {
					writeFileSync(metrics, JSON.stringify({ train: { loss: 1 / (step + 1) }, step }));
					model.notifyFilesChanged([metrics]);
				},
			),
		);
		await pause(250);
	}
	return [appends, changes];
}

export async function benchLiveLatency(samples: number): Promise<LiveLatency> {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-live-'));
	writeProject(dir);
	const model = createExperimentsModel({ folders: [dir], allowGit: false, commitsPerBranch: 1, showAllBranches: false });
	try {
		await model.ready;
		const ws = model.getExperiments().find((e) => e.kind === 'workspace');
		if (!ws || !(await model.readSeriesTable(ws.id, LOSS))) {
			throw new Error('live bench: the model found no workspace series');
		}
		const [appends, changes] = await samplesOf(model, dir, ws.id, samples);
		return { appendToSeriesEvent: percentiles(appends), metricsToChangeEvent: percentiles(changes), debounceMs: 100 };
	} finally {
		model.dispose();
		rmSync(dir, { recursive: true, force: true });
	}
}
