/**
 * A local DVC Studio stand-in (127.0.0.1, random port) for tests. It validates `api/live` bodies with
 * its own schema check (written from dvc_studio_client's schema.py, sharing nothing with src/studio),
 * records accepted events and injects faults on demand. It also serves the device sign-in flow.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
	| { type: 'drop' }
	| { type: 'hang' }
	| { type: 'status'; status: 400 | 401 | 403 | 500 | 502 | 503 }
	| { type: 'rateLimit'; retryAfterSeconds: number }
	| { type: 'slowBody'; chunkDelayMs: number };

export interface Received {
	body: Record<string, unknown>;
	authorization: string | undefined;
}

const MAX_BODY = 31 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkErrorObject(v: unknown, where: string): string | undefined {
	if (!isObj(v) || typeof v.cls !== 'string' || typeof v.text !== 'string' || Object.keys(v).length !== 2) {
		return `${where}: error object needs exactly cls and text strings`;
	}
	return undefined;
}

function checkPlots(plots: unknown): string | undefined {
	if (!isObj(plots)) {
		return 'plots must be an object';
	}
	for (const [name, entry] of Object.entries(plots)) {
		if (!isObj(entry)) {
			return `plots[${name}] must be an object`;
		}
		const extra = Object.keys(entry).filter((k) => !['data', 'image', 'props', 'error'].includes(k));
		if (extra.length) {
			return `plots[${name}] has unknown keys ${extra.join(',')}`;
		}
		if ('data' in entry && 'image' in entry) {
			return `plots[${name}] has both data and image`;
		}
		if ('data' in entry && (!Array.isArray(entry.data) || !entry.data.every(isObj))) {
			return `plots[${name}].data must be a list of objects`;
		}
		if ('image' in entry && typeof entry.image !== 'string') {
			return `plots[${name}].image must be a string`;
		}
		if ('props' in entry && !isObj(entry.props)) {
			return `plots[${name}].props must be an object`;
		}
		if ('error' in entry && checkErrorObject(entry.error, `plots[${name}].error`)) {
			return checkErrorObject(entry.error, `plots[${name}].error`);
		}
	}
	return undefined;
}

const SHA_RE = /^[0-9a-h]{40}$/;
const isSha = (v: unknown): boolean => typeof v === 'string' && SHA_RE.test(v.toLowerCase());

/** Independent check of one `api/live` body; returns the first problem or undefined. */
export function checkLiveBody(body: unknown): string | undefined {
	if (!isObj(body)) {
		return 'body must be a JSON object';
	}
	const perType: Record<string, string[]> = {
		start: ['message', 'subdir'],
		data: ['step', 'plots'],
		done: ['experiment_rev'],
	};
	const type = body.type;
	if (typeof type !== 'string' || !(type in perType)) {
		return 'type must be start, data or done';
	}
	const allowed = [
		'type',
		'repo_url',
		'baseline_sha',
		'name',
		'env',
		'client',
		'errors',
		'params',
		'metrics',
		'machine',
		...perType[type],
	];
	const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
	if (unknown.length) {
		return `unknown keys for ${type}: ${unknown.join(',')}`;
	}
	if (typeof body.repo_url !== 'string') {
		return 'repo_url is required and must be a string';
	}
	if (!isSha(body.baseline_sha)) {
		return 'baseline_sha must be a 40-character sha';
	}
	for (const key of ['name', 'client', 'message', 'subdir']) {
		if (key in body && typeof body[key] !== 'string') {
			return `${key} must be a string`;
		}
	}
	for (const key of ['env', 'machine']) {
		if (key in body && !isObj(body[key])) {
			return `${key} must be an object`;
		}
	}
	if (
		'errors' in body &&
		(!Array.isArray(body.errors) || body.errors.some((e, i) => checkErrorObject(e, `errors[${i}]`)))
	) {
		return 'errors must be a list of error objects';
	}
	if ('params' in body && (!isObj(body.params) || !Object.values(body.params).every(isObj))) {
		return 'params must map file names to objects';
	}
	if ('metrics' in body) {
		if (!isObj(body.metrics)) {
			return 'metrics must be an object';
		}
		for (const [file, m] of Object.entries(body.metrics)) {
			if (!isObj(m) || Object.keys(m).some((k) => k !== 'data' && k !== 'error') || ('data' in m && !isObj(m.data))) {
				return `metrics[${file}] must be {data?: object, error?: error}`;
			}
			if ('error' in m && checkErrorObject(m.error, `metrics[${file}].error`)) {
				return `metrics[${file}].error is not an error object`;
			}
		}
	}
	if (type === 'data') {
		const step = body.step;
		if (!(typeof step === 'boolean' || (typeof step === 'number' && Number.isInteger(step)))) {
			return 'data needs an integer step';
		}
		if ('plots' in body) {
			return checkPlots(body.plots);
		}
	}
	if ('experiment_rev' in body && !isSha(body.experiment_rev)) {
		return 'experiment_rev must be a 40-character sha';
	}
	return undefined;
}

export class StudioStandIn {
	readonly accepted: Received[] = [];
	readonly rejected: { status: number; reason: string }[] = [];
	readonly faults: Fault[] = [];
	requests = 0;
	/** Device flow: how many polls answer authorization_pending before the token is issued. */
	devicePendingPolls = 1;
	deviceExpire = false;
	deviceLoginBodies: unknown[] = [];
	issuedToken = 'isat_standInIssuedToken0123456789';
	/** What an accepted `api/live` answer carries as `url` (absent when undefined); settable by tests. */
	link: ((body: Obj) => unknown) | undefined;
	private readonly hung = new Set<http.ServerResponse>();
	private held: (() => void)[] | undefined;

