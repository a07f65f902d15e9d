/**
 * Where a revision's files come from: the working tree (`WorkspaceSource`) or git objects at a
 * commit (`RevisionSource`). Paths are POSIX and relative to the source's root. Nothing here
 * throws: a missing file is `undefined`, any other failure a `ReadResult` error.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { GitObjects } from '../git/gitObjects';
import { md5OfBytes, md5OfFile } from './parse/artifactInfo';
import { climbsOut, Containment, OUTSIDE_REPO } from './containment';

/** `notPulled`: missing, but a DVC-tracked output (dvc.lock / `.dvc` file) not in the local cache. */
export type ReadResult =
	{ ok: true; data: Uint8Array } | { ok: false; missing: boolean; error: string; notPulled?: boolean };

export interface FileStat {
	size: number;
	mtimeMs: number;
	isDirectory: boolean;
}

export interface FileSource {
	/** Bytes of a file; undefined when it is missing or unreadable. */
	read(path: string): Promise<Uint8Array | undefined>;
	/** Like `read`, with the reason when it failed; files over `maxBytes` are refused. */
	readResult(path: string, maxBytes?: number): Promise<ReadResult>;
	/** Files (never directories) under `dir`, relative to the source root; [] when absent. */
	list(dir: string, recursive: boolean): Promise<string[]>;
	/** Sub-directory names of `dir`. */
	listDirs(dir: string): Promise<string[]>;
	stat?(path: string): Promise<FileStat | undefined>;
	/** True for sources whose files never change (commits): a last line without newline is final. */
	readonly immutable?: boolean;
	/** md5 hex of a file's bytes, streamed; undefined when missing. */
	md5?(path: string): Promise<string | undefined>;
	/** Why `path` may not be read at all ("outside the repository"); undefined when it may. */
	refusal?(path: string): Promise<string | undefined>;
	/** True when the path is (inside) a DVC-tracked output of this revision (DvcCacheSource). */
	isTrackedOut?(path: string): Promise<boolean>;
}

/** Default refusal limit for metrics/params/dvc.yaml reads. */
export const MAX_STRUCTURED_BYTES = 50 * 1024 * 1024;
/** Directories never worth descending into when looking for DVC/DVCLive files. */
export const SKIPPED_DIRS = new Set([
	'.git',
	'.dvc',
	'node_modules',
	'__pycache__',
	'.venv',
	'venv',
	'.tox',
	'.mypy_cache',
]);
/** Upper bound on files one `list` returns, so a huge data directory cannot stall a scan. */
export const MAX_LIST_ENTRIES = 200_000;

function errText(err: unknown): string {
	const e = err as NodeJS.ErrnoException;
	return e?.code ? `${e.code}: ${e.message}` : String(err);
}

function isMissing(err: unknown): boolean {
	const code = (err as NodeJS.ErrnoException)?.code;
	return code === 'ENOENT' || code === 'ENOTDIR';
}

export function joinPosix(...parts: string[]): string {
	return path.posix.join(...parts.filter((p) => p !== '')).replace(/^\.\/?$/, '') || '';
}

/**
 * The working tree (or an executor's checkout) under `root`. Every read, stat, hash and listing
 * goes through `guard`: a path whose real path leaves the root is refused as "outside the
 * repository" (an error, never content), whether it climbs out with `..`, is absolute or is a
 * symlink (or sits in a symlinked directory) pointing elsewhere.
 */
export class WorkspaceSource implements FileSource {
	readonly guard: Containment;

	constructor(readonly root: string) {
		this.guard = new Containment(root);
	}

	async read(rel: string): Promise<Uint8Array | undefined> {
		const r = await this.readResult(rel, Number.MAX_SAFE_INTEGER);
		return r.ok ? r.data : undefined;
	}

	async readResult(rel: string, maxBytes = MAX_STRUCTURED_BYTES): Promise<ReadResult> {
		const where = await this.guard.resolve(rel);
		if (!where.ok) {
			return where;
		}
		try {
			const st = await fsp.stat(where.real);
			if (st.isDirectory()) {
				return { ok: false, missing: false, error: 'is a directory' };
			}
			// A FIFO (or device) would block the read forever, with no writer, or never end.
			if (!st.isFile()) {
				return { ok: false, missing: false, error: 'not a regular file (a FIFO, socket or device): not read' };
			}
			if (st.size > maxBytes) {
				return { ok: false, missing: false, error: `file is too large (${st.size} bytes)` };
			}
			const data = await fsp.readFile(where.real);
			return { ok: true, data };
		} catch (err) {
			return { ok: false, missing: isMissing(err), error: errText(err) };
		}
	}

	/** Undefined for missing paths and for paths outside the root (see `refusal`). */
	async stat(rel: string): Promise<FileStat | undefined> {
		const where = await this.guard.resolve(rel);
		if (!where.ok) {
			return undefined;
		}
		try {
			const st = await fsp.stat(where.real);
			return { size: st.size, mtimeMs: st.mtimeMs, isDirectory: st.isDirectory() };
		} catch {
			return undefined;
		}
	}

	async refusal(rel: string): Promise<string | undefined> {
		const where = await this.guard.resolve(rel);
		return where.ok || where.missing ? undefined : where.error;
	}

	async md5(rel: string): Promise<string | undefined> {
		const where = await this.guard.resolve(rel);
		return where.ok ? md5OfFile(where.real).catch(() => undefined) : undefined;
	}

	async listDirs(rel: string): Promise<string[]> {
		const where = await this.guard.resolve(rel);
		if (!where.ok) {
			return [];
		}
		try {
			const entries = await fsp.readdir(where.real, { withFileTypes: true });
			return entries.filter((e) => e.isDirectory()).map((e) => e.name);
		} catch {
			return [];
		}
	}

