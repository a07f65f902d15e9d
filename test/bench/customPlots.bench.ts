/**
 * Custom plots at table scale (issue 11: 10,000 experiments x 200 columns): the host builds the
 * snapshot of a scatter and a 6-axis parallel-coordinates plot over every experiment through the
 * real CustomPlotsHost. Figures: wall time until the snapshot is posted, the longest the event
 * loop was blocked meanwhile, by wall clock and by CPU time (goal ≤ 50 ms: no synchronous block over 50 ms on the extension
 * host), the same work done in one synchronous call (what the block was before slicing), the
 * snapshot's JSON size and its JSON.stringify time (the host serializes it to post it).
 */
import { CustomPlotsHost } from '../../src/charts/custom/host';
import { collectColumns } from '../../src/charts/custom/columns';
import { plotData } from '../../src/charts/custom/transforms';
import { SelectionModel } from '../../src/experiments/selection';
import { TableFilterBridge } from '../../src/experiments/tableFilter';
import type { ExperimentsModel, ModelChange } from '../../src/model/api';
import type { Experiment } from '../../src/model/types';
import type { CustomPlotConfig, CustomPlotsHostMessage, CustomPlotsSnapshot } from '../../src/shared/protocol';
import { Emitter } from '../../src/util/event';
import { exp } from '../unit/experiments/helpers';
import { collectGarbage } from './stats';

function experiments(n: number, columns: number): Experiment[] {
	const half = columns / 2;
	return Array.from({ length: n }, (_, i) => {
		const params: Record<string, number | string> = { optim: `opt-${i % 5}` };
		const metrics: Record<string, number> = {};
		for (let k = 1; k < half; k++) {
			params[`p${k}`] = (i * (k + 1)) % 97;
		}
		for (let k = 0; k < half; k++) {
			metrics[`m${k}`] = ((i * 31 + k) % 1000) / 1000;
		}
		return exp({ id: `e${i}`, name: `e${i}`, params: { 'params.yaml': params }, metrics: { 'metrics.json': metrics } });
	});
}

const PLOTS: CustomPlotConfig[] = [
	{ id: 's', kind: 'scatter', x: 'params:params.yaml:p1', y: 'metrics:metrics.json:m1' },
	{
		id: 'p',
		kind: 'parallel',
		columns: ['params:params.yaml:optim', 'params:params.yaml:p2', 'params:params.yaml:p3'].concat(
			['m2', 'm3', 'm4'].map((m) => `metrics:metrics.json:${m}`),
		),
	},
];

/**
 * Longest gap between turns of the event loop while `work` runs (a setImmediate heartbeat), by
 * wall clock and by the most CPU time the process used in one gap: on a loaded machine the wall figure also
 * holds time the OS gave other processes, the CPU one only this process's own work (GC included).
 */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; blockMs: number; blockCpuMs: number }> {
	let last = performance.now();
	let lastCpu = process.cpuUsage();
	let worst = 0;
	let worstCpu = 0;
	let on = true;
	const beat = () => {
		const now = performance.now();
		const cpu = process.cpuUsage(lastCpu);
		worst = Math.max(worst, now - last);
		worstCpu = Math.max(worstCpu, (cpu.user + cpu.system) / 1000);
		last = now;
		lastCpu = process.cpuUsage();
		if (on) {
			setImmediate(beat);
		}
	};
	setImmediate(beat);
	const result = await work();
	beat();
	on = false;
	return { result, blockMs: worst, blockCpuMs: worstCpu };
}

export interface CustomPlotsFigures {
	hostMs: number;
	longestBlockMs: number;
	longestBlockCpuMs: number;
	syncMs: number;
	stringifyMs: number;
	snapshotMB: number;
}

let cached: { key: string; all: Experiment[] } | undefined;

export async function benchCustomPlots(n: number, columns: number): Promise<CustomPlotsFigures> {
	const key = `${n}x${columns}`;
	if (cached?.key !== key) {
		cached = { key, all: experiments(n, columns) };
	}
	const all = cached.all;
	const model = {
		onDidChangeExperiments: new Emitter<ModelChange>().event,
		getExperiments: () => all,
		getExperiment: (id: string) => all.find((e) => e.id === id),
	} as unknown as ExperimentsModel;
	const stored = new Map<string, unknown>();
	const memento = { get: (k: string) => stored.get(k), update: (k: string, v: unknown) => (stored.set(k, v), Promise.resolve()) };
	const host = new CustomPlotsHost({
		model,
		selection: new SelectionModel(),
		tableFilter: new TableFilterBridge(),
		memento,
		log: { warn: (m) => console.error(m) },
	});
	collectGarbage();
	const started = performance.now();
	const { result: snapshot, blockMs, blockCpuMs } = await longestBlock(() => {
		const sent = host.probe.whenSnapshot((s) => s.plots.length === PLOTS.length);
		const post = (_m: CustomPlotsHostMessage) => true;
		host.handle({ type: 'custom/ready', config: { enabled: true, plots: PLOTS } } as never, post);
		return sent;
	});
	const hostMs = performance.now() - started;
	host.dispose();
	check(snapshot, n);
	collectGarbage();
	let t = performance.now();
	const list = collectColumns(all);
	const byId = new Map(list.map((c) => [c.id, c]));
	PLOTS.forEach((p) => plotData(p, { experiments: all, columns: byId, colourOf: () => undefined }));
	const syncMs = performance.now() - t;
	t = performance.now();
	const json = JSON.stringify(snapshot);
	const stringifyMs = performance.now() - t;
	return { hostMs, longestBlockMs: blockMs, longestBlockCpuMs: blockCpuMs, syncMs, stringifyMs, snapshotMB: json.length / 2 ** 20 };
}

function check(snapshot: CustomPlotsSnapshot, n: number): void {
	const points = snapshot.plots.map((p) => p.points.length);
	if (snapshot.experiments !== n || points.some((c) => c !== n)) {
		throw new Error(`custom plots snapshot: ${snapshot.experiments} experiments, points ${points.join('/')} of ${n}`);
	}
}
