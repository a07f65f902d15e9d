/**
 * Studio outbox throughput and memory: `streams` experiments each enqueue start, data (all rows
 * of a 100-row loss.tsv) and done, delivered through the real outbox, sender and HTTP client to
 * the local Studio stand-in (test/support/studioServer.ts on 127.0.0.1, validating every body).
 * The outbox journals to disk as in the extension. Memory is the heap delta with every event queued.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postJson } from '../../src/studio/client';
import { metaOf } from '../../src/studio/events';
import type { EventMeta } from '../../src/studio/events';
import { Outbox } from '../../src/studio/outbox';
import { createStudioSender } from '../../src/studio/sender';
import { StudioStandIn } from '../support/studioServer';
import { experiment, FsModel } from '../unit/studio/fsModel';
import { collectGarbage, MB } from './stats';

const TOKEN = 'isat_benchToken000000000000000001';
const LOSS = 'dvclive/plots/metrics/loss.tsv';

export interface OutboxBench {
	events: number;
	posts: number;
	eventsPerSecond: number;
	postsPerSecond: number;
	queuedHeapMB: number;
}

function writeFiles(root: string): void {
	mkdirSync(join(root, 'dvclive/plots/metrics'), { recursive: true });
	const rows = Array.from({ length: 100 }, (_, i) => `${i}\t${1 / (i + 1)}`);
	writeFileSync(join(root, LOSS), `step\tloss\n${rows.join('\n')}\n`);
	writeFileSync(join(root, 'dvclive/metrics.json'), '{"loss": 0.01, "step": 99}');
}

function metas(model: FsModel, streams: number): EventMeta[] {
	return Array.from({ length: streams }, (_, i) => {
		const rev = (i + 1).toString(16).padStart(40, 'c');
		const exp = model.add(
			experiment({
				id: `p|exp|${'a'.repeat(40)}|run-${i}`,
				name: `run-${i}`,
				rev,
				status: 'success',
				metrics: { 'dvclive/metrics.json': { loss: 0.01, step: 99 } },
				series: [{ id: 'l', name: 'loss', file: LOSS, column: 'loss', x: 'step' }],
			}),
		);
		const meta = metaOf(exp, undefined, 'https://example.invalid/repo.git');
		if (typeof meta === 'string') {
			throw new Error(meta);
		}
		return meta;
	});
}

export async function benchStudioOutbox(streams: number): Promise<OutboxBench> {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-studio-'));
	const server = await StudioStandIn.start({ token: TOKEN });
	writeFiles(join(dir, 'repo'));
	const model = new FsModel(join(dir, 'repo'));
	const sender = createStudioSender({
		model,
		getConfig: () => ({ configured: true, token: TOKEN, repoUrl: 'r', url: server.url }),
		post: (url, body, token) => postJson(url, body, token),
	});
	const outbox = new Outbox({ dir: join(dir, 'outbox'), sender, maxEvents: streams * 3 + 10 });
	try {
		const all = metas(model, streams);
		collectGarbage();
		const heapBefore = process.memoryUsage().heapUsed;
		const t0 = performance.now();
		for (const meta of all) {
			outbox.enqueue({ stream: meta.experimentId, kind: 'start', meta });
			outbox.enqueue({ stream: meta.experimentId, kind: 'data', meta, step: 99, final: true });
			outbox.enqueue({ stream: meta.experimentId, kind: 'done', meta });
		}
		const queuedHeapMB = (process.memoryUsage().heapUsed - heapBefore) / MB;
		await outbox.whenIdle();
		const seconds = (performance.now() - t0) / 1000;
		const events = outbox.getState().counters.delivered;
		if (server.rejected.length > 0 || events !== streams * 3) {
			throw new Error(`outbox bench: ${events} of ${streams * 3} delivered, ${server.rejected.length} rejected`);
		}
		const posts = server.accepted.length;
		return { events, posts, eventsPerSecond: events / seconds, postsPerSecond: posts / seconds, queuedHeapMB };
	} finally {
		outbox.dispose();
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Plain identities: memory is about the queue, not about building experiments. */
function plainMeta(i: number): EventMeta {
	return { experimentId: `p|exp|${'a'.repeat(40)}|q-${i}`, repoUrl: 'r', baselineSha: 'a'.repeat(40), name: `q-${i}` };
}

/**
 * Heap held by `events` queued events (start, data, done per experiment) while Studio is paused:
 * the stand-in holds every request, so nothing leaves the queue. Delta of heapUsed after GC.
 */
