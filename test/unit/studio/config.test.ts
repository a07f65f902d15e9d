import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	dvcConfigFiles,
	inferRepoUrl,
	isValidTokenFormat,
	liveEndpoint,
	parseIni,
	readDvcStudioSection,
	resolveStudioConfig,
	toBool,
	urlJoin,
} from '../../../src/studio/config';

describe('studio config', () => {
	let dir: string;
	beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-studio-cfg-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	function write(rel: string, text: string): string {
		const file = path.join(dir, rel);
		mkdirSync(path.dirname(file), { recursive: true });
		writeFileSync(file, text);
		return file;
	}

	it('truthiness is a regex search like the client', () => {
		assert.deepEqual(['1', 'true', 'YES', 'Y', 'maybe', '0', 'false', 'no', 'off', undefined].map(toBool), [
			true,
			true,
			true,
			true,
			true,
			false,
			false,
			false,
			false,
			false,
		]);
	});

	it('merges [studio] of system < global < repo < local, key by key', () => {
		const env = { DVC_SYSTEM_CONFIG_DIR: path.join(dir, 'sys'), DVC_GLOBAL_CONFIG_DIR: path.join(dir, 'glob') };
		write('sys/config', '[studio]\n  token = isat_system\n  url = https://sys.example\n  repo_url = sys-repo\n');
		write('glob/config', '[core]\nremote = x\n[studio]\ntoken = isat_global\nurl = https://global.example\n');
		write('.dvc/config', "[studio]\n    url = 'https://repo.example'\n['remote \"x\"']\nurl = s3://b\n");
		write('.dvc/config.local', '[studio]\ntoken = isat_local  # comment\n');
		const files = dvcConfigFiles(path.join(dir, '.dvc'), env);
		assert.deepEqual(readDvcStudioSection(files), {
			token: 'isat_local',
			url: 'https://repo.example',
			repo_url: 'sys-repo',
		});
	});

	it('puts explicit arguments first, then env, then the DVC config, then the url setting', () => {
		const cfg = { token: 'cfg-token', url: 'https://cfg', repo_url: 'cfg-repo' };
		const env = {
			DVC_STUDIO_TOKEN: 'env-token',
			STUDIO_TOKEN: 'env2',
			DVC_STUDIO_URL: 'https://env',
			STUDIO_REPO_URL: 'env-repo',
		};
		assert.deepEqual(resolveStudioConfig({ token: 'secret' }, cfg, env), {
			configured: true,
			token: 'secret',
			repoUrl: 'env-repo',
			url: 'https://env',
		});
		assert.deepEqual(resolveStudioConfig({ fallbackUrl: 'https://setting' }, cfg, { STUDIO_TOKEN: 'env2' }), {
			configured: true,
			token: 'env2',
			repoUrl: 'cfg-repo',
			url: 'https://cfg',
		});
		const fromSetting = resolveStudioConfig({ token: 't', repoUrl: 'r', fallbackUrl: 'https://setting' }, {}, {});
		assert.equal(fromSetting.configured && fromSetting.url, 'https://setting');
		const defaulted = resolveStudioConfig({ token: 't', repoUrl: 'r' }, {}, {});
		assert.equal(defaulted.configured && defaulted.url, 'https://studio.datachain.ai');
	});

	it('is not configured when offline from any source, without a token, or with an empty repo_url', () => {
		assert.deepEqual(resolveStudioConfig({ token: 't', offline: true }, {}, {}), {
			configured: false,
			reason: 'offline',
		});
		assert.deepEqual(resolveStudioConfig({ token: 't' }, {}, { DVC_STUDIO_OFFLINE: 'yes' }), {
			configured: false,
			reason: 'offline',
		});
		assert.deepEqual(resolveStudioConfig({ token: 't' }, { offline: 'true' }, {}), {
			configured: false,
			reason: 'offline',
		});
		assert.deepEqual(resolveStudioConfig({}, {}, {}), { configured: false, reason: 'no-token' });
		const inferred = () => 'git@host:inferred.git';
		assert.deepEqual(resolveStudioConfig({ token: 't' }, { repo_url: '' }, {}, inferred), {
			configured: false,
			reason: 'no-repo-url',
		});
		const ok = resolveStudioConfig({ token: 't' }, {}, {}, inferred);
		assert.equal(ok.configured && ok.repoUrl, 'git@host:inferred.git');
	});

	it('joins URLs like urllib.parse.urljoin and honours STUDIO_ENDPOINT', () => {
		assert.equal(urlJoin('https://studio.datachain.ai', 'api/live'), 'https://studio.datachain.ai/api/live');
		assert.equal(urlJoin('https://host/studio', 'api/live'), 'https://host/api/live');
		assert.equal(urlJoin('https://host/studio/', 'api/live'), 'https://host/studio/api/live');
		assert.equal(liveEndpoint('https://host/', { STUDIO_ENDPOINT: 'https://0.0.0.0' }), 'https://0.0.0.0');
		assert.equal(
			liveEndpoint('http://127.0.0.1:9/', { STUDIO_ENDPOINT: 'custom/live' }),
			'http://127.0.0.1:9/custom/live',
		);
	});

	it('checks the token format', () => {
		assert.equal(isValidTokenFormat('isat_' + 'a1'.repeat(24)), true);
		assert.equal(isValidTokenFormat('dsat_ab'), true);
		assert.equal(isValidTokenFormat('xsat_abc'), false);
		assert.equal(isValidTokenFormat('isat_a'), false);
		assert.equal(isValidTokenFormat('isat_abc-def'), false);
	});

	it('infers repo_url from the current branch remote, else origin, sent verbatim', () => {
		write('.git/HEAD', 'ref: refs/heads/feat\n');
		write(
			'.git/config',
			'[remote "origin"]\n\turl = git@github.com:o/r.git\n[remote "up"]\n\turl = https://x/y\n[branch "feat"]\n\tremote = up\n',
		);
		assert.equal(inferRepoUrl(path.join(dir, '.git')), 'https://x/y');
		write('.git/HEAD', '0123456789012345678901234567890123456789\n');
		assert.equal(inferRepoUrl(path.join(dir, '.git')), 'git@github.com:o/r.git');
		assert.equal(inferRepoUrl(path.join(dir, '.git'), 'up'), 'https://x/y');
		assert.equal(inferRepoUrl(path.join(dir, 'missing')), undefined);
	});

	it('parses INI sections with quotes and comments', () => {
		assert.deepEqual(parseIni('; c\n[a]\nk = "v w"\n# x\n[\'b c\']\nz=1\n'), { a: { k: 'v w' }, 'b c': { z: '1' } });
	});
});
