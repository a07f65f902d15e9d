/**
 * `npm run bench` runner (started by scripts/bench.mjs with --expose-gc after the production build):
 * runs every section of the plan, writes bench/results.json and prints a readable table.
 *
 *   node --expose-gc --import tsx test/bench/run.ts [--quick] [--only=a,b] [--skip=a,b] [--out=FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FULL, QUICK } from './plan';
import type { Plan } from './plan';
import { formatReport } from './report';
import * as s from './sections';

const ROOT = resolve(__dirname, '..', '..');

type Section = (plan: Plan, log: (m: string) => void) => unknown;

/** Section names (for --only/--skip) in run order; bundle first, it reads the fresh production build. */
const SECTIONS: [string, Section][] = [
	['bundle', () => s.bundleSection()],
	['experiments', s.experimentsSection],
	['tableParse', s.tableParseSection],
	['memory', s.memorySection],
	['live', s.liveSection],
	['chartDraw', s.chartDrawSection],
	['examplesSort', s.sortSection],
	['studio', s.studioSection],
	['startup', s.startupSection],
	['sidebar', s.sidebarSection],
	['team', s.teamSection],
	['customPlots', s.customPlotsSection],
	['eventLoop', s.eventLoopSection],
	['table', s.experimentsTableSection],
];

function arg(name: string): string | undefined {
	return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function machine() {
	return {
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model ?? 'unknown',
		memoryGB: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
	};
}

async function main(): Promise<void> {
	const plan = process.argv.includes('--quick') ? QUICK : FULL;
	const only = arg('only')?.split(',');
	const skip = arg('skip')?.split(',') ?? [];
	const out = resolve(arg('out') ?? join(ROOT, 'bench', 'results.json'));
	const started = Date.now();
	const log = (m: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
	const results: Record<string, unknown> = { date: new Date().toISOString(), plan, machine: machine() };
	for (const [name, run] of SECTIONS) {
		if ((only && !only.includes(name)) || skip.includes(name)) {
			continue;
		}
		try {
			results[name] = await run(plan, log);
		} catch (err) {
			// One broken section must not lose the others: the error is reported in its place.
			log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
			results[name] = { error: err instanceof Error ? err.message : String(err) };
		}
	}
	(results.machine as Record<string, unknown>).loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
	results.totalSeconds = Math.round((Date.now() - started) / 1000);
	mkdirSync(dirname(out), { recursive: true });
	writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
	console.log(formatReport(results));
	log(`wrote ${out}`);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
