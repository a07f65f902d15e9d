/**
 * A run started from Runlens appears live: in the real VS Code (code-server, as the integration
 * tier), Runlens's "Run Experiment" on the workspace row starts the real `dvc exp run` (the interop
 * venv's DVC through runlens.dvcPath) on a git + DVC repo whose stage trains with real DVCLive.
 * The script holds after step 2 until the extension-host side releases it, so what the model and the
 * tree show mid-run is a real condition, not a race. When the run ends, the experiment Runlens lists
 * must equal what `dvc exp show --json -A` reports.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Experiment } from '../../src/model/types';
import { runEntryInCodeServer } from '../bench/codeServerRun';
import { compareExperiments } from './support/compare';
import { dvcBin, parseExpShow, runDvc } from './support/dvc';

const ROOT = resolve(__dirname, '..', '..');
const HOLD = '.dvc/tmp/runlens-hold';

const TRAIN_PY = `import os, time, yaml
from dvclive import Live

p = yaml.safe_load(open("params.yaml"))
with Live("dvclive") as live:
    for i in range(p["epochs"]):
        live.log_metric("loss", round(p["lr"] * (p["epochs"] - i), 4))
        live.next_step()
        # Held here while ${HOLD} exists (only the run the test starts from Runlens): the run is live.
        deadline = time.time() + 900
        while i == 2 and os.path.exists("${HOLD}") and time.time() < deadline:
            time.sleep(0.1)
`;

const DVC_YAML = (python: string): string => `metrics:
- dvclive/metrics.json
plots:
- dvclive/plots/metrics:
    x: step
stages:
  train:
    cmd: ${python} train.py
    deps:
    - train.py
    params:
    - lr
    - epochs
`;

interface Brief {
	id: string;
	kind: string;
	name: string;
	status: string;
	step?: number;
}

interface LiveReport {
	ok: boolean;
	error?: string;
	found?: { path: string; version: string };
	before?: Brief[];
	rowMenu?: string;
	started?: { workspaceRun: boolean };
	changes?: Brief[];
	held?: {
		tree: { contextValue?: string; description?: string; icon?: string };
		statusBar?: string;
		model: Brief;
		metrics: Record<string, unknown>;
		lossRows?: number;
		lossSteps?: number[];
		lossFile?: string;
	};
	end?: { args: string[]; exitCode?: number };
	after?: { made: Brief; treeLabel: string; workspace: Brief; experiments: Experiment[] };
}

function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** git + DVC repo: a baseline commit trained by `dvc repro` (so DVCLive's files are tracked). */
async function makeRepo(dir: string): Promise<void> {
	const python = process.env.RUNLENS_PYTHON;
	assert.ok(python, 'RUNLENS_PYTHON: run the interop tier via scripts/runInterop.mjs');
	mkdirSync(dir, { recursive: true });
	git(dir, 'init', '-q', '-b', 'main');
	git(dir, 'config', 'user.email', 'interop@example.invalid');
	git(dir, 'config', 'user.name', 'interop');
	git(dir, 'config', 'commit.gpgsign', 'false');
	await runDvc(dir, ['init', '-q']);
	writeFileSync(join(dir, 'train.py'), TRAIN_PY);
	writeFileSync(join(dir, 'params.yaml'), 'lr: 0.1\nepochs: 5\n');
	writeFileSync(join(dir, 'dvc.yaml'), DVC_YAML(python));
	// DVCLive needs a commit to start from (it reads HEAD), as in make_repo.py.
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '-m', 'pipeline without results');
	await runDvc(dir, ['repro', '-q']);
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '-m', 'baseline');
	// The next run differs from the baseline, so `dvc exp run` trains instead of reusing the lock.
	writeFileSync(join(dir, 'params.yaml'), 'lr: 0.2\nepochs: 5\n');
}

