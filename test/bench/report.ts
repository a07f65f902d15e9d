/** Readable table of bench/results.json (Markdown, so the README can quote it as is). */
import type { Percentiles, Stat } from './stats';

type Row = [string, string, string, string, string, string];
type Json = Record<string, unknown>;

const n = (v: number, digits = 1) =>
	Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(Math.abs(v) >= 10 ? 1 : digits + 1);
const count = (v: number) => (v >= 1e6 && v % 1e5 === 0 ? `${v / 1e6} M` : v.toLocaleString('en-US'));

function statRow(name: string, size: string, st: Stat | undefined, unit: string, note = ''): Row {
	if (!st) {
		return [name, size, '-', '-', '-', note];
	}
	return [name, size, `${n(st.median)} ${unit}`, `${n(st.min)}`, `${n(st.max)}`, note];
}

function pRow(name: string, p: Percentiles, note: string): Row {
	return [name, `${p.samples} samples`, `p50 ${n(p.p50)} ms`, `${n(p.min)}`, `${n(p.max)}`, `p95 ${n(p.p95)} ms. ${note}`];
}

function failed(section: unknown): string | undefined {
	return section && typeof section === 'object' && 'error' in section ? String((section as Json).error) : undefined;
}

function experimentsRows(list: Json[]): Row[] {
	const rows: Row[] = [];
	for (const p of list) {
		const e = p.experiments as number;
		const rl = p.runlensMs as Stat;
		rows.push(statRow('Model read, all experiments (Runlens)', `${e} exps`, rl, 'ms'));
		const cold = p.dvcColdMs as Stat | undefined;
		const warm = p.dvcWarmMs as Stat | undefined;
		if (cold && warm) {
			rows.push(statRow('`dvc exp show --json -A`, cold', `${e} exps`, cold, 'ms', `Runlens/DVC = 1/${n(cold.median / rl.median)} (goal ≤ 1/20)`));
			rows.push(statRow('`dvc exp show --json -A`, warm cache', `${e} exps`, warm, 'ms', `Runlens/DVC = 1/${n(warm.median / rl.median)}`));
		}
	}
	return rows;
}

function cpuRow(name: string, c: Json, note: string): Row {
	const origins = Object.entries((c.profiledByOrigin ?? {}) as Record<string, number>)
		.sort((a, b) => b[1] - a[1])
		.map(([k, v]) => `${k} ${n(v)} %`)
		.join(', ');
	const profiled = origins ? `; profiled: ${origins}` : '';
	return [name, `${n(c.seconds as number, 0)} s`, `${n(c.percentOfCore as number)} % of a core`, '', '', note + profiled];
}

function sidebarRows(j: Json): Row[] {
	const run = j.cpuWhileRunning as Json;
	const perRow = run.cpuMsPerRow === undefined ? '' : `, ${n(run.cpuMsPerRow as number)} ms CPU per row`;
	const missed = j.missed as Json;
	const load = j.loadAverage as Json | undefined;
	const lost = `missed api/series/tree: ${String(missed.api)}/${String(missed.series)}/${String(missed.tree)}${load ? `; load avg ${String(load.start)} → ${String(load.end)}` : ''}`;
	return [
		pRow('Sidebar: append → API `onDidChangeExperiments`', j.appendToApiEvent as Percentiles, 'code-server host, 10 rows/s, incl. watcher + debounce (goal p95 ≤ 150 ms)'),
		pRow('Sidebar: append → `onDidAppendSeries`', j.appendToSeriesEvent as Percentiles, 'same run'),
		pRow('Sidebar: append → tree refresh showing the step', j.appendToTreeRefresh as Percentiles, `goal p95 ≤ 150 ms; ${lost}`),
		pRow('Sidebar: tree rebuild (provider)', j.treeRebuildMs as Percentiles, 'per refresh'),
		cpuRow('Extension host CPU, run writing 10 rows/s', run, `${String(run.rowsWritten)} rows${perRow}; all extensions of the host`),
		cpuRow('Extension host CPU, no run', j.cpuIdle as Json, 'goal: near zero'),
	];
}

