import * as assert from 'node:assert/strict';
import { deviceLogin, verificationUrl } from '../../../src/studio/deviceLogin';
import { StudioStandIn } from '../../support/studioServer';

describe('studio device sign-in', () => {
	let server: StudioStandIn;
	beforeEach(async () => (server = await StudioStandIn.start()));
	afterEach(() => server.close());

	it('asks for a code, opens the page, polls through authorization_pending to a token', async () => {
		server.devicePendingPolls = 2;
		const opened: string[] = [];
		const result = await deviceLogin({
			studioUrl: server.url,
			tokenName: 'runlens-test',
			openVerification: (url) => Promise.resolve(opened.push(url)),
			pollIntervalMs: 5,
		});
		assert.deepEqual(result, { ok: true, token: server.issuedToken });
		assert.deepEqual(server.deviceLoginBodies, [
			{ client_name: 'VS Code', token_name: 'runlens-test', scopes: ['EXPERIMENTS'] },
		]);
		assert.deepEqual(opened, [`${server.url}auth/device-login?code=ABCD-EFGH`]);
	});

	it('stops when the code expires, or when the user cancels', async () => {
		server.deviceExpire = true;
		const base = {
			studioUrl: server.url,
			tokenName: 't',
			openVerification: () => Promise.resolve(),
			pollIntervalMs: 5,
		};
		const expired = await deviceLogin(base);
		assert.equal(expired.ok, false);
		assert.match(expired.ok ? '' : expired.message, /expired/);
		server.deviceExpire = false;
		server.devicePendingPolls = 1_000_000;
		let polls = 0;
		const cancelled = await deviceLogin({ ...base, isCancelled: () => ++polls > 3 });
		assert.deepEqual(cancelled, { ok: false, message: 'Sign-in cancelled.', cancelled: true });
	});

	it('reports an unreachable Studio clearly', async () => {
		const url = server.url;
		await server.close();
		const result = await deviceLogin({ studioUrl: url, tokenName: 't', openVerification: () => Promise.resolve() });
		assert.equal(result.ok, false);
		assert.match(result.ok ? '' : result.message, /Could not reach Studio/);
		server = await StudioStandIn.start();
	});

	it('adds the redirect callback to the verification page', () => {
		const code = { device_code: 'd', user_code: 'U', verification_uri: 'https://s/auth', token_uri: 'https://s/t' };
		assert.equal(
			verificationUrl(code, 'vscode://runlens.runlens/done'),
			'https://s/auth?code=U&redirect_uri=vscode%3A%2F%2Frunlens.runlens%2Fdone',
		);
	});
});
