#!/usr/bin/env node
// Runs every test tier (or the ones named on the command line) and ends with exactly one line
// `tests: N passed, M failed` summing them. A tier that crashes before reporting counts as failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mocha = [
	'--import',
	'tsx',
	join(root, 'node_modules/mocha/bin/mocha.js'),
	'--reporter',
	join(root, 'test/support/countReporter.cjs'),
];

const tiers = {
	unit: () => ['node', [...mocha, '--timeout', '20000', 'test/unit/**/*.test.ts']],
	webview: () => ['node', [...mocha, '--timeout', '60000', 'test/webview/**/*.test.ts']],
	integration: () => ['node', ['scripts/runIntegration.mjs']],
	interop: () => ['node', ['scripts/runInterop.mjs']],
	// `npm run demo` as shipped, served to the real VS Code and stopped with kill -INT (test/demo).
	// Last: the demo packages a production dist/ (what the VSIX holds) over the dev build.
	demo: () => ['node', [...mocha, '--timeout', '240000', 'test/demo/**/*.test.ts']],
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(tiers);
for (const n of names) {
	if (!tiers[n]) {
		console.error(`unknown tier ${n}; tiers: ${Object.keys(tiers).join(', ')}`);
		process.exit(2);
	}
}

if (names.some((n) => n !== 'unit')) {
	const build = spawnSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) {
		console.log('tests: 0 passed, 1 failed');
		process.exit(1);
	}
}

let passed = 0;
let failed = 0;
const summary = [];
for (const name of names) {
	const countsFile = join(mkdtempSync(join(tmpdir(), 'runlens-counts-')), 'counts.json');
	const [cmd, args] = tiers[name]();
	console.log(`\n===== tier: ${name} =====`);
	const started = Date.now();
	const res = spawnSync(cmd, args, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, RUNLENS_COUNTS_FILE: countsFile },
	});
	let counts = { passed: 0, failed: 0 };
	if (existsSync(countsFile)) {
		counts = JSON.parse(readFileSync(countsFile, 'utf8'));
	}
	// A tier that exits non-zero without reporting a failure still failed (crash, harness error).
	if (res.status !== 0 && counts.failed === 0) {
		counts.failed = 1;
	}
	passed += counts.passed;
	failed += counts.failed;
	summary.push(
		`${name}: ${counts.passed} passed, ${counts.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
	);
}
console.log('\n' + summary.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