function tableRows(j: Json): Row[] {
	const size = `${count(j.experiments as number)} × ${count(j.columns as number)}`;
	const repo = `${count(j.repoExperiments as number)} exps (DVC repo)`;
	const ratio = (r: unknown) => `1/${n(r as number)} of dvc exp show`;
	return [
		statRow('Table: rows, columns, view (host)', size, j.hostBuildMs as Stat, 'ms'),
		statRow('Table: snapshot message', size, j.snapshotKB as Stat, 'kB', 'columns + first rows'),
		statRow('Table: snapshot → first paint', size, j.firstPaintMs as Stat, 'ms', 'goal ≤ 200 ms'),
		statRow('Table: sort (host)', size, j.sortHostMs as Stat, 'ms'),
		statRow('Table: sort → painted', size, j.sortPaintMs as Stat, 'ms', 'goal ≤ 50 ms with the host part'),
		statRow('Table: filter keystroke (host)', size, j.filterHostMs as Stat, 'ms'),
		statRow('Table: filter → painted', size, j.filterPaintMs as Stat, 'ms', 'goal ≤ 50 ms with the host part'),
		statRow('Table: scroll step render + layout, p50', size, j.scrollP50Ms as Stat, 'ms'),
		statRow('Table: scroll step render + layout, p95', size, j.scrollP95Ms as Stat, 'ms', 'goal ≤ 16 ms'),
		statRow('Table: page JS heap after first paint', size, j.heapFirstMB as Stat, 'MB', 'after a GC'),
		statRow('Table: page JS heap, every row cached', size, j.heapMB as Stat, 'MB', 'after a GC'),
		statRow('Table data: Runlens model + table', repo, j.runlensMs as Stat, 'ms'),
		statRow('Table data: dvc exp show --json -A, cold', repo, j.dvcColdMs as Stat, 'ms', ratio(j.coldRatio)),
		statRow('Table data: dvc exp show --json -A, warm', repo, j.dvcWarmMs as Stat, 'ms', ratio(j.warmRatio)),
	];
}

