/**
 * The Studio stand-in as its own process, for the integration run that restarts VS Code halfway
 * (scripts/runIntegration.mjs): it outlives both code-server runs on a fixed loopback port, so it
 * sees every event of both. It injects a fault every few requests, holds every request while the
 * file `<record>.hold` exists (so the restart surely happens mid-push) and keeps `<record>`
 * (JSON: accepted bodies, rejections) up to date for the tests to read.
 *
 *   node --import tsx test/support/studioStandInProcess.ts PORT RECORD_FILE TOKEN
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { Fault } from './studioServer';
import { StudioStandIn } from './studioServer';

// Retryable faults only: a 401 would wait for a person to sign in again.
const FAULTS: Fault[] = [
	{ type: 'drop' },
	{ type: 'status', status: 500 },
	{ type: 'status', status: 502 },
	{ type: 'status', status: 503 },
	{ type: 'rateLimit', retryAfterSeconds: 0 },
	{ type: 'slowBody', chunkDelayMs: 5 },
	{ type: 'hang' },
];
const FAULT_EVERY = 2;

async function main(): Promise<void> {
	const [port, record, token] = process.argv.slice(2);
	const server = await StudioStandIn.start({ token, port: Number(port) });
	const hold = `${record}.hold`;
	let held = false;
	let nextFaultAt = FAULT_EVERY;
	let faultIndex = 0;
	let written = '';
	const tick = () => {
		if (existsSync(hold) !== held) {
			held = !held;
			server.faults.length = 0;
			// Every request hangs until the client's read timeout: nothing more is accepted.
			server.faults.push(...(held ? Array.from({ length: 10_000 }, (): Fault => ({ type: 'hang' })) : []));
		}
		if (!held && server.requests >= nextFaultAt) {
			server.inject(FAULTS[faultIndex++ % FAULTS.length]);
			nextFaultAt = server.requests + FAULT_EVERY;
		}
		const text = JSON.stringify({
			accepted: server.events(),
			rejected: server.rejected,
			faults: faultIndex,
			requests: server.requests,
		});
		if (text !== written) {
			writeFileSync(`${record}.tmp`, text);
			renameSync(`${record}.tmp`, record);
			written = text;
		}
	};
	tick();
	const timer = setInterval(tick, 25);
	process.on('SIGTERM', () => {
		clearInterval(timer);
		void server.close().then(() => process.exit(0));
	});
}

main().catch((err: unknown) => {
	console.error('[studio stand-in]', err);
	process.exit(1);
});
