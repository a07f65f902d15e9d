// Debian packages the scripts need (chromium for tests, libkrb5-dev + ripgrep for the offline
// code-server install). Installed when missing and running as root; otherwise a clear error.
import { spawnSync } from 'node:child_process';

function installed(pkg) {
	const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
	return res.status === 0 && res.stdout.includes('install ok installed');
}

let updated = false;

export function ensureDebianPackages(pkgs) {
	const missing = pkgs.filter((p) => !installed(p));
	if (missing.length === 0) {
		return;
	}
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		throw new Error(
			`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
		);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (!updated) {
		spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
		updated = true;
	}
	const res = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
		stdio: 'inherit',
		env,
	});
	if (res.status !== 0) {
		throw new Error(`apt-get install ${missing.join(' ')} failed (exit ${res.status})`);
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	ensureDebianPackages(process.argv.slice(2));
}
