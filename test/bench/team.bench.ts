/**
 * The Team view at scale: a bare remote holding 5 teammates' experiments (built with git
 * fast-import, each a commit changing params.yaml on its teammate's baseline), and a fresh clone
 * of it. Times Runlens' remote status listing against `dvc exp list origin`, and fetching one
 * experiment against `dvc exp pull origin <name>`, each run on an experiment not fetched before.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TeamModel } from '../../src/actions/team';
import { ExpRefGit } from '../../src/git/expRefGit';

const ENV = {
	...process.env,
	GIT_AUTHOR_NAME: 'bench',
	GIT_AUTHOR_EMAIL: 'bench@example.invalid',
	GIT_COMMITTER_NAME: 'bench',
	GIT_COMMITTER_EMAIL: 'bench@example.invalid',
};

function git(cwd: string, args: string[], input?: string): string {
	return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', input, maxBuffer: 1024 * 1024 * 1024 }).trim();
}

export interface TeamBenchRepo {
	root: string;
	clone: string;
	/** Remote-only experiments as `{ ref, name }`, in a fixed order. */
	experiments: { ref: string; name: string }[];
	cleanup(): void;
}

/** `mates` teammates, `total` experiments split evenly, each on its own teammate's baseline commit. */
export function makeTeamBenchRepo(total: number, mates = 5): TeamBenchRepo {
	const root = mkdtempSync(join(tmpdir(), 'runlens-bench-team-'));
	const builder = join(root, 'builder');
	const bare = join(root, 'remote.git');
	mkdirSync(builder);
	git(builder, ['init', '-q', '-b', 'main']);
	mkdirSync(join(builder, '.dvc'));
	writeFileSync(join(builder, '.dvc', 'config'), '');
	writeFileSync(join(builder, '.dvc', '.gitignore'), '/config.local\n/tmp\n/cache\n');
	writeFileSync(join(builder, 'params.yaml'), 'lr: 0.1\n');
	writeFileSync(join(builder, 'dvc.yaml'), 'stages:\n  train:\n    cmd: python train.py\n    params: [lr]\n');
	const baselines: string[] = [];
	for (let m = 0; m < mates; m++) {
		writeFileSync(join(builder, 'train.py'), `# teammate ${m}\n`);
		git(builder, ['add', '-A']);
		git(builder, ['commit', '-q', '-m', `baseline of teammate ${m}`]);
		baselines.push(git(builder, ['rev-parse', 'HEAD']));
	}
	const experiments: { ref: string; name: string }[] = [];
	let stream = '';
	for (let i = 0; i < total; i++) {
		const base = baselines[i % mates];
		const name = `mate${i % mates}-exp${i}`;
		const ref = `refs/exps/${base.slice(0, 2)}/${base.slice(2)}/${name}`;
		const params = `lr: ${(i + 1) / 10_000}\n`;
		const message = `dvc: commit experiment ${i}`;
		stream += `commit ${ref}\ncommitter bench <bench@example.invalid> ${1_700_000_000 + i} +0000\n`;
		stream += `data ${Buffer.byteLength(message)}\n${message}\nfrom ${base}\n`;
		stream += `M 100644 inline params.yaml\ndata ${Buffer.byteLength(params)}\n${params}\n`;
		experiments.push({ ref, name });
	}
	git(builder, ['fast-import', '--quiet'], stream);
	git(root, ['init', '-q', '--bare', '-b', 'main', bare]);
	git(builder, ['push', '-q', bare, 'main', 'refs/exps/*:refs/exps/*']);
	const clone = join(root, 'clone');
	git(root, ['clone', '-q', '-b', 'main', bare, clone]);
	return { root, clone, experiments, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function dvc(python: string, cwd: string, args: string[]): Promise<number> {
	const bin = join(dirname(python), 'dvc');
	const env = { ...process.env, DVC_NO_ANALYTICS: '1', DVC_STUDIO_OFFLINE: '1' };
	const started = performance.now();
	return new Promise((resolve, reject) =>
		execFile(bin, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (err, _stdout, stderr) =>
			err ? reject(new Error(`dvc ${args.join(' ')}: ${stderr || err.message}`)) : resolve(performance.now() - started),
		),
	);
}

/** Runlens: `git ls-remote` + local refs + the status diff, as the Team view's Refresh does. */
export async function benchTeamList(repo: TeamBenchRepo): Promise<{ ms: number; remoteOnly: number }> {
	const g = new ExpRefGit(repo.clone);
	const team = new TeamModel(() => [{ gitRoot: repo.clone, git: g }], () => 'origin', () => undefined);
	const started = performance.now();
	await team.refresh();
	const ms = performance.now() - started;
	const state = team.current[0];
	if (state.error) {
		throw new Error(state.error);
	}
	return { ms, remoteOnly: state.entries.filter((e) => e.state === 'remote').length };
}

export function benchDvcList(repo: TeamBenchRepo, python: string): Promise<number> {
	return dvc(python, repo.clone, ['exp', 'list', '--all-commits', 'origin']);
}

/** Fetches one not-yet-fetched experiment (only its ref), as expanding it in the Team view does. */
export async function benchTeamFetch(repo: TeamBenchRepo, index: number): Promise<number> {
	const g = new ExpRefGit(repo.clone);
	const started = performance.now();
	await g.fetch('origin', [repo.experiments[index].ref]);
	return performance.now() - started;
}

export function benchDvcPull(repo: TeamBenchRepo, python: string, index: number): Promise<number> {
	return dvc(python, repo.clone, ['exp', 'pull', 'origin', repo.experiments[index].name]);
}