describe('interop: a run started from Runlens in the real VS Code appears live (real dvc exp run + DVCLive)', function () {
	this.timeout(20 * 60_000);
	let tmp: string;
	let repo: string;
	let report: LiveReport;

	before(async () => {
		// The extension under test is the bundle in dist/: build it from these sources.
		const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
		assert.equal(build.status, 0, 'esbuild');
		tmp = mkdtempSync(join(tmpdir(), 'runlens-interop-runlive-'));
		repo = join(tmp, 'repo');
		await makeRepo(repo);
		mkdirSync(join(repo, '.dvc', 'tmp'), { recursive: true });
		writeFileSync(join(repo, HOLD), '');
		const entry = join(tmp, 'entry.js');
		copyFileSync(join(__dirname, 'support', 'runLive.entry.cjs'), entry);
		const out = join(tmp, 'report.json');
		const code = await runEntryInCodeServer({
			workspace: repo,
			entry,
			env: {
				RUNLENS_DVC: dvcBin(),
				RUNLENS_LIVE_OUT: out,
				RUNLENS_LIVE_HOLD: join(repo, HOLD),
				DVC_NO_ANALYTICS: '1',
				DVC_STUDIO_OFFLINE: '1',
				// Keeps this PATH (the venv first) in the extension host instead of a login shell's.
				VSCODE_CLI: '1',
			},
			what: 'run-live interop',
			timeoutMs: 15 * 60_000,
		});
		assert.ok(existsSync(out), `the extension-host side wrote its report (exit ${code})`);
		report = JSON.parse(readFileSync(out, 'utf8')) as LiveReport;
		assert.equal(report.error, undefined, report.error);
		assert.equal(code, 0);
	});

	after(() => {
		if (tmp) {
			rmSync(tmp, { recursive: true, force: true });
		}
	});

	it('finds the venv DVC through runlens.dvcPath and starts `dvc exp run` from the workspace row', () => {
		assert.equal(report.found?.path, dvcBin());
		assert.match(report.found?.version ?? '', /^3\.\d+\.\d+/);
		assert.equal(report.rowMenu, 'experiment', 'the workspace row offers the run actions');
		assert.deepEqual(report.started, { workspaceRun: true });
		assert.deepEqual(report.end, { root: repo, args: ['exp', 'run'], exitCode: 0 });
	});

	it('shows the run live while it is at step 2: running row, step, metrics and series', () => {
		const held = report.held!;
		assert.equal(held.model.status, 'running');
		assert.equal(held.model.step, 2);
		assert.equal(held.tree.contextValue, 'experiment.running');
		assert.equal(held.tree.icon, 'sync~spin');
		// DVCLive counts from step 0: at step 2, 3 of the 5 steps are done.
		assert.match(held.tree.description ?? '', /\b3\/5 steps\b/);
		assert.match(held.statusBar ?? '', /workspace/);
		assert.deepEqual(held.metrics, { loss: 0.6, step: 2 });
		// Read while the run writes it: each row once (steps 0, 1, 2), as the file holds them.
		assert.deepEqual(held.lossSteps, [0, 1, 2], `loss.tsv as read; the file:\n${held.lossFile}`);
		// The model reported the steps as they came, not only the end.
		const steps = (report.changes ?? []).filter((c) => c.status === 'running').map((c) => c.step);
		assert.ok(steps.includes(2), `running steps reported: ${steps.join(', ')}`);
	});

	it('lists the experiment when the run ends, equal to `dvc exp show --json -A`, and the workspace calm again', async () => {
		const after = report.after!;
		assert.equal(after.made.status, 'success');
		assert.ok((after.made.step ?? -1) >= 4, `the last step (${after.made.step})`);
		assert.equal(after.treeLabel, after.made.name);
		assert.equal(after.workspace.status, 'success');
		const dvc = parseExpShow(await runDvc(repo, ['exp', 'show', '--json', '-A']));
		const exps = dvc.filter((r) => r.kind === 'experiment');
		assert.deepEqual(
			exps.map((r) => r.name),
			[after.made.name],
			'DVC lists the one experiment Runlens started',
		);
		assert.deepEqual(compareExperiments(after.experiments, dvc), []);
	});
});
