/**
 * One POST to Studio with node:http(s), classified for the outbox. Success is HTTP 200 only, as in
 * dvc_studio_client. The token is only ever placed in the Authorization header: error texts are
 * built from status codes, response bodies and error codes, and scrubbed anyway.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export type PostOutcome =
	| { kind: 'ok'; status: 200; body: string }
	| {
			kind: 'retryable';
			reason: 'network' | 'timeout' | 'rate-limit' | 'server';
			message: string;
			retryAfterMs?: number;
	  }
	| { kind: 'fatal'; auth: boolean; status: number; message: string };

export interface PostOptions {
	/** Connect timeout (the client uses 30 s). */
	connectTimeoutMs?: number;
	/** Time without response progress before giving up (the client's read timeout is 5 s). */
	readTimeoutMs?: number;
	/** Cap on the response body we keep for messages. */
	maxResponseBytes?: number;
}

const DEFAULTS: Required<PostOptions> = { connectTimeoutMs: 30_000, readTimeoutMs: 5_000, maxResponseBytes: 64 * 1024 };

export function scrub(text: string, token: string | undefined): string {
	return token ? text.split(token).join('***') : text;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) {
		return undefined;
	}
	if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
		return Math.round(Number(value) * 1000);
	}
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Studio's page for the experiment, if an `api/live` answer names one. The answer body is not
 * documented: a JSON object with a `url` (or `link`) http(s) string is taken, anything else ignored.
 */
export function studioLinkOf(body: string): string | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return undefined;
	}
	const { url, link } = parsed as { url?: unknown; link?: unknown };
	return [url, link].map(httpUrl).find((u) => u !== undefined);
}

function httpUrl(value: unknown): string | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}
	try {
		const parsed = new URL(value);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
	} catch {
		return undefined;
	}
}

function detail(body: string): string {
	try {
		const parsed = JSON.parse(body) as { detail?: unknown };
		if (typeof parsed.detail === 'string') {
			return parsed.detail;
		}
	} catch {
		// Not JSON: use the text itself, as the Python client logs it.
	}
	return body.trim().slice(0, 500);
}

export function classify(status: number, body: string, retryAfter: string | undefined): PostOutcome {
	if (status === 200) {
		return { kind: 'ok', status: 200, body };
	}
	const text = detail(body);
	const message = `Studio answered HTTP ${status}${text ? `: ${text}` : ''}`;
	if (status === 429 || status >= 500) {
		const retryAfterMs = parseRetryAfter(retryAfter);
		const reason = status === 429 ? 'rate-limit' : 'server';
		return retryAfterMs === undefined
			? { kind: 'retryable', reason, message }
			: { kind: 'retryable', reason, message, retryAfterMs };
	}
	return { kind: 'fatal', auth: status === 401 || status === 403, status, message };
}

export function postJson(url: string, body: unknown, token: string, options: PostOptions = {}): Promise<PostOutcome> {
	const opts = { ...DEFAULTS, ...options };
	const payload = Buffer.from(JSON.stringify(body), 'utf8');
	return new Promise((resolve) => {
		let settled = false;
		const timers: { connect?: NodeJS.Timeout } = {};
		const finish = (outcome: PostOutcome): void => {
			if (!settled) {
				settled = true;
				clearTimeout(timers.connect);
				resolve(scrubOutcome(outcome, token));
			}
		};
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			finish({ kind: 'fatal', auth: false, status: 0, message: `Invalid Studio URL: ${url}` });
			return;
		}
		const transport = target.protocol === 'https:' ? https : http;
		const headers: Record<string, string | number> = {
			'Content-type': 'application/json',
			'Content-Length': payload.length,
		};
		if (token) {
			headers.Authorization = `token ${token}`;
		}
		const req = transport.request(target, { method: 'POST', headers });
		timers.connect = setTimeout(() => {
			finish({ kind: 'retryable', reason: 'timeout', message: 'Timed out connecting to Studio' });
			req.destroy();
		}, opts.connectTimeoutMs);
		req.setTimeout(opts.readTimeoutMs, () => {
			finish({ kind: 'retryable', reason: 'timeout', message: 'Timed out waiting for Studio' });
			req.destroy();
		});
		req.on('socket', (socket) => {
			// A reused keep-alive socket is already connected and never emits 'connect' again.
			if (socket.connecting) {
				socket.once('connect', () => clearTimeout(timers.connect));
			} else {
				clearTimeout(timers.connect);
			}
		});
		req.on('error', (err: NodeJS.ErrnoException) => {
			finish({ kind: 'retryable', reason: 'network', message: `Could not reach Studio (${err.code ?? err.message})` });
		});
		req.on('response', (res) => readResponse(res, opts.maxResponseBytes, finish));
		req.end(payload);
	});
}

function readResponse(res: http.IncomingMessage, max: number, finish: (o: PostOutcome) => void): void {
	const chunks: Buffer[] = [];
	let size = 0;
	res.on('data', (chunk: Buffer) => {
		if (size < max) {
			chunks.push(chunk);
			size += chunk.length;
		}
	});
	res.on('end', () => {
		const text = Buffer.concat(chunks).toString('utf8');
		const retryAfter = res.headers['retry-after'];
		finish(classify(res.statusCode ?? 0, text, retryAfter));
	});
	res.on('error', () => finish({ kind: 'retryable', reason: 'network', message: 'Connection to Studio dropped' }));
	res.on('aborted', () => finish({ kind: 'retryable', reason: 'network', message: 'Connection to Studio dropped' }));
}

function scrubOutcome(outcome: PostOutcome, token: string): PostOutcome {
	return outcome.kind === 'ok' ? outcome : { ...outcome, message: scrub(outcome.message, token) };
}
