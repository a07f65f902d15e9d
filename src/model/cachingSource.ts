/**
 * A FileSource over the working tree whose answers are cached until the watcher says a path
 * changed: a workspace re-collect then re-reads only touched files.
 */
import type { FileSource, FileStat, ReadResult } from './fileSource';
import { WorkspaceSource } from './fileSource';

export class CachingSource implements FileSource {
	private readonly cache = new Map<string, { path: string; value: Promise<unknown> }>();
	readonly inner: WorkspaceSource;

	constructor(root: string) {
		this.inner = new WorkspaceSource(root);
	}

	private memo<T>(op: string, path: string, fn: () => Promise<T>): Promise<T> {
		const key = `${op}\0${path}`;
		const hit = this.cache.get(key);
		if (hit) {
			return hit.value as Promise<T>;
		}
		const value = fn();
		this.cache.set(key, { path, value });
		return value;
	}

	/** Forgets `rel`, everything under it and every listing of a directory above it. */
	invalidate(rel: string): void {
		for (const [key, entry] of this.cache) {
			const p = entry.path;
			if (p === rel || p === '' || rel.startsWith(`${p}/`) || p.startsWith(`${rel}/`)) {
				this.cache.delete(key);
			}
		}
	}

	clear(): void {
		this.cache.clear();
	}

	read(path: string): Promise<Uint8Array | undefined> {
		return this.readResult(path, Number.MAX_SAFE_INTEGER).then((r) => (r.ok ? r.data : undefined));
	}

	readResult(path: string, maxBytes?: number): Promise<ReadResult> {
		// Only small structured reads are cached; big payloads (images, artifacts) go straight through.
		if (maxBytes === undefined) {
			return this.memo('read', path, () => this.inner.readResult(path));
		}
		return this.inner.readResult(path, maxBytes);
	}

	list(dir: string, recursive: boolean): Promise<string[]> {
		return this.memo(recursive ? 'listr' : 'list', dir, () => this.inner.list(dir, recursive));
	}

	listDirs(dir: string): Promise<string[]> {
		return this.memo('dirs', dir, () => this.inner.listDirs(dir));
	}

	stat(path: string): Promise<FileStat | undefined> {
		return this.memo('stat', path, () => this.inner.stat(path));
	}

	md5(path: string): Promise<string | undefined> {
		return this.memo('md5', path, () => this.inner.md5(path));
	}

	refusal(path: string): Promise<string | undefined> {
		return this.memo('refusal', path, () => this.inner.refusal(path));
	}
}
