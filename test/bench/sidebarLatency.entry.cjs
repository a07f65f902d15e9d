// Extension-host side of test/bench/sidebarLatency.bench.ts (copied to a temp entry.js, the code-server run's
// extensionTestsPath). Plain CommonJS: it is loaded by VS Code's test runner, not bundled.
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const inspector = require('inspector');

const LOSS = 'dvclive/plots/metrics/train/loss.tsv';
const METRICS = 'dvclive/metrics.json';
const RUN_SIGNAL = '.dvc/tmp/exps/run/DVCLIVE_ONLY';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const workspaceItem = (items) => items.find((i) => i.id.endsWith('|workspace'));

function metricsText(step) {
	return JSON.stringify({ train: { loss: 1 / (step + 1) }, eval: { acc: 0.5 }, step }, null, 4) + '\n';
}

/** Step -> time of its append; `settle(upTo, now)` records the latency of every pending step <= upTo. */
function tracker(appendAt) {
	const out = [];
	const done = new Set();
	return {
		out,
		settle(upTo, now) {
			for (const [step, t] of appendAt) {
				if (step <= upTo && !done.has(step)) {
					done.add(step);
					out.push(now - t);
				}
			}
		},
	};
}

/** After every tree refresh, the step the rendered workspace item shows settles the tree tracker. */
function watchTree(sidebar, tree, rebuildMs) {
	let active = true;
	void (async () => {
		while (active) {
			// Re-subscribing happens in the same macrotask as the refresh: none is missed.
			const r = await sidebar.nextRefresh();
			const now = performance.now();
			rebuildMs.push(r.ms);
			const text = workspaceItem(await sidebar.render(1))?.description ?? '';
			// `step 7` without a planned total; `8/10 steps` with one (DVCLive counts from step 0).
			const bare = /\bstep (\d+)\b/.exec(text);
			const done = /\b(\d+)\/\d+ steps\b/.exec(text);
			const step = bare ? Number(bare[1]) : done ? Number(done[1]) - 1 : undefined;
			if (step !== undefined) tree.settle(step, now);
		}
	})();
	return () => {
		active = false;
	};
}

/** Appends one row every `intervalMs` from inside the host and times the three events per append. */
async function measureLatency(ctx, opts) {
	const { api, model, sidebar, wsId, rel } = ctx;
	const appendAt = new Map();
	const api_ = tracker(appendAt);
	const series = tracker(appendAt);
	const tree = tracker(appendAt);
	const rebuildMs = [];
	const subs = [
		api.onDidChangeExperiments((e) => {
			const now = performance.now();
			const step = model.getExperiment(wsId)?.metrics[METRICS]?.step;
			if (e.changed.includes(wsId) && typeof step === 'number') api_.settle(step, now);
		}),
		model.onDidAppendSeries((e) => {
			// The fixture's loss.tsv holds steps 0..n-1, one row each: the last row's step is length - 1.
			if (e.experimentId === wsId && e.file === LOSS) series.settle(e.table.length - 1, performance.now());
		}),
	];
	const stopTree = watchTree(sidebar, tree, rebuildMs);
	const first = ctx.nextStep;
	for (let i = 0; i < opts.samples; i++) {
		const step = first + i;
		const t0 = performance.now();
		appendAt.set(step, t0);
		fs.appendFileSync(rel(LOSS), `${step}\t${(1 / (step + 1)).toFixed(6)}\n`);
		fs.writeFileSync(rel(METRICS), metricsText(step));
		await sleep(Math.max(0, t0 + opts.intervalMs - performance.now()));
	}
	ctx.nextStep = first + opts.samples;
	// Let the last appends arrive (watcher + debounce are about 200 ms).
	await sleep(3000);
	stopTree();
	subs.forEach((s) => s.dispose());
	return { api: api_.out, series: series.out, tree: tree.out, rebuildMs, written: opts.samples };
}