export async function benchQueuedMemory(events: number): Promise<{ events: number; heapMB: number; enqueueMs: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-studio-mem-'));
	const server = await StudioStandIn.start({ token: TOKEN });
	server.pause();
	const sender = createStudioSender({
		model: new FsModel(join(dir, 'repo')),
		getConfig: () => ({ configured: true, token: TOKEN, repoUrl: 'r', url: server.url }),
		post: (url, body, token) => postJson(url, body, token, { readTimeoutMs: 600_000 }),
	});
	const outbox = new Outbox({ dir: join(dir, 'outbox'), sender, maxEvents: events, overflow: 'error' });
	const kinds = ['start', 'data', 'done'] as const;
	try {
		const all = Array.from({ length: Math.ceil(events / 3) }, (_, i) => plainMeta(i));
		collectGarbage();
		const before = process.memoryUsage().heapUsed;
		const t0 = performance.now();
		for (let i = 0; i < events; i++) {
			const meta = all[Math.floor(i / 3)];
			const kind = kinds[i % 3];
			const r = outbox.enqueue({ stream: meta.experimentId, kind, meta, ...(kind === 'data' ? { step: 1 } : {}) });
			if (!r.accepted) {
				throw new Error(`outbox memory bench: ${r.reason}`);
			}
		}
		const enqueueMs = performance.now() - t0;
		collectGarbage();
		const heapMB = (process.memoryUsage().heapUsed - before) / MB;
		const queued = outbox.getState().pending;
		if (queued !== events || server.accepted.length > 0) {
			throw new Error(`outbox memory bench: ${queued} of ${events} queued`);
		}
		return { events: queued, heapMB, enqueueMs };
	} finally {
		outbox.dispose();
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

export interface WaitPlan {
	streams: number;
	steps: number;
	intervalMs: number;
}

/**
 * How long a `data` event waits in the outbox (enqueue to Studio's 200) on a healthy server:
 * `streams` running experiments each append a row to their own loss.tsv and enqueue a data event
 * every `intervalMs`, as live push does; a coalesced event counts once, from its first enqueue.
 */
export async function benchDataWait(plan: WaitPlan): Promise<{ samples: number[]; posts: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-studio-wait-'));
	const server = await StudioStandIn.start({ token: TOKEN });
	const root = join(dir, 'repo');
	const model = new FsModel(root);
	const sender = createStudioSender({
		model,
		getConfig: () => ({ configured: true, token: TOKEN, repoUrl: 'r', url: server.url }),
		post: (url, body, token) => postJson(url, body, token),
	});
	const outbox = new Outbox({ dir: join(dir, 'outbox'), sender });
	const samples: number[] = [];
	outbox.onDidDeliver((d) => d.event.kind === 'data' && samples.push(d.waitedMs));
	try {
		const runs = Array.from({ length: plan.streams }, (_, i) => runningExperiment(model, root, i));
		runs.forEach(({ meta }) => outbox.enqueue({ stream: meta.experimentId, kind: 'start', meta }));
		for (let step = 0; step < plan.steps; step++) {
			for (const { meta, file } of runs) {
				appendFileSync(file, `${step}\t${1 / (step + 1)}\n`);
				outbox.enqueue({ stream: meta.experimentId, kind: 'data', meta, step });
			}
			await new Promise((resolve) => setTimeout(resolve, plan.intervalMs));
		}
		await outbox.whenIdle();
		if (server.rejected.length > 0) {
			throw new Error(`outbox wait bench: ${server.rejected.length} rejected`);
		}
		return { samples, posts: server.accepted.length };
	} finally {
		outbox.dispose();
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

function runningExperiment(model: FsModel, root: string, i: number): { meta: EventMeta; file: string } {
	const rel = `runs/${i}/loss.tsv`;
	mkdirSync(join(root, `runs/${i}`), { recursive: true });
	writeFileSync(join(root, rel), 'step\tloss\n');
	const exp = model.add(
		experiment({
			id: `p|exp|${'a'.repeat(40)}|live-${i}`,
			name: `live-${i}`,
			series: [{ id: 'l', name: 'loss', file: rel, column: 'loss', x: 'step' }],
		}),
	);
	const meta = metaOf(exp, undefined, 'https://example.invalid/repo.git');
	if (typeof meta === 'string') {
		throw new Error(meta);
	}
	return { meta, file: join(root, rel) };
}
