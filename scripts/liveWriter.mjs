#!/usr/bin/env node
// Pure-Node fallback of test/fixtures/gen/live_writer.py for `npm run demo` without Python: writes
// the same DVCLive layout DVCLive 3.49 writes, one step per interval, until its epochs are done
// (params.yaml's `epochs`, so progress ends at 100 %) or it is stopped.
//
//   node scripts/liveWriter.mjs [DIR] [--interval SECONDS] [--metrics N] [--epochs N] [--steps N]
//                               [--name EXP_NAME] [--seed N]      (--steps 0: endless)
//   import { startLiveWriter } from './liveWriter.mjs';  const w = startLiveWriter({ dir }); await w.stop();
//
// DIR/dvclive/{params.yaml, metrics.json, plots/metrics/**.tsv, plots/images/samples/<step>.png};
// TSV columns `timestamp\tstep\t<basename>` (`log_metric(timestamp=True)`; `--no-timestamps`: `step\t<basename>` but lr); metrics.json nested by `/` with a top-level `step`,
// 4-space indent; `.dvc/tmp/exps/run/DVCLIVE_STEP_COMPLETED` `{"pid", "step"}` after each step when
// DIR is a DVC root (as DVCLive does), removed at the end.
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

function png(width, height, shade) {
	const chunk = (kind, data) => {
		const body = Buffer.concat([Buffer.from(kind, 'latin1'), data]);
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body) >>> 0);
		return Buffer.concat([len, body, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 0, 0, 0, 0], 8);
	const rows = Buffer.alloc((width + 1) * height);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = (shade + x * 7 + y * 3) % 256;
	}
	const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Python's float repr for the values we write (finite, rounded): JS agrees except exponents. */
function pyNum(v) {
	if (Number.isNaN(v)) return 'nan';
	if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
	const s = String(v);
	if (/e/.test(s)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
	// The values are Python floats: DVCLive writes 1.0, not 1.
	return Number.isInteger(v) ? `${s}.0` : s;
}

function setNested(obj, name, value) {
	const parts = name.split('/');
	let cur = obj;
	for (const p of parts.slice(0, -1)) cur = cur[p] ??= {};
	cur[parts[parts.length - 1]] = value;
}

class Writer {
	constructor({ dir = '.', metrics = 2, epochs = 300, name = 'live-demo', seed = 1, timestamps = true }) {
		this.root = resolve(dir);
		this.out = join(this.root, 'dvclive');
		this.metrics = metrics;
		this.seed = seed;
		this.timestamps = timestamps;
		this.step = 0;
		this.summary = {};
		this.signalDir = existsSync(join(this.root, '.dvc')) ? join(this.root, '.dvc', 'tmp', 'exps', 'run') : undefined;
		// DVCLive (without resume) starts clean: old plots, summary and params are removed.
		this.epochs = epochs;
		for (const p of ['plots', 'metrics.json', 'params.yaml', 'events.jsonl'])
			rmSync(join(this.out, p), { recursive: true, force: true });
		mkdirSync(this.out, { recursive: true });
		writeFileSync(
			join(this.out, 'params.yaml'),
			`lr: 0.01\nepochs: ${epochs}\nseed: ${seed}\nmodel:\n  name: demo\n  layers: 3\n`,
		);
		if (this.signalDir) {
			// As DVCLive does when it will save the experiment itself (not inside `dvc exp run`).
			mkdirSync(this.signalDir, { recursive: true });
			writeFileSync(join(this.signalDir, 'DVCLIVE_ONLY'), JSON.stringify({ exp_name: name, pid: process.pid }));
		}
	}

	log(name, value, timestamp = this.timestamps) {
		const file = join(this.out, 'plots', 'metrics', `${name}.tsv`);
		const base = name.split('/').pop();
		if (!existsSync(file)) {
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file, (timestamp ? 'timestamp\t' : '') + `step\t${base}\n`);
		}
		appendFileSync(file, (timestamp ? `${Date.now()}\t` : '') + `${this.step}\t${pyNum(value)}\n`);
		setNested(this.summary, name, value);
	}

	nextStep() {
		const s = this.step;
		const loss = 1 / (1 + 0.05 * this.seed * s) + 0.02 * Math.sin(s / 3);
		const r = (v) => Math.round(v * 1e6) / 1e6;
		this.log('train/loss', r(loss));
		this.log('train/acc', r(1 - loss / 2));
		this.log('eval/loss', r(loss * 1.1));
		this.log('eval/acc', r(1 - loss / 1.8));
		this.log('lr', 0.01 * 0.99 ** s, true);
		for (let i = 0; i < this.metrics; i++) this.log(`extra/m${i}`, r(loss * (i + 1) + 0.01 * Math.cos(s + i)));
		if (s === Math.floor(this.epochs / 2)) {
			// Runlens's events.jsonl (DVCLive itself writes none): a marker on the charts and in the tree.
			const event = { name: 'lr drop', source: 'scheduler', step: s, wallclock: Date.now(), metadata: { lr: 0.001 } };
			appendFileSync(join(this.out, 'events.jsonl'), JSON.stringify(event) + '\n');
		}
		if (s % 5 === 0) {
			const img = join(this.out, 'plots', 'images', 'samples', `${s}.png`);
			mkdirSync(dirname(img), { recursive: true });
			writeFileSync(img, png(16, 16, (s * 13) % 256));
		}
		writeFileSync(join(this.out, 'metrics.json'), JSON.stringify({ ...this.summary, step: s }, null, 4) + '\n');
		if (this.signalDir) {
			mkdirSync(this.signalDir, { recursive: true });
			writeFileSync(join(this.signalDir, 'DVCLIVE_STEP_COMPLETED'), JSON.stringify({ pid: process.pid, step: s }));
		}
		this.step++;
	}

	end() {
		if (this.signalDir) {
			rmSync(join(this.signalDir, 'DVCLIVE_STEP_COMPLETED'), { force: true });
			rmSync(join(this.signalDir, 'DVCLIVE_ONLY'), { force: true });
		}
	}
}