/** Host CPU (this process only) over `seconds`, after one settling second. */
async function cpuWindow(seconds) {
	await sleep(1000);
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	await sleep(seconds * 1000);
	const c = process.cpuUsage(c0);
	return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

/** Nearest frame on the stack that belongs to Runlens, the git extension, another extension or VS Code. */
function originOf(frame, devRoot) {
	const url = frame.url;
	if (frame.functionName === '(garbage collector)') return 'gc';
	if (frame.functionName === '(program)') return 'program';
	if (frame.functionName === '(idle)') return 'idle';
	if (!url || url.startsWith('node:')) return undefined;
	if (url.includes(`${devRoot}/dist/`)) return 'runlens';
	if (/[\\/]extensions[\\/]git[\\/]/.test(url)) return 'git';
	return /[\\/]extensions[\\/]/.test(url) ? 'otherExtensions' : 'vscode';
}

/** CPU of a V8 sampling profile attributed to its origin (node internals count for their caller), % of a core. */
function attribute(profile, devRoot) {
	const parent = new Map();
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const wallUs = profile.endTime - profile.startTime;
	const usPerSample = wallUs / Math.max(1, profile.samples.length);
	const out = {};
	for (const n of profile.nodes) {
		if (!n.hitCount) continue;
		let cur = n;
		let origin = originOf(cur.callFrame, devRoot);
		while (origin === undefined && parent.has(cur.id)) {
			cur = byId.get(parent.get(cur.id));
			origin = originOf(cur.callFrame, devRoot);
		}
		origin ??= 'nodeInternals';
		out[origin] = (out[origin] ?? 0) + (100 * n.hitCount * usPerSample) / wallUs;
	}
	delete out.idle;
	return out;
}

/** A V8 sampling profile of this host over `seconds` (a separate window: profiling costs CPU too). */
async function profileWindow(seconds, devRoot) {
	const session = new inspector.Session();
	session.connect();
	const post = (m, p) => new Promise((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
	try {
		await post('Profiler.enable');
		await post('Profiler.setSamplingInterval', { interval: 1000 });
		await post('Profiler.start');
		await sleep(seconds * 1000);
		const { profile } = await post('Profiler.stop');
		return attribute(profile, devRoot);
	} finally {
		session.disconnect();
	}
}

/** A separate writer process (its CPU is not the host's): one row + metrics.json per interval. */
async function cpuWhileRunning(ctx, opts) {
	const script = `const fs = require('fs');
const [loss, metrics, start, ms] = process.argv.slice(1);
let step = Number(start);
setInterval(() => {
	fs.appendFileSync(loss, step + '\\t' + (1 / (step + 1)).toFixed(6) + '\\n');
	fs.writeFileSync(metrics, JSON.stringify({ train: { loss: 1 / (step + 1) }, eval: { acc: 0.5 }, step }, null, 4) + '\\n');
	process.stdout.write(step++ + '\\n');
}, Number(ms));`;
	const args = ['-e', script, ctx.rel(LOSS), ctx.rel(METRICS), String(ctx.nextStep), String(opts.intervalMs)];
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH } });
	let last = ctx.nextStep - 1;
	child.stdout.on('data', (b) => {
		const lines = b.toString().trim().split('\n');
		last = Number(lines[lines.length - 1]);
	});
	const exited = new Promise((r) => child.once('exit', r));
	try {
		await sleep(500);
		const before = last;
		const w = await cpuWindow(opts.cpuSeconds);
		const rows = last - before;
		const byOrigin = await profileWindow(opts.cpuSeconds, ctx.devRoot);
		return { ...w, rows, byOrigin };
	} finally {
		child.kill();
		await exited;
		ctx.nextStep = last + 1;
	}
}

async function setUp() {
	const ext = vscode.extensions.getExtension('runlens.runlens');
	const api = await ext.activate();
	await api.ready;
	const { model, sidebar } = api.testing;
	const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
	const rel = (p) => path.join(root, ...p.split('/'));
	await sidebar.waitFor((t) => !!workspaceItem(t));
	fs.mkdirSync(path.dirname(rel(RUN_SIGNAL)), { recursive: true });
	// As DVCLive announces a run it saves itself; the pid must be alive: this host's.
	fs.writeFileSync(rel(RUN_SIGNAL), JSON.stringify({ pid: process.pid, exp_name: 'bench-run' }));
	const items = await sidebar.waitFor((t) => workspaceItem(t)?.contextValue === 'experiment.running');
	const wsId = workspaceItem(items).id;
	// The model reports appends only for series it has read.
	const rows = await sidebar.readSeriesLength(wsId, LOSS);
	if (!rows) throw new Error(`the workspace has no ${LOSS}`);
	return { api, model, sidebar, wsId, rel, nextStep: rows, devRoot: ext.extensionPath };
}

exports.run = async function () {
	const out = process.env.RUNLENS_BENCH_OUT;
	try {
		const opts = JSON.parse(process.env.RUNLENS_BENCH_SIDEBAR);
		const ctx = await setUp();
		const latency = await measureLatency(ctx, opts);
		const cpuRun = await cpuWhileRunning(ctx, opts);
		fs.rmSync(ctx.rel(RUN_SIGNAL), { force: true });
		await ctx.sidebar.waitFor((t) => workspaceItem(t)?.contextValue === 'experiment');
		await sleep(2000);
		const idle = await cpuWindow(opts.cpuSeconds);
		const cpuIdle = { ...idle, rows: 0, byOrigin: await profileWindow(opts.cpuSeconds, ctx.devRoot) };
		fs.writeFileSync(out, JSON.stringify({ ...latency, cpuRun, cpuIdle }));
	} catch (err) {
		fs.writeFileSync(out, JSON.stringify({ error: String(err && err.stack ? err.stack : err) }));
		throw err;
	}
};