function sectionRows(name: string, v: unknown): Row[] {
	const j = v as Json;
	switch (name) {
		case 'bundle':
			return (v as Json[]).map((b) => [`Bundle ${String(b.file)}`, 'production', `${n(b.kB as number)} kB`, '', '', `gzip ${n(b.gzipKB as number)} kB`]);
		case 'experiments':
			return experimentsRows(v as Json[]);
		case 'tableParse':
			return (v as Json[]).flatMap((t) => [
				statRow('TSV parse (TableReader)', `${count(t.rows as number)} rows`, t.parseMs as Stat, 'ms'),
				statRow('Bare decode + line split', `${count(t.rows as number)} rows`, t.splitMs as Stat, 'ms'),
				statRow('Parse / split ratio', `${count(t.rows as number)} rows`, t.ratio as Stat, '×', 'goal ≤ 3×'),
			]);
		case 'memory':
			return [
				statRow('Series read from disk (model)', `${count(j.rows as number)} pts`, j.readMs as Stat, 'ms', `${n(j.fileMB as number)} MB TSV`),
				statRow('Typed arrays held', `${count(j.rows as number)} pts`, j.typedArrayMB as Stat, 'MB', '3 columns, grown capacity'),
				statRow('Array-buffer delta', `${count(j.rows as number)} pts`, j.arrayBuffersDeltaMB as Stat, 'MB'),
				statRow('JS heap delta', `${count(j.rows as number)} pts`, j.heapDeltaMB as Stat, 'MB'),
				statRow('RSS delta', `${count(j.rows as number)} pts`, j.rssDeltaMB as Stat, 'MB'),
			];
		case 'live': {
			const m = j.model as Json;
			const c = j.chart as Json;
			return [
				pRow('Append → `onDidAppendSeries`', m.appendToSeriesEvent as Percentiles, 'incl. 100 ms watcher debounce'),
				pRow('metrics.json → `onDidChangeExperiments`', m.metricsToChangeEvent as Percentiles, 'incl. 100 ms debounce'),
				pRow('`charts/append` → chart drawn', c.appendToDraw as Percentiles, `Chromium, 4 × ${count(c.pointsPerSeries as number)} pts (goal ≤ 16 ms)`),
			];
		}
		case 'chartDraw':
			return (v as Json[]).flatMap((c) => {
				const size = `4 × ${count(c.pointsPerSeries as number)}`;
				return [
					statRow('Chart: decimate + smooth (host)', size, c.decimateMs as Stat, 'ms'),
					statRow('Chart: snapshot message → drawn', size, c.drawMs as Stat, 'ms', 'goal ≤ 300 ms at 4 × 1 M'),
					statRow('Chart: page JS heap', size, c.heapMB as Stat, 'MB'),
				];
			});
		case 'examplesSort':
			return (v as Json[]).map((r) => statRow('Examples table sort', `${count(r.rows as number)} rows`, r.sortMs as Stat, 'ms'));
		case 'studio':
			return (v as Json[]).flatMap((r) => [
				statRow('Studio outbox delivered', `${count(r.events as number)} events`, r.eventsPerSecond as Stat, 'events/s', 'to the 127.0.0.1 stand-in'),
				statRow('Studio HTTP posts', `${count(r.events as number)} events`, r.postsPerSecond as Stat, 'posts/s'),
				statRow('Studio outbox heap, all queued', `${count(r.events as number)} events`, r.queuedHeapMB as Stat, 'MB'),
				...(r.wait && (r.wait as Json).waitMs
					? [pRow('Studio data event wait in the outbox', (r.wait as Json).waitMs as Percentiles, 'healthy stand-in (goal p95 ≤ 50 ms)')]
					: []),
			]);
		case 'startup':
			return (v as Json[]).flatMap(startupRows);
		case 'sidebar':
			return sidebarRows(j);
		case 'team':
			return teamRows(j);
		case 'customPlots':
			return customPlotsRows(j);
		case 'eventLoop':
			return eventLoopRows(j);
		case 'table':
			return tableRows(j);
		default:
			return [];
	}
}

export function formatReport(results: Json): string {
	const rows: Row[] = [];
	for (const name of ['experiments', 'tableParse', 'memory', 'live', 'chartDraw', 'examplesSort', 'studio', 'startup', 'sidebar', 'team', 'customPlots', 'eventLoop', 'table', 'bundle']) {
		if (!(name in results)) {
			continue;
		}
		const error = failed(results[name]);
		rows.push(...(error ? [[name, '', 'FAILED', '', '', error.slice(0, 120)] as Row] : sectionRows(name, results[name])));
	}
	const head: Row = ['Benchmark', 'Size', 'Median', 'Min', 'Max', 'Goal / note'];
	const line = (r: Row) => `| ${r.join(' | ')} |`;
	return [line(head), line(head.map(() => '---') as Row), ...rows.map(line)].join('\n');
}

function customPlotsRows(j: Json): Row[] {
	const size = `${count(j.experiments as number)} exps × ${j.columns as number} cols`;
	return [
		statRow('Custom plots: snapshot built (host, sliced)', size, j.hostMs as Stat, 'ms', 'scatter + 6-axis parallel over every experiment'),
		statRow('Custom plots: longest event-loop block meanwhile', size, j.longestBlockMs as Stat, 'ms', 'goal ≤ 50 ms; wall clock, includes time the OS ran other processes'),
		statRow('Custom plots: most CPU time in one event-loop turn', size, j.longestBlockCpuMs as Stat, 'ms', 'this process only (GC threads included): load-independent'),
		statRow('Custom plots: the same work in one synchronous call', size, j.syncMs as Stat, 'ms', 'the block without slicing'),
		statRow('Custom plots: JSON.stringify of the snapshot', size, j.stringifyMs as Stat, 'ms', 'paid on the host to post it'),
		statRow('Custom plots: snapshot size', size, j.snapshotMB as Stat, 'MB'),
	];
}

