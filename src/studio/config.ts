/**
 * Studio configuration, resolved in dvc_studio_client's order (`get_studio_config`):
 *   explicit arguments → environment → merged `[studio]` of the DVC config (system < global < repo < local).
 *
 * Where Runlens' own settings sit:
 * - The token in SecretStorage is an explicit argument (the user set it for Runlens on purpose),
 *   so it wins over DVC_STUDIO_TOKEN and the DVC config, as `studio_token=` does in the client.
 * - `runlens.studio.offline` is an explicit argument; offline is OR-ed as in the client, so any
 *   truthy source makes Runlens offline.
 * - `runlens.studio.url` has a default value, so it cannot tell "set" from "not set"; as its
 *   package.json description says, it is the fallback used where the client falls back to
 *   DEFAULT_STUDIO_URL: DVC_STUDIO_URL and `[studio] url` take precedence over it.
 * - `runlens.studio.gitRemote` names the remote whose URL is inferred when no repo_url is configured.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const DEFAULT_STUDIO_URL = 'https://studio.datachain.ai';

export interface StudioExplicit {
	token?: string;
	offline?: boolean;
	repoUrl?: string;
	/** `runlens.studio.url`: the fallback instead of DEFAULT_STUDIO_URL. */
	fallbackUrl?: string;
}

export type StudioConfig =
	| { configured: true; token: string; repoUrl: string; url: string }
	| { configured: false; reason: 'offline' | 'no-token' | 'no-repo-url' };

export type Env = Record<string, string | undefined>;

/** The client's `to_bool`: a case-insensitive regex *search*, so `maybe` is true too. */
export function toBool(value: string | boolean | undefined): boolean {
	return value !== undefined && /1|y|yes|true/i.test(String(value));
}

/** Minimal INI reader for DVC config files (configobj syntax): section -> key -> value. */
export function parseIni(text: string): Record<string, Record<string, string>> {
	const out: Record<string, Record<string, string>> = {};
	let section: Record<string, string> | undefined;
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) {
			continue;
		}
		const header = /^\[\s*(.+?)\s*\]$/.exec(line);
		if (header) {
			const name = header[1].replace(/^(['"])(.*)\1$/, '$2');
			section = out[name] ??= {};
			continue;
		}
		const eq = line.indexOf('=');
		if (section && eq > 0) {
			section[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim());
		}
	}
	return out;
}

function unquote(value: string): string {
	const quoted = /^(['"])(.*)\1$/.exec(value);
	if (quoted) {
		return quoted[2];
	}
	// configobj strips inline comments from unquoted values.
	return value.replace(/\s+#.*$/, '');
}

/** DVC's system and global config files (dvc/dirs.py via platformdirs), per platform. */
export function dvcConfigFiles(dvcDir: string | undefined, env: Env = process.env): string[] {
	const home = os.homedir();
	let system: string;
	let global: string;
	if (process.platform === 'win32') {
		system = path.join(env.ProgramData ?? 'C:\\ProgramData', 'iterative', 'dvc');
		global = path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'iterative', 'dvc');
	} else if (process.platform === 'darwin') {
		system = '/Library/Application Support/dvc';
		global = path.join(home, 'Library', 'Application Support', 'dvc');
	} else {
		system = path.join((env.XDG_CONFIG_DIRS || '/etc/xdg').split(':')[0], 'dvc');
		global = path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'dvc');
	}
	const files = [
		path.join(env.DVC_SYSTEM_CONFIG_DIR || system, 'config'),
		path.join(env.DVC_GLOBAL_CONFIG_DIR || global, 'config'),
	];
	if (dvcDir) {
		files.push(path.join(dvcDir, 'config'), path.join(dvcDir, 'config.local'));
	}
	return files;
}

/** The merged `[studio]` section: later files override earlier ones key by key (dvc/config.py). */
export function readDvcStudioSection(files: string[]): Record<string, string> {
	const merged: Record<string, string> = {};
	for (const file of files) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		Object.assign(merged, parseIni(text).studio ?? {});
	}
	return merged;
}

export function resolveStudioConfig(
	explicit: StudioExplicit,
	dvcStudio: Record<string, string>,
	env: Env = process.env,
	inferRepoUrl: () => string | undefined = () => undefined,
): StudioConfig {
	if (explicit.offline || toBool(env.DVC_STUDIO_OFFLINE) || toBool(dvcStudio.offline)) {
		return { configured: false, reason: 'offline' };
	}
	const token = explicit.token || env.DVC_STUDIO_TOKEN || env.STUDIO_TOKEN || dvcStudio.token;
	if (!token) {
		return { configured: false, reason: 'no-token' };
	}
	// As in the client's `or` chain: an empty configured repo_url skips inference and the post.
	let repoUrl: string | undefined =
		explicit.repoUrl || env.DVC_STUDIO_REPO_URL || env.STUDIO_REPO_URL || dvcStudio.repo_url;
	if (repoUrl === undefined) {
		repoUrl = inferRepoUrl();
	}
	if (!repoUrl) {
		return { configured: false, reason: 'no-repo-url' };
	}
	const url = env.DVC_STUDIO_URL || dvcStudio.url || explicit.fallbackUrl || DEFAULT_STUDIO_URL;
	return { configured: true, token, repoUrl, url };
}

/** Python's `urllib.parse.urljoin` for the cases that matter here (RFC 3986 resolution). */
export function urlJoin(base: string, ref: string): string {
	if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
		return ref;
	}
	try {
		return new URL(ref, base).toString();
	} catch {
		return base.replace(/\/[^/]*$/, '/') + ref;
	}
}

export function liveEndpoint(url: string, env: Env = process.env): string {
	return urlJoin(url, env.STUDIO_ENDPOINT || 'api/live');
}

/** Format check only (Studio has no validation endpoint); pattern given by a Studio engineer. */
export function isValidTokenFormat(token: string): boolean {
	return /^[di]sat_[0-9A-Za-z]{2,128}$/.test(token.trim());
}

/**
 * The repo URL DVC would infer: the current branch's remote (`branch.<b>.remote`, else origin, or the
 * `remote` override), read from the git config files. Sent verbatim, without normalisation.
 */
export function inferRepoUrl(gitDir: string, remoteOverride?: string): string | undefined {
	const ini = readGitConfig(path.join(gitDir, 'config'));
	if (!ini) {
		return undefined;
	}
	let remote = remoteOverride;
	if (!remote) {
		let head = '';
		try {
			head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
		} catch {
			// A missing HEAD is treated like a detached one: fall back to origin.
		}
		const branch = /^ref: refs\/heads\/(.+)$/.exec(head)?.[1];
		remote = (branch && ini[`branch "${branch}"`]?.remote) || 'origin';
	}
	return ini[`remote "${remote}"`]?.url;
}

function readGitConfig(file: string): Record<string, Record<string, string>> | undefined {
	try {
		return parseIni(readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}
