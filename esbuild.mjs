// One build script, three outputs: the extension host bundles (Node, CJS: extension.js and its
// parse worker parseWorker.js), one browser IIFE per webview (webview/<name>/main.ts ->
// dist/webview/<name>.js + .css), and the integration-test bundle that runs inside the VS Code
// extension host. `--watch` and `--production` as usual.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
if (production) {
	// A release build starts clean, so no stale dev source maps end up in the VSIX.
	rmSync('dist', { recursive: true, force: true });
}

const common = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	logLevel: 'warning',
	legalComments: 'none',
};

const webviews = existsSync('webview')
	? readdirSync('webview', { withFileTypes: true })
			.filter((d) => d.isDirectory() && existsSync(join('webview', d.name, 'main.ts')))
			.map((d) => d.name)
	: [];

const configs = [
	{
		...common,
		// The parse worker is its own bundle next to extension.js (src/model/parse/parsePool.ts starts it).
		entryPoints: { extension: 'src/extension.ts', parseWorker: 'src/model/parse/parseWorker.ts' },
		outdir: 'dist',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
	},
	{
		...common,
		entryPoints: Object.fromEntries(webviews.map((n) => [n, `webview/${n}/main.ts`])),
		outdir: 'dist/webview',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		loader: { '.css': 'css' },
	},
];
if (!production && existsSync('test/integration/index.ts')) {
	configs.push({
		...common,
		// Each test file is its own bundle so that index.ts can hand them to mocha one by one.
		entryPoints: Object.fromEntries(
			readdirSync('test/integration')
				.filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
				.map((f) => [f.replace(/\.ts$/, ''), `test/integration/${f}`]),
		),
		outdir: 'out/test/integration',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		// mocha stays a real module: its reporters are loaded by name at run time.
		external: ['vscode', 'mocha'],
	});
}

const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
if (watch) {
	await Promise.all(contexts.map((c) => c.watch()));
	console.log('[runlens] watching for changes');
} else {
	await Promise.all(contexts.map((c) => c.rebuild()));
	await Promise.all(contexts.map((c) => c.dispose()));
}