function startupRows(j: Json): Row[] {
	const size = `${String(j.repo)}: ${String(j.experiments)} rows, ${String(j.projects)} project(s)`;
	const ready = j.toReadyMs as Stat;
	const warm = j.dvcWarmMs as Stat;
	const cold = j.dvcColdMs as Stat;
	const goal = j.repo === 'small' ? 10 : 20;
	const view = j.viewRestored ? 'view restored at start-up' : 'view NOT restored: tree times include the bench opening it';
	return [
		statRow('Start-up: `activate()`', size, j.activateMs as Stat, 'ms', 'goal ≤ 50 ms'),
		statRow('Start-up: VS Code loading dist/extension.js', size, j.codeLoadMs as Stat, 'ms', 'VS Code marks, 1 ms steps'),
		statRow('Start-up: activation start → `activate()` returned', size, j.toActivatedMs as Stat, 'ms'),
		statRow('Start-up: activation start → first tree rows', size, j.toFirstTreeMs as Stat, 'ms', `goal ≤ 200 ms; ${view}`),
		statRow('Start-up: activation start → `api.ready`', size, ready, 'ms', `1/${n(warm.median / ready.median)} of dvc warm, 1/${n(cold.median / ready.median)} cold (goal ≤ 1/${goal})`),
		statRow('`dvc exp show --json -A`, warm cache', size, warm, 'ms', `${String(j.dvcExperiments)} experiments, every project`),
		statRow('`dvc exp show --json -A`, cold', size, cold, 'ms'),
	];
}

function teamRows(j: Json): Row[] {
	const size = `${count(j.experiments as number)} exps, 5 teammates`;
	const ratio = (x: Json) => `1/${((x.dvcMs as Stat).median / (x.runlensMs as Stat).median).toFixed(1)}`;
	const list = j.list as Json;
	const fetch = j.fetch as Json;
	return [
		statRow('Team: remote status (ls-remote + diff)', size, list.runlensMs as Stat, 'ms', `${ratio(list)} of dvc exp list -A origin (goal ≤ 1/10)`),
		statRow('`dvc exp list --all-commits origin`', size, list.dvcMs as Stat, 'ms'),
		statRow('Team: fetch one experiment (its ref only)', size, fetch.runlensMs as Stat, 'ms', `${ratio(fetch)} of dvc exp pull (goal ≤ 1/5)`),
		statRow('`dvc exp pull origin <name>`', size, fetch.dvcMs as Stat, 'ms'),
	];
}

function blockRow(name: string, size: string, b: Json): Row {
	const note = `p99 block ${n(b.p99BlockMs as number)} ms, ${String(b.blocksOver50)} blocks > 50 ms, delay histogram max ${n(b.delayMaxMs as number)} / p99 ${n(b.delayP99Ms as number)} ms, wall ${n((b.wallMs as number) / 1000)} s (goal: no block > 50 ms)`;
	return [name, size, `max ${n(b.longestBlockMs as number)} ms`, '', '', note];
}

function eventLoopRows(j: Json): Row[] {
	const scan = j.firstScan as Json;
	const series = j.seriesRead as Json;
	const pool = j.pool as Json;
	return [
		blockRow('Event loop: first scan + every series read', `${String(scan.projects)} projects, ${String(scan.hostile)} hostile`, scan),
		blockRow('Event loop: one series read', `${count(series.rows as number)} rows`, series),
		[
			'Parse worker: 4 kB params.yaml',
			'round trip',
			`${n(pool.roundTripMs as number)} ms`,
			'',
			'',
			`inline ${n(pool.inlineMs as number)} ms; first parse incl. worker start ${n(pool.firstMs as number)} ms (main thread blocked ${n(pool.startBlockMs as number)} ms)`,
		],
	];
}
