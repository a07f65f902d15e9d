/** Two (or more) clones of one bare remote holding a small DVC pipeline, built with the real dvc. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDvc } from './dvc';

export function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).trim();
}

const TRAIN = `import json, yaml
p = yaml.safe_load(open('params.yaml'))
json.dump({'acc': p['lr'] * 2}, open('metrics.json', 'w'))
open('model.bin', 'w').write(str(p['lr']))
`;

const DVC_YAML = `stages:
  train:
    cmd: python train.py
    deps: [train.py]
    params: [lr]
    outs: [model.bin]
    metrics:
      - metrics.json:
          cache: false
`;

export interface TeamRepos {
	root: string;
	bare: string;
	/** The first clone: the pipeline's author. */
	author: string;
	baseline: string;
	clone(name: string): string;
	cleanup(): void;
}

function configure(dir: string): void {
	git(dir, 'config', 'user.name', 'Runlens Interop');
	git(dir, 'config', 'user.email', 'interop@example.invalid');
}

/** A bare remote, and an author clone with the pipeline committed and pushed to `main`. */
export async function makeTeamRepos(): Promise<TeamRepos> {
	const root = mkdtempSync(join(tmpdir(), 'runlens-interop-team-'));
	const bare = join(root, 'remote.git');
	const author = join(root, 'author');
	git(root, 'init', '-q', '--bare', '-b', 'main', bare);
	mkdirSync(author);
	git(author, 'init', '-q', '-b', 'main');
	configure(author);
	await runDvc(author, ['init', '-q']);
	writeFileSync(join(author, 'params.yaml'), 'lr: 0.1\n');
	writeFileSync(join(author, 'train.py'), TRAIN);
	writeFileSync(join(author, 'dvc.yaml'), DVC_YAML);
	writeFileSync(join(author, '.gitignore'), '/model.bin\n');
	git(author, 'add', '-A');
	git(author, 'commit', '-q', '-m', 'pipeline');
	git(author, 'remote', 'add', 'origin', bare);
	git(author, 'push', '-q', 'origin', 'main');
	const baseline = git(author, 'rev-parse', 'HEAD');
	return {
		root,
		bare,
		author,
		baseline,
		clone(name) {
			const dir = join(root, name);
			git(root, 'clone', '-q', '-b', 'main', bare, dir);
			configure(dir);
			return dir;
		},
		cleanup: () => rmSync(root, { recursive: true, force: true }),
	};
}

/** `dvc exp run -n <name> -S lr=<lr>`, then the workspace back to HEAD (the run leaves its results there). */
export async function runExperiment(dir: string, name: string, lr: number): Promise<string> {
	await runDvc(dir, ['exp', 'run', '-q', '-n', name, '-S', `lr=${lr}`]);
	git(dir, 'checkout', '-q', '--', '.');
	git(dir, 'clean', '-q', '-fd');
	return git(dir, 'for-each-ref', '--format=%(objectname)', `refs/exps/*/*/${name}`);
}

/** Experiment refs (not DVC's bookkeeping refs) and branches: what the actions must leave equal. */
export function userRefs(dir: string): string[] {
	return git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/exps', 'refs/heads')
		.split('\n')
		.filter((l) => l && !/^refs\/exps\/(exec|apply|celery|temp|stash)\b/.test(l));
}
