/**
 * Files of a commit that git does not hold because DVC tracks them (a cached stage out, a `.dvc`
 * file's out): DVC reads those from its cache by the md5 that the commit's dvc.lock (or `.dvc`
 * file) records. We do the same from the workspace cache (`.dvc/cache/files/md5/xx/yyyy`, or
 * DVC 2's `.dvc/cache/xx/yyyy`); with no cache entry the file stays missing, marked `notPulled`
 * when it is (inside) a tracked output: `dvc pull` would fetch it, so it is not a read error.
 */
import * as path from 'node:path';
import { decode } from './decode';
import type { FileSource, FileStat, ReadResult } from './fileSource';
import { joinPosix, MAX_STRUCTURED_BYTES, WorkspaceSource } from './fileSource';
import { isPlainObject, parseStructured } from './parse/structured';

interface LockOut {
	path: string;
	md5: string;
	/** A directory out (`<md5>.dir`): its files are tracked, not readable from here. */
	dir: boolean;
}

const MD5_RE = /^[0-9a-f]{32}(\.dir)?$/;

function outsOf(entries: unknown, dir: string, out: LockOut[]): void {
	if (!Array.isArray(entries)) {
		return;
	}
	for (const o of entries) {
		if (!isPlainObject(o) || typeof o.path !== 'string' || typeof o.md5 !== 'string' || !MD5_RE.test(o.md5)) {
			continue;
		}
		const md5 = o.md5.replace(/\.dir$/, '');
		out.push({ path: joinPosix(dir, o.path.replace(/\/+$/, '')), md5, dir: md5 !== o.md5 });
	}
}

export class DvcCacheSource implements FileSource {
	private readonly locks = new Map<string, Promise<LockOut[]>>();
	readonly immutable: boolean | undefined;
	/** Cache objects are read like any workspace file: a cache entry symlinked out of the root is refused. */
	private readonly cache: WorkspaceSource;

	constructor(
		private readonly inner: FileSource,
		/** Absolute DVC root whose `.dvc/cache` holds the objects. */
		dvcRoot: string,
	) {
		this.immutable = inner.immutable;
		this.cache = new WorkspaceSource(dvcRoot);
	}

	read(file: string): Promise<Uint8Array | undefined> {
		return this.readResult(file, Number.MAX_SAFE_INTEGER).then((r) => (r.ok ? r.data : undefined));
	}

	async readResult(file: string, maxBytes = MAX_STRUCTURED_BYTES): Promise<ReadResult> {
		const r = await this.inner.readResult(file, maxBytes);
		if (r.ok || !r.missing) {
			return r;
		}
		const cached = await this.cachePath(file);
		if (!cached) {
			return (await this.isTrackedOut(file)) ? { ...r, notPulled: true } : r;
		}
		const hit = await this.cache.readResult(cached, maxBytes);
		return hit.ok || !hit.missing ? hit : r;
	}

	list(dir: string, recursive: boolean): Promise<string[]> {
		return this.inner.list(dir, recursive);
	}

	listDirs(dir: string): Promise<string[]> {
		return this.inner.listDirs(dir);
	}

	async stat(file: string): Promise<FileStat | undefined> {
		const st = await this.inner.stat?.(file);
		if (st) {
			return st;
		}
		const cached = await this.cachePath(file);
		const hit = cached ? await this.cache.stat(cached) : undefined;
		return hit && !hit.isDirectory ? { size: hit.size, mtimeMs: 0, isDirectory: false } : undefined;
	}

	refusal(file: string): Promise<string | undefined> {
		return this.inner.refusal?.(file) ?? Promise.resolve(undefined);
	}

	async md5(file: string): Promise<string | undefined> {
		if (await this.refusal(file)) {
			return undefined;
		}
		return (await this.inner.md5?.(file)) ?? (await this.recordedMd5(file));
	}

	/** The md5 the revision's dvc.lock files (in `file`'s ancestor dirs) or `<file>.dvc` record. */
	private async recordedMd5(file: string): Promise<string | undefined> {
		for (const lock of [...ancestors(file).map((d) => joinPosix(d, 'dvc.lock')), `${file}.dvc`]) {
			const hit = (await this.outs(lock)).find((o) => o.path === file && !o.dir);
			if (hit) {
				return hit.md5;
			}
		}
		return undefined;
	}

	/** `file` is an output, or inside a directory output, of a dvc.lock or `.dvc` file of this revision. */
	async isTrackedOut(file: string): Promise<boolean> {
		const within = (o: LockOut): boolean => o.path === file || file.startsWith(`${o.path}/`);
		const dotDvc = [file, ...ancestors(file).filter((d) => d !== '')].map((p) => `${p}.dvc`);
		for (const lock of [...ancestors(file).map((d) => joinPosix(d, 'dvc.lock')), ...dotDvc]) {
			if ((await this.outs(lock)).some(within)) {
				return true;
			}
		}
		return false;
	}

	private async cachePath(file: string): Promise<string | undefined> {
		const md5 = await this.recordedMd5(file);
		if (!md5) {
			return undefined;
		}
		const v3 = `.dvc/cache/files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`;
		const v2 = `.dvc/cache/${md5.slice(0, 2)}/${md5.slice(2)}`;
		for (const rel of [v3, v2]) {
			// A refused entry (symlinked out of the root) is returned too: its read reports why.
			const st = await this.cache.stat(rel);
			if ((st && !st.isDirectory) || (await this.cache.refusal(rel))) {
				return rel;
			}
		}
		return undefined;
	}

	private outs(file: string): Promise<LockOut[]> {
		let hit = this.locks.get(file);
		if (!hit) {
			hit = this.readOuts(file);
			this.locks.set(file, hit);
		}
		return hit;
	}

	private async readOuts(file: string): Promise<LockOut[]> {
		const r = await this.inner.readResult(file);
		if (!r.ok) {
			return [];
		}
		const parsed = parseStructured(decode(r.data), `${file}.yaml`);
		if (!parsed.ok || !isPlainObject(parsed.value)) {
			return [];
		}
		const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
		const out: LockOut[] = [];
		outsOf(parsed.value.outs, dir, out);
		const stages = isPlainObject(parsed.value.stages) ? parsed.value.stages : {};
		for (const stage of Object.values(stages)) {
			if (isPlainObject(stage)) {
				for (const key of ['outs', 'metrics', 'plots']) {
					outsOf(stage[key], dir, out);
				}
			}
		}
		return out;
	}
}

/** `file`'s ancestor directories, nearest first, ending with the root (''). */
function ancestors(file: string): string[] {
	const dirs: string[] = [];
	for (let d = path.posix.dirname(file); ; d = path.posix.dirname(d)) {
		dirs.push(d === '.' || d === '/' ? '' : d);
		if (d === '.' || d === '/' || d === '') {
			break;
		}
	}
	return dirs;
}
