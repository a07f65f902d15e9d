/**
 * The DVC CLI, optional: Runlens reads everything without it and only runs it for actions (run,
 * queue, pull). Found, in this order, from the `runlens.dvcPath` setting, the Python extension's
 * active interpreter, each workspace folder's `.venv`, then PATH; a candidate counts only when
 * `dvc --version` answers. vscode-free: the app passes the setting, interpreter and trust in.
 */
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface DvcFound {
	path: string;
	version: string;
}

export interface DvcRunResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface DvcCliOptions {
	/** `runlens.dvcPath` (empty when unset). */
	setting: () => string;
	/** The Python extension's active interpreter (the `python` executable or its env folder). */
	pythonInterpreter: () => Promise<string | undefined>;
	folders: () => string[];
	/** DVC reads repo config that can name programs (remotes' helpers, hooks): never untrusted. */
	isTrusted: () => boolean;
	log: (level: 'info' | 'warn', msg: string) => void;
	env?: NodeJS.ProcessEnv;
	platform?: NodeJS.Platform;
}

/** Where a dvc executable may be, in the order they are tried (pure; paths need not exist). */
export function dvcCandidates(o: {
	setting: string;
	interpreter?: string;
	folders: string[];
	pathEnv?: string;
	platform: NodeJS.Platform;
}): { path: string; from: string }[] {
	const win = o.platform === 'win32';
	const exe = win ? 'dvc.exe' : 'dvc';
	const bin = win ? 'Scripts' : 'bin';
	const out: { path: string; from: string }[] = [];
	if (o.setting.trim()) {
		out.push({ path: o.setting.trim(), from: 'runlens.dvcPath' });
	}
	if (o.interpreter) {
		// The API gives the python executable, or for some environments their folder.
		out.push({ path: path.join(path.dirname(o.interpreter), exe), from: 'Python extension interpreter' });
		out.push({ path: path.join(o.interpreter, bin, exe), from: 'Python extension environment' });
	}
	for (const folder of o.folders) {
		out.push({ path: path.join(folder, '.venv', bin, exe), from: `${path.basename(folder)}/.venv` });
	}
	for (const dir of (o.pathEnv ?? '').split(path.delimiter).filter((d) => d)) {
		out.push({ path: path.join(dir, exe), from: 'PATH' });
	}
	return out;
}

/** `dvc --version` prints the bare version (`3.67.1`); anything else means it is not dvc. */
export function parseDvcVersion(stdout: string): string | undefined {
	const v = stdout.trim().split(/\r?\n/).pop()?.trim() ?? '';
	return /^\d+\.\d+(\.\d+)?\S*$/.test(v) ? v : undefined;
}

export class DvcCli {
	private found: Promise<DvcFound | undefined> | undefined;

	constructor(private readonly o: DvcCliOptions) {}

	/** The dvc to use, looked up once until `invalidate()` (a setting or interpreter changed). */
	find(): Promise<DvcFound | undefined> {
		if (!this.o.isTrusted()) {
			return Promise.resolve(undefined);
		}
		this.found ??= this.lookUp();
		return this.found;
	}

	invalidate(): void {
		this.found = undefined;
	}

	/** Runs `dvc <args>` in `cwd`; rejects when no dvc is found or the workspace is untrusted. */
	async run(args: string[], cwd: string): Promise<DvcRunResult> {
		if (!this.o.isTrusted()) {
			throw new Error('DVC is not run in an untrusted workspace (Restricted Mode).');
		}
		const dvc = await this.find();
		if (!dvc) {
			throw new Error(
				'The DVC CLI was not found (set runlens.dvcPath, or install dvc in the workspace .venv or on PATH).',
			);
		}
		return exec(dvc.path, args, cwd, this.env());
	}

	/** Environment for dvc: never a git credential prompt that nobody can answer. */
	env(): NodeJS.ProcessEnv {
		return { ...(this.o.env ?? process.env), GIT_TERMINAL_PROMPT: '0' };
	}

	private async lookUp(): Promise<DvcFound | undefined> {
		const env = this.o.env ?? process.env;
		const interpreter = await this.o.pythonInterpreter().catch(() => undefined);
		const candidates = dvcCandidates({
			setting: this.o.setting(),
			interpreter,
			folders: this.o.folders(),
			pathEnv: env.PATH ?? env.Path,
			platform: this.o.platform ?? process.platform,
		});
		for (const c of candidates) {
			const version = await this.probe(c.path);
			if (version) {
				this.o.log('info', `DVC CLI ${version} at ${c.path} (from ${c.from})`);
				return { path: c.path, version };
			}
			if (c.from === 'runlens.dvcPath') {
				this.o.log('warn', `runlens.dvcPath: ${c.path} is not a working dvc; trying the others`);
			}
		}
		this.o.log('info', 'DVC CLI not found: run actions are hidden (reading needs no DVC)');
		return undefined;
	}

	private async probe(file: string): Promise<string | undefined> {
		const st = await fsp.stat(file).catch(() => undefined);
		if (!st?.isFile()) {
			return undefined;
		}
		const r = await exec(file, ['--version'], path.dirname(file), this.env(), 20_000).catch(() => undefined);
		return r && r.code === 0 ? parseDvcVersion(r.stdout) : undefined;
	}
}

function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 0): Promise<DvcRunResult> {
	return new Promise((resolve, reject) => {
		execFile(
			file,
			args,
			{ cwd, env, timeout, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
			(err, stdout, stderr) => {
				const code = err ? (err as { code?: unknown }).code : 0;
				if (err && typeof code !== 'number') {
					// Not an exit status: the program could not be started (ENOENT, EACCES) or was killed.
					reject(new Error(`${path.basename(file)} ${args.join(' ')}: ${err.message}`));
					return;
				}
				resolve({ code: typeof code === 'number' ? code : 0, stdout, stderr });
			},
		);
	});
}
