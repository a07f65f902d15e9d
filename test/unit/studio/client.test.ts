import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRetryAfter, postJson } from '../../../src/studio/client';
import { StudioStandIn } from '../../support/studioServer';

const TOKEN = 'isat_secretTokenValue1234567890';
const body = { type: 'start', repo_url: 'r', baseline_sha: 'a'.repeat(40), name: 'n', client: 'runlens' };

describe('studio client', () => {
	let server: StudioStandIn;
	beforeEach(async () => (server = await StudioStandIn.start({ token: TOKEN })));
	afterEach(() => server.close());

	it('posts JSON with a token Authorization header; 200 is success', async () => {
		const outcome = await postJson(`${server.url}api/live`, body, TOKEN);
		assert.equal(outcome.kind, 'ok');
		assert.deepEqual(server.events(), [body]);
		assert.equal(server.accepted[0].authorization, `token ${TOKEN}`);
	});

	it('classifies every fault, and no message contains the token', async () => {
		server.inject(
			{ type: 'drop' },
			{ type: 'status', status: 500 },
			{ type: 'status', status: 503 },
			{ type: 'rateLimit', retryAfterSeconds: 7 },
			{ type: 'status', status: 401 },
			{ type: 'status', status: 400 },
			{ type: 'hang' },
		);
		const url = `${server.url}api/live`;
		const outcomes = [];
		for (let i = 0; i < 7; i++) {
			outcomes.push(await postJson(url, { ...body, name: TOKEN }, TOKEN, { readTimeoutMs: 200 }));
		}
		assert.deepEqual(
			outcomes.map((o) =>
				o.kind === 'fatal' ? `fatal:${o.status}:${o.auth}` : o.kind === 'retryable' ? `retry:${o.reason}` : o.kind,
			),
			[
				'retry:network',
				'retry:server',
				'retry:server',
				'retry:rate-limit',
				'fatal:401:true',
				'fatal:400:false',
				'retry:timeout',
			],
		);
		const rate = outcomes[3];
		assert.equal(rate.kind === 'retryable' && rate.retryAfterMs, 7000);
		for (const o of outcomes) {
			assert.ok(!JSON.stringify(o).includes(TOKEN));
		}
	});

	it('scrubs a token that a server echoes back in its error body', async () => {
		const echo = http.createServer((req, res) => {
			res.writeHead(400, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ detail: `rejected ${req.headers.authorization}` }));
		});
		await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = echo.address() as AddressInfo;
			const outcome = await postJson(`http://127.0.0.1:${port}/api/live`, body, TOKEN);
			assert.equal(outcome.kind === 'fatal' && outcome.message, 'Studio answered HTTP 400: rejected token ***');
		} finally {
			echo.close();
		}
	});

	it('reports an unreachable server as a retryable network error', async () => {
		const url = server.url;
		await server.close();
		const outcome = await postJson(`${url}api/live`, body, TOKEN);
		assert.equal(outcome.kind === 'retryable' && outcome.reason, 'network');
		server = await StudioStandIn.start();
	});

	it('parses Retry-After as seconds or a date', () => {
		assert.equal(parseRetryAfter('3'), 3000);
		assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
		assert.equal(parseRetryAfter('soon'), undefined);
	});
});
