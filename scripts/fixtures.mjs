// A small but real DVCLive project in a real git repo: two committed runs on main, a branch, two
// DVC experiment refs under the baseline, an artifact. Used by the integration tier and the demo;
// the demo's (`rich`) runs also have DVCLive timestamps, events.jsonl and a per-example table, and
// as many steps as the demo's live run so their curves compare.
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

export function dvcliveRun(
	dir,
	{ lr, epochs, steps = epochs, seed = 1, timestamp0 = 1_700_000_000_000, rich = false, stepMs = 1000 },
) {
	// DVCLive's `log_metric(..., timestamp=True)` layout: `timestamp\tstep\t<name>`, Unix ms.
	const head = rich ? 'timestamp\tstep' : 'step';
	let loss = `${head}\tloss\n`;
	let acc = `${head}\tacc\n`;
	let l = 0;
	let a = 0;
	for (let s = 0; s < steps; s++) {
		l = Number((2 / (1 + s * lr * 10 * seed)).toFixed(6));
		a = Number((1 - l / 2.5).toFixed(6));
		const ts = rich ? `${timestamp0 + s * stepMs}\t` : '';
		loss += `${ts}${s}\t${l}\n`;
		acc += `${ts}${s}\t${a}\n`;
	}
	if (rich) {
		richExtras(dir, { lr, steps, seed, timestamp0, stepMs });
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
}

/** events.jsonl and a per-example table (with its sidecar) of a finished run, as the README shows them. */
function richExtras(dir, { lr, steps, seed, timestamp0, stepMs }) {
	const at = (step) => timestamp0 + step * stepMs;
	const half = Math.floor(steps / 2);
	const events = [
		{
			name: 'lr warmup done',
			source: 'scheduler',
			step: Math.min(5, steps - 1),
			wallclock: at(Math.min(5, steps - 1)),
		},
		{ name: 'lr drop', source: 'scheduler', step: half, wallclock: at(half), metadata: { lr: lr / 10 } },
		{
			name: 'checkpoint saved',
			source: 'trainer',
			step: steps - 1,
			wallclock: at(steps - 1),
			metadata: { path: 'model.pt' },
		},
	];
	write(dir, 'dvclive/events.jsonl', events.map((e) => JSON.stringify(e)).join('\n') + '\n');
	let rows = 'example_id,epoch,loss,pred,correct\n';
	for (const epoch of [0, 1, 2]) {
		for (let i = 0; i < VAL_ROWS.length; i++) {
			const loss = Number((((i * 7 + seed * 3) % 10) / (10 * (1 + epoch * lr * 20))).toFixed(4));
			const pred = loss < 0.3 ? VAL_ROWS[i][1] : VAL_ROWS[(i + 1) % VAL_ROWS.length][1];
			rows += `${i},${epoch},${loss},${pred},${pred === VAL_ROWS[i][1] ? 1 : 0}\n`;
		}
	}
	write(dir, 'dvclive/examples/val.csv', rows);
	write(
		dir,
		'dvclive/examples/val.csv.table.json',
		JSON.stringify({ foreign_table: 'data/val.csv', foreign_table_display_name: 'Validation set' }, null, 2) + '\n',
	);
}

const VAL_ROWS = [
	['a cat on a mat', 'cat'],
	['a dog in the fog', 'dog'],
	['a bird on a wire', 'bird'],
	['two cats asleep', 'cat'],
	['a dog with a ball', 'dog'],
	['an owl at night', 'bird'],
	['a kitten playing', 'cat'],
	['a puppy running', 'dog'],
];

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

/**
 * `epochs` gives every run that many steps (the demo's live run has as many); `rich` adds DVCLive
 * timestamps, events and a per-example table. The integration tier uses the defaults.
 */
export function makeFixtureWorkspace(dir, { rich = false, epochs } = {}) {
	const run = (lr, own, more = {}) => ({ lr, epochs: epochs ?? own, rich, ...more });
	mkdirSync(dir, { recursive: true });
	git(dir, 'init', '-q', '-b', 'main');
	write(dir, '.dvc/config', '');
	write(dir, '.dvc/.gitignore', '/config.local\n/tmp\n/cache\n');
	write(dir, 'dvc.yaml', DVC_YAML);
	write(dir, 'model.pt', 'not really a model\n');
	write(dir, 'train.py', '# training script (the fixture writes DVCLive output directly)\n');
	if (rich) {
		write(dir, 'data/val.csv', 'text,label\n' + VAL_ROWS.map((r) => r.join(',')).join('\n') + '\n');
	}
	// Rich runs are a day apart in the past, so the timestamps read as real history.
	const day = (n) => ({ timestamp0: Date.now() - (6 - n) * 86_400_000 });
	dvcliveRun(dir, run(0.1, 5, day(0)));
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '-m', 'Initial run with lr 0.1');
	dvcliveRun(dir, run(0.05, 8, day(1)));
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '-m', 'Lower the learning rate');
	const baseline = git(dir, 'rev-parse', 'HEAD');
	commitExperiment(dir, baseline, 'azure-bump', run(0.02, 8, day(2)));
	commitExperiment(dir, baseline, 'lilac-moss', run(0.2, 8, { seed: 2, ...day(3) }));
	git(dir, 'checkout', '-q', '-b', 'wider-model');
	dvcliveRun(dir, run(0.05, 12, day(4)));
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '-m', 'Wider model');
	git(dir, 'checkout', '-q', 'main');
	return dir;
}

/** What DVCLive's `save_dvc_exp` leaves: the workspace committed as an experiment ref of HEAD. */
export function saveWorkspaceExperiment(dir, name) {
	const baseline = git(dir, 'rev-parse', 'HEAD');
	git(dir, 'add', '-A');
	const tree = git(dir, 'write-tree');
	const sha = git(dir, 'commit-tree', tree, '-p', baseline, '-m', `dvc: commit experiment ${name}`);
	git(dir, 'update-ref', `refs/exps/${baseline.slice(0, 2)}/${baseline.slice(2)}/${name}`, sha);
	git(dir, 'reset', '-q', '--hard', baseline);
	return sha;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(makeFixtureWorkspace(process.argv[2]));
}