	private constructor(
		private readonly server: http.Server,
		readonly token: string | undefined,
	) {}

	/**
	 * `port` fixes the port (a stand-in that outlives a VS Code restart); 0 or absent picks a free one.
	 * `link` makes accepted `api/live` answers name the experiment's page, as `{"ok": true, "url": …}`.
	 */
	static async start(
		options: { token?: string; port?: number; link?: (body: Obj) => unknown } = {},
	): Promise<StudioStandIn> {
		const server = http.createServer();
		const standIn = new StudioStandIn(server, options.token);
		standIn.link = options.link;
		server.on('request', (req, res) => standIn.route(req, res));
		server.maxConnections = 64;
		await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
		return standIn;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
	}

	/** Holds every `api/live` request unanswered until `resume()` (Studio paused, connections open). */
	pause(): void {
		this.held ??= [];
	}

	resume(): void {
		const held = this.held ?? [];
		this.held = undefined;
		held.forEach((answer) => answer());
	}

	get heldRequests(): number {
		return this.held?.length ?? 0;
	}

	inject(...faults: Fault[]): void {
		this.faults.push(...faults);
	}

	/** Studio recovers: faults not yet applied are forgotten. */
	clearFaults(): void {
		this.faults.length = 0;
	}

	events(type?: string): Obj[] {
		return this.accepted.map((r) => r.body).filter((b) => type === undefined || b.type === type);
	}

	async close(): Promise<void> {
		this.held = undefined;
		for (const res of this.hung) {
			res.socket?.destroy();
		}
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private route(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size <= MAX_BODY) {
				chunks.push(c);
			}
		});
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			if (size > MAX_BODY) {
				this.reply(res, 413, { detail: 'request body too large' });
			} else if (req.method === 'POST' && path === '/api/live') {
				this.live(req, res, text);
			} else if (req.method === 'POST' && path === '/api/device-login') {
				this.deviceStart(res, text);
			} else if (req.method === 'POST' && path === '/api/device-login/token') {
				this.deviceToken(res, text);
			} else {
				this.reply(res, 404, { detail: 'not found' });
			}
		});
	}

	private reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
		res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
		res.end(JSON.stringify(body));
	}

	private live(req: http.IncomingMessage, res: http.ServerResponse, text: string): void {
		if (this.held) {
			this.held.push(() => this.live(req, res, text));
			return;
		}
		this.requests++;
		const fault = this.faults.shift();
		if (fault && this.applyFault(fault, res)) {
			return;
		}
		if (this.token !== undefined && req.headers.authorization !== `token ${this.token}`) {
			this.rejected.push({ status: 401, reason: 'bad token' });
			return this.reply(res, 401, { detail: 'Invalid token' });
		}
		if (req.headers['content-type'] !== 'application/json') {
			this.rejected.push({ status: 400, reason: 'content type' });
			return this.reply(res, 400, { detail: 'expected application/json' });
		}
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			this.rejected.push({ status: 400, reason: 'not JSON' });
			return this.reply(res, 400, { detail: 'body is not JSON' });
		}
		const problem = checkLiveBody(body);
		if (problem) {
			this.rejected.push({ status: 400, reason: problem });
			return this.reply(res, 400, { detail: problem });
		}
		this.accepted.push({ body: body as Obj, authorization: req.headers.authorization });
		if (fault?.type === 'slowBody') {
			return this.trickle(res, fault.chunkDelayMs);
		}
		const url = this.link?.(body as Obj);
		this.reply(res, 200, url === undefined ? { ok: true } : { ok: true, url });
	}

	/** Returns true when the fault answered (or deliberately did not answer) the request. */
	private applyFault(fault: Fault, res: http.ServerResponse): boolean {
		switch (fault.type) {
			case 'drop':
				res.socket?.destroy();
				return true;
			case 'hang':
				this.hung.add(res);
				return true;
			case 'status':
				this.rejected.push({ status: fault.status, reason: 'injected' });
				this.reply(res, fault.status, { detail: `injected ${fault.status}` });
				return true;
			case 'rateLimit':
				this.rejected.push({ status: 429, reason: 'injected' });
				this.reply(res, 429, { detail: 'slow down' }, { 'Retry-After': String(fault.retryAfterSeconds) });
				return true;
			case 'slowBody':
				return false;
		}
	}

	private trickle(res: http.ServerResponse, delayMs: number): void {
		res.writeHead(200, { 'Content-Type': 'application/json' });
		const parts = ['{"o', 'k":', ' tr', 'ue}'];
		const next = (): void => {
			const part = parts.shift();
			if (part === undefined) {
				res.end();
				return;
			}
			res.write(part);
			setTimeout(next, delayMs);
		};
		next();
	}

	private deviceStart(res: http.ServerResponse, text: string): void {
		this.deviceLoginBodies.push(JSON.parse(text || '{}'));
		this.reply(res, 200, {
			device_code: 'dev-code-1',
			user_code: 'ABCD-EFGH',
			verification_uri: `${this.url}auth/device-login`,
			token_uri: `${this.url}api/device-login/token`,
			token_name: 'runlens',
			expires_in: 900,
		});
	}

	private deviceToken(res: http.ServerResponse, text: string): void {
		const body = JSON.parse(text || '{}') as Obj;
		if (body.code !== 'dev-code-1') {
			return this.reply(res, 400, { detail: 'invalid code' });
		}
		if (this.deviceExpire) {
			return this.reply(res, 400, { detail: 'authorization_expired' });
		}
		if (this.devicePendingPolls > 0) {
			this.devicePendingPolls--;
			return this.reply(res, 400, { detail: 'authorization_pending' });
		}
		this.reply(res, 200, { access_token: this.issuedToken });
	}
}
