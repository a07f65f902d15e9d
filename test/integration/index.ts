// Entry point the VS Code extension host calls (`extensionTestsPath`). It runs every bundled
// *.test.js next to it with mocha, and writes mocha's output to RUNLENS_TEST_LOG because the
// extension host's stdout is not the test runner's terminal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';

const mochaModule = require('mocha');
const MochaCtor = mochaModule.Mocha ?? mochaModule;

function logTo(logFile: string | undefined): (...args: unknown[]) => void {
	if (!logFile) {
		return (...args) => console.log(...args);
	}
	return (...args) => fs.appendFileSync(logFile, format(...args) + '\n');
}

/**
 * Files that need a differently started VS Code (untrusted folder, a restart halfway) run in their
 * own code-server run, named by file prefix in RUNLENS_TEST_ONLY; the main run skips them.
 */
const SEPARATE_RUNS = ['trust', 'studioReload', 'tableReload', 'demo'];

function isInThisRun(file: string): boolean {
	const only = process.env.RUNLENS_TEST_ONLY;
	// `--files=a,b` on the harness narrows a run to those file prefixes (while working on their tests).
	const picked = process.env.RUNLENS_TEST_FILES?.split(',').filter(Boolean);
	if (picked && !picked.some((prefix) => file.startsWith(prefix))) {
		return false;
	}
	return only ? file.startsWith(only) : !SEPARATE_RUNS.some((prefix) => file.startsWith(prefix));
}

export async function run(): Promise<void> {
	const write = logTo(process.env.RUNLENS_TEST_LOG);
	// Mocha's reporters print through Base.consoleLog; the extension host's console goes elsewhere.
	const reporters = mochaModule.reporters ?? MochaCtor.reporters;
	reporters.Base.consoleLog = write;
	const root = path.resolve(__dirname, '../../..');
	write(
		`[runlens] integration tier inside VS Code ${vscode.version} (${vscode.env.appName}), extension host pid ${process.pid}`,
	);
	const mocha = new MochaCtor({
		ui: 'bdd',
		timeout: 60_000,
		color: false,
		reporter: path.join(root, 'test/support/countReporter.cjs'),
	});
	const files = fs
		.readdirSync(__dirname)
		.filter((f) => f.endsWith('.test.js') && isInThisRun(f))
		.sort();
	for (const f of files) {
		mocha.addFile(path.join(__dirname, f));
	}
	await new Promise<void>((resolve, reject) => {
		mocha.run((failures: number) =>
			failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve(),
		);
	});
}
