// A small but real DVCLive project in a real git repo: two committed runs on main, a branch, two
// DVC experiment refs under the baseline, an artifact. Used by the integration tier and the demo.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';

function git(cwd, ...args) {
	return execFileSync(
		'git',
		['-c', 'user.name=Runlens Test', '-c', 'user.email=test@runlens.invalid', '-c', 'commit.gpgsign=false', ...args],
		{
			cwd,
			encoding: 'utf8',
		},
	).trim();
}

function write(dir, rel, content) {
	const file = join(dir, rel);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, content);
}

export function dvcliveRun(dir, { lr, epochs, steps = epochs, seed = 1, timestamp0 = 1_700_000_000_000 }) {
	let loss = 'step\tloss\n';
	let acc = 'step\tacc\n';
	let l = 0;
	let a = 0;
	for (let s = 0; s < steps; s++) {
		l = Number((2 / (1 + s * lr * 10 * seed)).toFixed(6));
		a = Number((1 - l / 2.5).toFixed(6));
		loss += `${s}\t${l}\n`;
		acc += `${s}\t${a}\n`;
	}
	write(dir, 'dvclive/plots/metrics/train/loss.tsv', loss);
	write(dir, 'dvclive/plots/metrics/eval/acc.tsv', acc);
	write(
		dir,
		'dvclive/metrics.json',
		JSON.stringify({ train: { loss: l }, eval: { acc: a }, step: steps - 1 }, null, 4) + '\n',
	);
	write(dir, 'dvclive/params.yaml', `lr: ${lr}\nepochs: ${epochs}\n`);
	write(dir, 'params.yaml', `lr: ${lr}\nepochs: ${epochs}\nmodel:\n  layers: 2\n  act: relu\n`);
	void timestamp0;
}

const DVC_YAML = `params:
- dvclive/params.yaml
metrics:
- dvclive/metrics.json
plots:
- dvclive/plots/metrics:
    x: step
artifacts:
  classifier:
    path: model.pt
    type: model
    desc: The trained classifier
    labels:
    - cnn
`;

function commitExperiment(dir, baseline, name, run) {
	dvcliveRun(dir, run);
	git(dir, 'add', '-A');
	const tree = git(dir, 'write-tree');
	const sha = git(dir, 'commit-tree', tree, '-p', baseline, '-m', `dvc: commit experiment ${name}`);
	git(dir, 'update-ref', `refs/exps/${baseline.slice(0, 2)}/${baseline.slice(2)}/${name}`, sha);
	git(dir, 'reset', '-q', '--hard', baseline);
	return sha;
}

export function makeFixtureWorkspace(dir) {
	mkdirSync(dir, { recursive: true });
	git(dir, 'init', '-q', '-b', 'main');
	write(dir, '.dvc/config', '');
	write(dir, '.dvc/.gitignore', '/config.local\n/tmp\n/cache\n');
	write(dir, 'dvc.yaml', DVC_YAML);
	write(dir, 'model.pt', 'not really a model\n');
	write(dir, 'train.py', '# training script (the fixture writes DVCLive output directly)\n');
	dvcliveRun(dir, { lr: 0.1, epochs: 5 });
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '-m', 'Initial run with lr 0.1');
	dvcliveRun(dir, { lr: 0.05, epochs: 8 });
	git(dir, 'commit', '-q', '-am', 'Lower the learning rate');
	const baseline = git(dir, 'rev-parse', 'HEAD');
	commitExperiment(dir, baseline, 'azure-bump', { lr: 0.02, epochs: 8 });
	commitExperiment(dir, baseline, 'lilac-moss', { lr: 0.2, epochs: 8, seed: 2 });
	git(dir, 'checkout', '-q', '-b', 'wider-model');
	dvcliveRun(dir, { lr: 0.05, epochs: 12 });
	git(dir, 'commit', '-q', '-am', 'Wider model');
	git(dir, 'checkout', '-q', 'main');
	return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(makeFixtureWorkspace(process.argv[2]));
}
