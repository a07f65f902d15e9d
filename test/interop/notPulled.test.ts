import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DvcCli } from '../../src/dvc/cli';
import { pullTargets } from '../../src/experiments/notPulled';
import type { ExperimentsModelImpl } from '../../src/model/model';
import type { Experiment } from '../../src/model/types';
import { buildOverrides } from '../../src/run/overrides';
import { compareExperiments } from './support/compare';
import { dvcBin, parseExpShow, runDvc } from './support/dvc';
import { openModel } from './support/repos';

const TRAIN_PY = `import json, os, yaml
p = yaml.safe_load(open("params.yaml"))
os.makedirs("results", exist_ok=True)
json.dump({"acc": round(1 - p["lr"], 4), "optimizer": p["optimizer"]}, open("results/metrics.json", "w"))
with open("results/loss.csv", "w") as f:
    f.write("step,loss\\n" + "".join(f"{i},{round(p['lr'] * (10 - i), 4)}\\n" for i in range(5)))
open("model.pkl", "w").write("model trained with lr %s" % p["lr"])
`;

const DVC_YAML = `stages:
  train:
    cmd: python train.py
    deps: [train.py]
    params: [lr, optimizer]
    outs: [model.pkl]
    metrics: [results/metrics.json]
    plots: [results/loss.csv]
artifacts:
  model:
    path: model.pkl
    type: model
`;

function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** A repo whose metrics, plots and model are DVC outputs pushed to a local remote, and a clone of it never pulled. */
async function originAndClone(root: string): Promise<{ origin: string; clone: string }> {
	const origin = join(root, 'origin');
	const clone = join(root, 'clone');
	execFileSync('mkdir', ['-p', origin]);
	git(origin, 'init', '-q', '-b', 'main');
	git(origin, 'config', 'user.email', 'interop@example.invalid');
	git(origin, 'config', 'user.name', 'interop');
	await runDvc(origin, ['init', '-q']);
	await runDvc(origin, ['remote', 'add', '-d', 'storage', join(root, 'dvc-remote')]);
	writeFileSync(join(origin, 'train.py'), TRAIN_PY);
	writeFileSync(join(origin, 'params.yaml'), 'lr: 0.1\noptimizer: adam\n');
	writeFileSync(join(origin, 'dvc.yaml'), DVC_YAML);
	await runDvc(origin, ['repro', '-q']);
	git(origin, 'add', '-A');
	git(origin, 'commit', '-q', '-m', 'Train with lr 0.1');
	await runDvc(origin, ['push', '-q']);
	git(root, 'clone', '-q', origin, clone);
	git(clone, 'config', 'user.email', 'interop@example.invalid');
	git(clone, 'config', 'user.name', 'interop');
	return { origin, clone };
}

describe('interop: DVC outputs not pulled, Pull through DvcCli, a run with -S overrides', function () {
	this.timeout(20 * 60_000);
	let root: string;
	let clone: string;
	let model: ExperimentsModelImpl;
	const logs: string[] = [];
	const dvc = new DvcCli({
		setting: () => dvcBin(),
		pythonInterpreter: () => Promise.resolve(undefined),
		folders: () => [],
		isTrusted: () => true,
		log: (_l, m) => logs.push(m),
		env: { ...process.env, DVC_NO_ANALYTICS: '1', DVC_STUDIO_OFFLINE: '1' },
	});
	const workspace = (): Experiment => model.getExperiments().find((e) => e.kind === 'workspace')!;

	before(async () => {
		root = mkdtempSync(join(tmpdir(), 'runlens-interop-notpulled-'));
		({ clone } = await originAndClone(root));
		model = await openModel(clone);
	});

	after(() => {
		model?.dispose();
		rmSync(root, { recursive: true, force: true });
	});

	it('finds the real dvc and its version', async () => {
		const found = await dvc.find();
		assert.equal(found?.path, dvcBin());
		assert.match(found?.version ?? '', /^3\.\d+\.\d+/);
		assert.ok(logs.some((m) => m.startsWith(`DVC CLI ${found?.version}`)));
	});

	it('shows the unpulled clone calmly: not-pulled outputs with the remote, no read errors', () => {
		const rows = model.getExperiments();
		assert.ok(rows.length >= 2, 'workspace and the commit');
		for (const exp of rows) {
			const real = exp.errors.filter((e) => !e.notPulled);
			assert.deepEqual(real, [], `${exp.name} has no real errors`);
			assert.deepEqual(
				exp.errors.map((e) => [e.file, e.notPulled]),
				[['results/metrics.json', { remote: 'storage' }]],
				`${exp.name}: the metrics file is not pulled, from remote storage`,
			);
			const model_ = exp.artifacts.find((a) => a.name === 'model');
			assert.deepEqual(
				[model_?.missing, model_?.notPulled],
				[true, true],
				`${exp.name}: the model artifact is not pulled`,
			);
		}
		assert.deepEqual(workspace().metrics, {});
	});

	it('Pull runs the real `dvc pull` for those outputs; the values then equal `dvc exp show --json`', async () => {
		const targets = pullTargets(workspace());
		assert.deepEqual(targets.sort(), ['model.pkl', 'results/metrics.json']);
		const r = await dvc.run(['pull', ...targets], clone);
		assert.equal(r.code, 0, r.stderr);
		await model.refresh();
		for (const exp of model.getExperiments()) {
			assert.deepEqual(exp.errors, [], `${exp.name} has nothing left to pull`);
		}
		assert.deepEqual(workspace().metrics['results/metrics.json'], { acc: 0.9, optimizer: 'adam' });
		const dvcRows = parseExpShow(await runDvc(clone, ['exp', 'show', '--json']));
		assert.deepEqual(compareExperiments(model.getExperiments(), dvcRows), []);
	});

	it('a run with overrides built by Runlens (a string that needs Hydra quoting) lands as DVC shows it', async () => {
		const ws = workspace();
		const args = buildOverrides([
			{ file: 'params.yaml', key: 'lr', current: ws.params['params.yaml'].lr, text: '0.25' },
			{ file: 'params.yaml', key: 'optimizer', current: 'adam', text: "sgd, momentum's" },
		]);
		const r = await dvc.run(['exp', 'run', '-n', 'from-runlens', ...args], clone);
		assert.equal(r.code, 0, r.stderr);
		await model.refresh();
		const exp = model.getExperiments().find((e) => e.name === 'from-runlens');
		assert.ok(exp, 'the experiment is listed');
		assert.deepEqual(exp.params['params.yaml'], { lr: 0.25, optimizer: "sgd, momentum's" });
		assert.deepEqual(exp.metrics['results/metrics.json'], { acc: 0.75, optimizer: "sgd, momentum's" });
		const dvcRows = parseExpShow(await runDvc(clone, ['exp', 'show', '--json']));
		assert.deepEqual(compareExperiments(model.getExperiments(), dvcRows), []);
	});
});
