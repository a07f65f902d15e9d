/**
 * Studio outbox throughput and memory: `streams` experiments each enqueue start, data (all rows
 * of a 100-row loss.tsv) and done, delivered through the real outbox, sender and HTTP client to
 * the local Studio stand-in (test/support/studioServer.ts on 127.0.0.1, validating every body).
 * The outbox journals to disk as in the extension. Memory is the heap delta with every event queued.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
