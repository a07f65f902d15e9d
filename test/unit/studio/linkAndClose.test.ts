import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { postJson, studioLinkOf } from '../../../src/studio/client';
import type { EventMeta } from '../../../src/studio/events';
import { metaOf } from '../../../src/studio/events';
import type { Delivery } from '../../../src/studio/outbox';
import { Outbox } from '../../../src/studio/outbox';
import { OutboxStore } from '../../../src/studio/outboxStore';
import { createStudioSender } from '../../../src/studio/sender';
import { StudioStandIn } from '../../support/studioServer';
import { experiment, FsModel } from './fsModel';

const TOKEN = 'isat_linkCloseToken0000000000001';

describe('studio experiment links', () => {
	it('takes an http(s) url or link field of a JSON answer and ignores anything else', () => {
		assert.equal(
			studioLinkOf('{"url": "https://studio.example/team/repo?exp=1"}'),
			'https://studio.example/team/repo?exp=1',
		);
		assert.equal(studioLinkOf('{"ok": true, "link": "http://127.0.0.1:9/x"}'), 'http://127.0.0.1:9/x');
		assert.equal(studioLinkOf('{"url": 5, "link": "https://s.example/l"}'), 'https://s.example/l');
		for (const body of ['{"ok": true}', '', 'not json', '["https://s.example"]', '{"url": "javascript:alert(1)"}']) {
			assert.equal(studioLinkOf(body), undefined, body);
		}
		assert.equal(studioLinkOf('{"url": "ftp://s.example/x"}'), undefined);
		assert.equal(studioLinkOf('{"url": "https://"}'), undefined);
	});
});

describe('studio push against the stand-in: links and close', () => {
	let dir: string;
	let server: StudioStandIn;
	let model: FsModel;
	beforeEach(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-link-'));
		server = await StudioStandIn.start({ token: TOKEN });
		mkdirSync(path.join(dir, 'repo/dvclive'), { recursive: true });
		writeFileSync(path.join(dir, 'repo/dvclive/metrics.json'), '{"loss": 0.5, "step": 1}');
		model = new FsModel(path.join(dir, 'repo'));
	});
	afterEach(async () => {
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	});

	function outboxFor(readTimeoutMs = 5_000): Outbox {
		const sender = createStudioSender({
			model,
			getConfig: () => ({ configured: true, token: TOKEN, repoUrl: 'r', url: server.url }),
			post: (url, body, token) => postJson(url, body, token, { readTimeoutMs }),
		});
		return new Outbox({ dir: path.join(dir, 'outbox'), sender, baseDelayMs: 5 });
	}

	function push(outbox: Outbox, name: string): EventMeta {
		const exp = model.add(
			experiment({
				id: `p|exp|${'a'.repeat(40)}|${name}`,
				name,
				status: 'success',
				metrics: { 'dvclive/metrics.json': { step: 1 } },
			}),
		);
		const meta = metaOf(exp, undefined, 'r') as EventMeta;
		outbox.enqueue({ stream: exp.id, kind: 'start', meta });
		outbox.enqueue({ stream: exp.id, kind: 'data', step: 1, final: true, meta });
		outbox.enqueue({ stream: exp.id, kind: 'done', meta });
		return meta;
	}

	it('keeps the link Studio returns per experiment and reports it with the delivery', async () => {
		server.link = (body) =>
			body.name === 'bad' ? 'javascript:alert(1)' : `https://studio.example/exp/${String(body.name)}`;
		const outbox = outboxFor();
		const deliveries: Delivery[] = [];
		outbox.onDidDeliver((d) => deliveries.push(d));
		const good = push(outbox, 'good');
		const bad = push(outbox, 'bad');
		await outbox.whenIdle();
		assert.equal(outbox.link(good.experimentId), 'https://studio.example/exp/good');
		assert.equal(outbox.link(bad.experimentId), undefined);
		assert.deepEqual(outbox.getState().links, { [good.experimentId]: 'https://studio.example/exp/good' });
		const done = deliveries.find((d) => d.event.kind === 'done' && d.event.stream === good.experimentId);
		assert.equal(done?.link, 'https://studio.example/exp/good');
		outbox.dispose();
	});

	it('has no link when Studio answers without one', async () => {
		const outbox = outboxFor();
		const deliveries: Delivery[] = [];
		outbox.onDidDeliver((d) => deliveries.push(d));
		const meta = push(outbox, 'plain');
		await outbox.whenIdle();
		assert.equal(deliveries.length, 3);
		assert.ok(deliveries.every((d) => !('link' in d)));
		assert.equal(outbox.link(meta.experimentId), undefined);
		assert.deepEqual(outbox.getState().links, {});
		outbox.dispose();
	});

	it('closes within its timeout against a hanging server and keeps the pending events on disk', async () => {
		server.pause();
		// The client would wait a minute for an answer: close must not.
		const outbox = outboxFor(60_000);
		const a = push(outbox, 'a');
		const b = push(outbox, 'b');
		await new Promise((resolve) => setImmediate(resolve));
		const flushed = await outbox.flushAndClose(300);
		assert.equal(flushed, false);
		assert.ok(server.heldRequests > 0, 'requests were still unanswered when close returned');
		assert.equal(server.accepted.length, 0);
		const saved = new OutboxStore(path.join(dir, 'outbox')).load().events;
		assert.deepEqual(
			saved.map((e) => `${e.meta.name}:${e.kind}`),
			['a:start', 'a:data', 'a:done', 'b:start', 'b:data', 'b:done'],
		);
		assert.deepEqual([...new Set(saved.map((e) => e.stream))], [a.experimentId, b.experimentId]);
	});
});
