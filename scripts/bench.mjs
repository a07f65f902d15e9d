#!/usr/bin/env node
// `npm run bench`: builds the production bundles (their sizes are a figure and the chart bench runs
// the shipped webview code), runs every benchmark (test/bench/run.ts), writes bench/results.json
// (git-ignored) and prints a table. Then restores the development build.
//
//   npm run bench [-- --quick] [--docs] [--only=a,b] [--skip=a,b] [--no-build]
//     --quick   smaller sizes and fewer runs (about 2-3 minutes)
//     --docs    also redraw media/bench-points.png and media/bench-experiments.png (README charts) from the results
//     sections: bundle, experiments, tableParse, memory, live, chartDraw, examplesSort, studio, startup, sidebar, team, customPlots, eventLoop, table
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debian.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const passThrough = args.filter((a) => a === '--quick' || a.startsWith('--only=') || a.startsWith('--skip='));

function run(cmd, cmdArgs) {
	const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
	return res.status ?? 1;
}

ensureDebianPackages(['chromium']);
const build = !args.includes('--no-build');
if (build && run('node', ['esbuild.mjs', '--production']) !== 0) {
	console.error('[bench] production build failed');
	process.exit(1);
}
let status = run('node', ['--expose-gc', '--import', 'tsx', 'test/bench/run.ts', ...passThrough]);
if (status === 0 && args.includes('--docs')) {
	status = run('node', ['--import', 'tsx', 'test/bench/svg.ts', 'bench/results.json', 'media']);
}
// Other tiers expect the development build (source maps, integration test bundle).
if (build) {
	run('node', ['esbuild.mjs']);
}
process.exit(status);