/**
 * Starts writing one step every `intervalMs` until `steps` steps (default: `epochs`; 0: endless);
 * `stop()` ends cleanly. `done` resolves with the number of steps written.
 */
export function startLiveWriter({
	dir = '.',
	intervalMs = 1000,
	metrics = 2,
	epochs = 300,
	steps = epochs,
	name = 'live-demo',
	seed = 1,
	timestamps = true,
} = {}) {
	const w = new Writer({ dir, metrics, epochs, name, seed, timestamps });
	let timer;
	let resolveDone;
	const done = new Promise((r) => (resolveDone = r));
	let stopped = false;
	const stop = () => {
		if (!stopped) {
			stopped = true;
			clearTimeout(timer);
			w.end();
			resolveDone(w.step);
		}
		return done;
	};
	const tick = () => {
		if (stopped) return;
		w.nextStep();
		if (steps > 0 && w.step >= steps) stop();
		else timer = setTimeout(tick, intervalMs);
	};
	tick();
	return {
		stop,
		done,
		get step() {
			return w.step;
		},
	};
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const opt = (name, def) => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? Number(args[i + 1]) : def;
	};
	const flags = new Set(['--no-timestamps']);
	const dir =
		args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && !flags.has(args[i - 1]))) ??
		'.';
	const str = (name, def) => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? args[i + 1] : def;
	};
	const epochs = opt('epochs', 300);
	const w = startLiveWriter({
		dir,
		intervalMs: opt('interval', 1) * 1000,
		metrics: opt('metrics', 2),
		epochs,
		steps: opt('steps', epochs),
		name: str('name', 'live-demo'),
		seed: opt('seed', 1),
		timestamps: !args.includes('--no-timestamps'),
	});
	const quit = () => void w.stop();
	process.on('SIGINT', quit);
	process.on('SIGTERM', quit);
	const n = await w.done;
	console.error(`liveWriter: stopped after ${n} steps`);
	process.exit(0);
}
