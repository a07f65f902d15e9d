// Extension-host side of test/interop/runLive.test.ts (the code-server run's extensionTestsPath).
// Plain CommonJS: VS Code's test runner loads it, it is not bundled. It starts `dvc exp run` from
// the workspace row's menu, records what the model and the tree show while the real run is held
// at a step and after it ends, and writes that to RUNLENS_LIVE_OUT for the Node side to check.
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const METRICS = 'dvclive/metrics.json';
const LOSS = 'dvclive/plots/metrics/loss.tsv';
const LIMIT_MS = 10 * 60_000;

/** Polls `check` (async allowed) every 100 ms until it returns a truthy value. */
async function until(check, what) {
	const deadline = Date.now() + LIMIT_MS;
	for (;;) {
		const v = await check();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`no ${what} within ${LIMIT_MS / 1000} s`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

function find(items, pred) {
	for (const i of items) {
		const hit = pred(i) ? i : find(i.children || [], pred);
		if (hit) return hit;
	}
	return undefined;
}

const brief = (e) => e && { id: e.id, kind: e.kind, name: e.name, status: e.status, step: e.metrics[METRICS]?.step };

async function main(report) {
	const api = await vscode.extensions.getExtension('runlens.runlens').activate();
	await api.ready;
	const t = api.testing;
	const dvc = process.env.RUNLENS_DVC;
	await vscode.workspace.getConfiguration('runlens').update('dvcPath', dvc, vscode.ConfigurationTarget.Global);
	report.found = await until(async () => {
		const found = await t.dvc.find();
		return found && found.path === dvc && t.dvcAvailable() === true && found;
	}, 'DVC found through runlens.dvcPath');
	const ws = t.model.getExperiments().find((e) => e.kind === 'workspace');
	report.before = t.model.getExperiments().map(brief);

	// Every model change while the run goes: the workspace row as the model reports it.
	report.changes = [];
	const sub = t.model.onDidChangeExperiments((e) => {
		if (e.changed.includes(ws.id)) report.changes.push(brief(t.model.getExperiment(ws.id)));
	});
	const ended = new Promise((resolve) => {
		const s = t.run.tasks.onDidEnd((end) => {
			s.dispose();
			resolve(end);
		});
	});
	// What a click on the workspace row's "Run Experiment" passes: the rendered row's handle.
	const row = find(await t.sidebar.render(), (i) => i.id === ws.id);
	report.rowMenu = row.contextValue;
	await vscode.commands.executeCommand('runlens.dvc.run', { id: row.id });
	report.started = { workspaceRun: t.run.tasks.workspaceRun(t.model.getProjects()[0].root) !== undefined };

	// The training script holds after step 2 until the release file is gone: the run is live here
	// (DVCLive counts from step 0: 3 steps done).
	const held = await t.sidebar.waitFor((items) => {
		const item = find(items, (i) => i.id === ws.id);
		return item?.contextValue === 'experiment.running' && /\b3\/\d+ steps\b/.test(item.description ?? '');
	}, LIMIT_MS);
	const heldItem = find(held, (i) => i.id === ws.id);
	const loss = await t.model.readSeriesTable(ws.id, LOSS);
	report.held = {
		tree: { contextValue: heldItem.contextValue, description: heldItem.description, icon: heldItem.icon },
		statusBar: t.sidebar.statusBarText(),
		model: brief(t.model.getExperiment(ws.id)),
		metrics: t.model.getExperiment(ws.id).metrics[METRICS],
		lossRows: loss?.length,
		lossSteps: loss ? Array.from(loss.data.step.subarray(0, loss.length)) : undefined,
		lossFile: fs.readFileSync(path.join(t.model.getProjects()[0].root, LOSS), 'utf8'),
	};
	fs.rmSync(process.env.RUNLENS_LIVE_HOLD, { force: true });

	report.end = await until(
		() => Promise.race([ended, new Promise((r) => setTimeout(() => r(undefined), 1000))]),
		'end of the dvc exp run task',
	);
	const beforeIds = new Set(report.before.map((e) => e.id));
	const made = await until(
		() =>
			t.model.getExperiments().find((e) => e.kind === 'experiment' && !beforeIds.has(e.id) && e.status === 'success'),
		'the new experiment in the model',
	);
	const items = await t.sidebar.waitFor(
		(its) => !!find(its, (i) => i.id === made.id) && find(its, (i) => i.id === ws.id)?.contextValue === 'experiment',
	);
	report.after = {
		made: brief(made),
		treeLabel: find(items, (i) => i.id === made.id).label,
		workspace: brief(t.model.getExperiment(ws.id)),
		experiments: t.model.getExperiments(),
	};
	sub.dispose();
}

exports.run = async function () {
	const report = { ok: false };
	try {
		await main(report);
		report.ok = true;
	} catch (err) {
		report.error = err instanceof Error ? err.stack : String(err);
	}
	fs.writeFileSync(process.env.RUNLENS_LIVE_OUT, JSON.stringify(report));
};
