/**
 * One long-lived `git cat-file --batch` per repository. simple-git runs one process per command
 * and buffers its whole stdout until exit; it has no way to keep a process open and write
 * requests to its stdin while reading framed binary answers, which is what reading thousands of
 * objects (commits of every experiment, trees, blobs) without a process per object needs.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { SAFE_GIT_CONFIG, safeGitEnv } from './gitAdapter';

export interface GitObject {
	sha: string;
	type: 'commit' | 'tree' | 'blob' | 'tag';
	data: Buffer;
}

interface Pending {
	request: string;
	resolve: (obj: GitObject | undefined) => void;
}

/** Objects larger than this are refused (answered as undefined) rather than buffered. */
const MAX_OBJECT_BYTES = 512 * 1024 * 1024;

export class CatFileProcess {
	private proc: ChildProcessWithoutNullStreams | undefined;
	private queue: Pending[] = [];
	private chunks: Buffer[] = [];
	private buffered = 0;
	/** Bytes the head answer needs in full: avoids re-concatenating a large blob on every chunk. */
	private needed = 0;
	private disposed = false;
	private restarts = 0;

	constructor(
		private readonly cwd: string,
		private readonly binary = 'git',
		private readonly log?: (msg: string) => void,
	) {}

	/** The object named `rev` (sha or any rev expression), or undefined when missing/unreadable. */
	get(rev: string): Promise<GitObject | undefined> {
		if (this.disposed || /[\r\n]/.test(rev) || rev === '') {
			return Promise.resolve(undefined);
		}
		return new Promise((resolve) => {
			this.queue.push({ request: rev, resolve });
			const proc = this.ensureProcess();
			if (proc) {
				proc.stdin.write(`${rev}\n`);
			}
		});
	}

	dispose(): void {
		this.disposed = true;
		this.failAll();
		this.proc?.kill();
		this.proc = undefined;
	}

	private ensureProcess(): ChildProcessWithoutNullStreams | undefined {
		if (this.proc) {
			return this.proc;
		}
		try {
			const args = [...SAFE_GIT_CONFIG.flatMap((c) => ['-c', c]), 'cat-file', '--batch'];
			const proc = spawn(this.binary, args, { cwd: this.cwd, env: safeGitEnv(), stdio: 'pipe' });
			this.proc = proc;
			proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
			proc.stderr.on('data', (chunk: Buffer) => this.log?.(`git cat-file: ${chunk.toString().trim()}`));
			proc.on('error', (err) => this.onExit(proc, err.message));
			proc.on('close', (code) => this.onExit(proc, `exited with ${code}`));
			proc.stdin.on('error', () => undefined);
			return proc;
		} catch (err) {
			this.log?.(`git cat-file could not start: ${String(err)}`);
			this.failAll();
			return undefined;
		}
	}

	/** A crash answers everything in flight with undefined; the next request starts a fresh process. */
	private onExit(proc: ChildProcessWithoutNullStreams, why: string): void {
		if (this.proc !== proc) {
			return;
		}
		this.proc = undefined;
		this.chunks = [];
		this.buffered = 0;
		this.needed = 0;
		if (!this.disposed) {
			this.log?.(`git cat-file ${why}; restart #${++this.restarts} on next request`);
		}
		this.failAll();
	}

	private failAll(): void {
		const pending = this.queue;
		this.queue = [];
		for (const p of pending) {
			p.resolve(undefined);
		}
	}

	private onData(chunk: Buffer): void {
		this.chunks.push(chunk);
		this.buffered += chunk.length;
		if (this.buffered < this.needed) {
			return;
		}
		this.needed = 0;
		let buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
		let consumed = 0;
		for (;;) {
			const used = this.parseOne(buf, consumed);
			if (used === 0) {
				break;
			}
			consumed += used;
		}
		buf = buf.subarray(consumed);
		this.chunks = buf.length ? [buf] : [];
		this.buffered = buf.length;
	}

	/** Parses one framed answer at `start`; returns bytes used, or 0 when more input is needed. */
	private parseOne(buf: Buffer, start: number): number {
		const nl = buf.indexOf(10, start);
		if (nl < 0) {
			return 0;
		}
		const header = buf.toString('utf8', start, nl);
		const pending = this.queue[0];
		const parts = header.split(' ');
		if (parts.length === 2 && (parts[1] === 'missing' || parts[1] === 'ambiguous')) {
			this.queue.shift();
			pending?.resolve(undefined);
			return nl + 1 - start;
		}
		const size = Number(parts[2]);
		if (parts.length !== 3 || !Number.isFinite(size)) {
			this.log?.(`git cat-file: unexpected header ${JSON.stringify(header)}`);
			this.proc?.kill();
			return 0;
		}
		if (buf.length < nl + 1 + size + 1) {
			this.needed = nl + 1 + size + 1 - start;
			return 0;
		}
		this.queue.shift();
		// A copy lets a small blob free the rest of the read buffer; a blob filling most of it is kept
		// as a view (copying an 8 MB blob again was a block of its own).
		const view = buf.subarray(nl + 1, nl + 1 + size);
		const data = size * 2 > buf.length ? view : Buffer.from(view);
		pending?.resolve(
			size > MAX_OBJECT_BYTES ? undefined : { sha: parts[0], type: parts[1] as GitObject['type'], data },
		);
		return nl + 1 + size + 1 - start;
	}
}
