// Extension-host side of test/bench/startup.bench.ts (copied to a temp entry.js, the code-server
// run's extensionTestsPath). Plain CommonJS: VS Code's test runner loads it, it is not bundled.
// VS Code's own activation marks (Date.now() based, from its performance util in the extension
// host) are read beside Runlens's start-up milestones (api.testing.startup, epoch ms).
const vscode = require('vscode');
const fs = require('fs');

const ID = 'runlens.runlens';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function vscodeMarks() {
	const perf = globalThis.MonacoPerformanceMarks;
	const marks = perf && typeof perf.getMarks === 'function' ? perf.getMarks() : [];
	const at = (name) => marks.find((m) => m.name === name)?.startTime;
	return {
		willActivate: at(`code/extHost/willActivateExtension/${ID}`),
		willLoadCode: at(`code/extHost/willLoadExtensionCode/${ID}`),
		didLoadCode: at(`code/extHost/didLoadExtensionCode/${ID}`),
		didActivate: at(`code/extHost/didActivateExtension/${ID}`),
	};
}

exports.run = async function () {
	const entryStart = performance.timeOrigin + performance.now();
	const ext = vscode.extensions.getExtension(ID);
	const alreadyActive = ext.isActive;
	// Shown in the warm-up start, so that VS Code restores the Runlens view in the timed ones.
	await vscode.commands.executeCommand('workbench.view.extension.runlens');
	const api = await ext.activate();
	await api.ready;
	const startup = api.testing.startup;
	const deadline = Date.now() + 30_000;
	while (startup.firstTreeRows === undefined && Date.now() < deadline) {
		await sleep(20);
	}
	const experiments = api.listExperiments().length;
	// Give the workbench time to store its state (the open view) before the page goes away.
	await sleep(Number(process.env.RUNLENS_BENCH_LINGER_MS || '0'));
	fs.writeFileSync(
		process.env.RUNLENS_BENCH_OUT,
		JSON.stringify({ entryStart, alreadyActive, startup: { ...startup }, marks: vscodeMarks(), experiments }),
	);
};