	/**
	 * A directory that resolves outside the root is listed as one entry of its own (its read then
	 * reports "outside the repository"); its contents are never listed.
	 */
	async list(rel: string, recursive: boolean): Promise<string[]> {
		const out: string[] = [];
		const seen = new Set<string>();
		await this.walk(rel, recursive, out, seen);
		return out;
	}

	/** Follows symlinks (as DVC does) but never the same real directory twice: loops end. */
	private async walk(rel: string, recursive: boolean, out: string[], seen: Set<string>): Promise<void> {
		const where = await this.guard.resolve(rel);
		if (!where.ok) {
			if (!where.missing) {
				out.push(rel);
			}
			return;
		}
		if (seen.has(where.real)) {
			return;
		}
		seen.add(where.real);
		let names: string[];
		try {
			names = await fsp.readdir(where.real);
		} catch {
			return;
		}
		for (const name of names.sort()) {
			if (out.length >= MAX_LIST_ENTRIES) {
				return;
			}
			const child = joinPosix(rel, name);
			const st = await fsp.stat(path.join(where.real, name)).catch(() => undefined);
			if (!st) {
				continue;
			}
			if (st.isFile()) {
				out.push(child);
			} else if (recursive && st.isDirectory() && !SKIPPED_DIRS.has(name)) {
				await this.walk(child, recursive, out, seen);
			}
		}
	}
}

/** A project-relative path that climbs above the project (`..`) or is absolute: never read at a commit. */
function leavesProject(rel: string): boolean {
	return climbsOut(rel) || path.posix.isAbsolute(rel);
}

/** Files of one commit, read from git objects; `subdir` maps project-relative paths into the repo. */
export class RevisionSource implements FileSource {
	readonly immutable = true;
	private rootTree: Promise<string | undefined> | undefined;

	constructor(
		private readonly objects: GitObjects,
		readonly sha: string,
		private readonly subdir = '',
	) {}

	private repoPath(rel: string): string {
		return joinPosix(this.subdir, rel);
	}

	private tree(): Promise<string | undefined> {
		this.rootTree ??= this.objects.commit(this.sha).then((c) => c?.tree);
		return this.rootTree;
	}

	async read(rel: string): Promise<Uint8Array | undefined> {
		const r = await this.readResult(rel, Number.MAX_SAFE_INTEGER);
		return r.ok ? r.data : undefined;
	}

	async readResult(rel: string, maxBytes = MAX_STRUCTURED_BYTES): Promise<ReadResult> {
		if (leavesProject(rel)) {
			return { ok: false, missing: false, error: OUTSIDE_REPO };
		}
		const root = await this.tree();
		if (!root) {
			return { ok: false, missing: false, error: `commit ${this.sha} is not readable` };
		}
		const entry = await this.objects.entryAt(root, this.repoPath(rel));
		if (!entry) {
			return { ok: false, missing: true, error: 'not found at this revision' };
		}
		if (entry.kind !== 'blob') {
			return { ok: false, missing: false, error: `is a ${entry.kind}, not a file` };
		}
		const data = await this.objects.blob(entry.sha);
		if (!data) {
			return { ok: false, missing: false, error: `object ${entry.sha} is missing or corrupt` };
		}
		if (data.length > maxBytes) {
			return { ok: false, missing: false, error: `file is too large (${data.length} bytes)` };
		}
		return { ok: true, data };
	}

	async stat(rel: string): Promise<FileStat | undefined> {
		const root = leavesProject(rel) ? undefined : await this.tree();
		const entry = root ? await this.objects.entryAt(root, this.repoPath(rel)) : undefined;
		if (!entry) {
			return undefined;
		}
		if (entry.kind === 'tree') {
			return { size: 0, mtimeMs: 0, isDirectory: true };
		}
		const data = await this.objects.blob(entry.sha);
		return data ? { size: data.length, mtimeMs: 0, isDirectory: false } : undefined;
	}

	async md5(rel: string): Promise<string | undefined> {
		const data = await this.read(rel);
		return data ? md5OfBytes(data) : undefined;
	}

	refusal(rel: string): Promise<string | undefined> {
		return Promise.resolve(leavesProject(rel) ? OUTSIDE_REPO : undefined);
	}

	async listDirs(rel: string): Promise<string[]> {
		const root = leavesProject(rel) ? undefined : await this.tree();
		const entry = root ? await this.objects.entryAt(root, this.repoPath(rel)) : undefined;
		if (entry?.kind !== 'tree') {
			return [];
		}
		const entries = (await this.objects.tree(entry.sha)) ?? [];
		return entries.filter((e) => e.kind === 'tree').map((e) => e.name);
	}

	async list(rel: string, recursive: boolean): Promise<string[]> {
		const root = leavesProject(rel) ? undefined : await this.tree();
		const entry = root ? await this.objects.entryAt(root, this.repoPath(rel)) : undefined;
		const out: string[] = [];
		if (entry?.kind === 'tree') {
			await this.walk(entry.sha, rel, recursive, out);
		}
		return out;
	}

	private async walk(treeSha: string, rel: string, recursive: boolean, out: string[]): Promise<void> {
		for (const e of (await this.objects.tree(treeSha)) ?? []) {
			if (out.length >= MAX_LIST_ENTRIES) {
				return;
			}
			const child = joinPosix(rel, e.name);
			if (e.kind === 'blob' || e.kind === 'link') {
				out.push(child);
			} else if (e.kind === 'tree' && recursive && !SKIPPED_DIRS.has(e.name)) {
				await this.walk(e.sha, child, recursive, out);
			}
		}
	}
}
