/**
 * Studio's device flow (as dvc_studio_client/auth.py): ask `api/device-login` for a code, let the user
 * confirm it in the browser, poll the token URI every 5 s until it yields a token, expires or the
 * user cancels. No token ever goes into a message.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { urlJoin } from './config';

export interface DeviceCode {
	device_code: string;
	user_code: string;
	verification_uri: string;
	token_uri: string;
	token_name?: string;
	expires_in?: number;
}

export interface DeviceLoginOptions {
	studioUrl: string;
	tokenName: string;
	/** Shows the verification page (vscode.env.openExternal); `callback` is appended as redirect_uri. */
	openVerification(url: string): Promise<unknown>;
	callback?: string;
	pollIntervalMs?: number;
	isCancelled?(): boolean;
}

export type DeviceLoginResult = { ok: true; token: string } | { ok: false; message: string; cancelled?: boolean };

interface JsonResponse {
	status: number;
	json: Record<string, unknown> | undefined;
}

export function postForJson(url: string, body: unknown, timeoutMs = 5_000): Promise<JsonResponse> {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const payload = Buffer.from(JSON.stringify(body));
		const transport = target.protocol === 'https:' ? https : http;
		const headers = { 'Content-type': 'application/json', 'Content-Length': payload.length };
		const req = transport.request(target, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				let json: Record<string, unknown> | undefined;
				try {
					json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, json });
			});
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error('timed out')));
		req.on('error', reject);
		req.end(payload);
	});
}

export function verificationUrl(code: DeviceCode, callback?: string): string {
	const url = new URL(code.verification_uri);
	url.searchParams.set('code', code.user_code);
	if (callback) {
		url.searchParams.set('redirect_uri', callback);
	}
	return url.toString();
}

export async function deviceLogin(options: DeviceLoginOptions): Promise<DeviceLoginResult> {
	const body = { client_name: 'VS Code', token_name: options.tokenName, scopes: ['EXPERIMENTS'] };
	let start: JsonResponse;
	try {
		start = await postForJson(urlJoin(options.studioUrl, 'api/device-login'), body);
	} catch (err) {
		return { ok: false, message: `Could not reach Studio at ${options.studioUrl} (${(err as Error).message}).` };
	}
	const code = start.json as DeviceCode | undefined;
	if (start.status !== 200 || !code?.device_code || !code.token_uri || !code.verification_uri) {
		return { ok: false, message: `Studio refused the sign-in request (HTTP ${start.status}${detailOf(start)}).` };
	}
	await options.openVerification(verificationUrl(code, options.callback));
	return poll(code, options);
}

function detailOf(res: JsonResponse): string {
	return typeof res.json?.detail === 'string' ? `: ${res.json.detail}` : '';
}

async function poll(code: DeviceCode, options: DeviceLoginOptions): Promise<DeviceLoginResult> {
	const interval = options.pollIntervalMs ?? 5_000;
	for (;;) {
		await new Promise((resolve) => setTimeout(resolve, interval));
		if (options.isCancelled?.()) {
			return { ok: false, message: 'Sign-in cancelled.', cancelled: true };
		}
		let res: JsonResponse;
		try {
			res = await postForJson(urlJoin(options.studioUrl, code.token_uri), { code: code.device_code });
		} catch {
			// The client retries connection errors; a transient failure should not end the sign-in.
			continue;
		}
		if (res.status === 200 && typeof res.json?.access_token === 'string') {
			return { ok: true, token: res.json.access_token };
		}
		const detail = res.json?.detail;
		if (res.status === 400 && detail === 'authorization_pending') {
			continue;
		}
		if (res.status === 400 && detail === 'authorization_expired') {
			return { ok: false, message: 'The sign-in code expired before it was confirmed: sign in again.' };
		}
		return { ok: false, message: `Studio sign-in failed (HTTP ${res.status}${detailOf(res)}).` };
	}
}
