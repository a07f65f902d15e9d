import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(__dirname, '..', '..');

export interface BundleSize {
	file: string;
	kB: number;
	gzipKB: number;
}

/** Sizes of the shipped bundles as they are in dist/ now (the bench builds them with --production first). */
export function bundleSizes(): BundleSize[] {
	const webview = join(ROOT, 'dist', 'webview');
	const files = [
		'dist/extension.js',
		'dist/parseWorker.js',
		...(existsSync(webview) ? readdirSync(webview).filter((f) => /\.(js|css)$/.test(f)).sort() : []).map(
			(f) => `dist/webview/${f}`,
		),
	];
	return files
		.filter((f) => existsSync(join(ROOT, f)))
		.map((file) => {
			const bytes = readFileSync(join(ROOT, file));
			return { file, kB: bytes.length / 1024, gzipKB: gzipSync(bytes, { level: 9 }).length / 1024 };
		});
}
