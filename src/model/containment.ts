/**
 * Keeps every workspace read inside the project root. A cloned repository decides which paths
 * Runlens opens (dvc.yaml paths with `..`, absolute paths, symlinks committed into the tree), so a
 * path is allowed only when its real path (all symlinks resolved) is inside the root's real path,
 * as DVC refuses paths outside the repository. The root's real path is resolved once; each path is
 * resolved on every open, so a symlink re-pointed outside later is caught on the next read.
 */
import { promises as fsp, realpathSync } from 'node:fs';
import * as path from 'node:path';

export const OUTSIDE_REPO = 'outside the repository';

export type Resolved = { ok: true; real: string } | { ok: false; missing: boolean; error: string };

/** True when `abs` is `root` or below it (both absolute, already normalised). */
export function isInside(abs: string, root: string): boolean {
	return abs === root || abs.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** `..` segments left after normalising, or an absolute path: the path names something outside `root`. */
export function climbsOut(rel: string): boolean {
	const norm = path.posix.normalize(rel);
	return norm === '..' || norm.startsWith('../');
}

export class Containment {
	private realRoot: Promise<string> | undefined;

	constructor(readonly root: string) {}

	private rootReal(): Promise<string> {
		// A root that cannot be resolved (not there yet) is compared as given; every path under it fails anyway.
		this.realRoot ??= fsp.realpath(this.root).catch(() => path.resolve(this.root));
		return this.realRoot;
	}

	/** Absolute path of a root-relative POSIX path (or of an absolute one), undefined when it climbs out lexically. */
	lexical(rel: string): string | undefined {
		const root = path.resolve(this.root);
		const abs = path.posix.isAbsolute(rel) ? path.resolve(rel) : path.resolve(root, ...rel.split('/'));
		return isInside(abs, root) ? abs : undefined;
	}

	/** The real path of `rel` when it is inside the root; an "outside the repository" error otherwise. */
	async resolve(rel: string): Promise<Resolved> {
		const abs = this.lexical(rel);
		return abs === undefined ? outside() : this.resolveAbs(abs);
	}

	/** Like `resolve`, for an absolute path (a live table's file, an example's image). */
	async resolveAbs(abs: string): Promise<Resolved> {
		if (!isInside(path.resolve(abs), path.resolve(this.root))) {
			return outside();
		}
		let real: string;
		try {
			real = await fsp.realpath(abs);
		} catch (err) {
			const e = err as NodeJS.ErrnoException;
			const missing = e?.code === 'ENOENT' || e?.code === 'ENOTDIR';
			return { ok: false, missing, error: e?.code ? `${e.code}: ${e.message}` : String(err) };
		}
		return isInside(real, await this.rootReal()) ? { ok: true, real } : outside();
	}
}

function outside(): Resolved {
	return { ok: false, missing: false, error: OUTSIDE_REPO };
}

/**
 * For callers that must answer synchronously and cache the answer (an example table's image cells):
 * true when `abs` exists and its real path is inside `root`'s real path.
 */
export function existsInsideSync(abs: string, root: string): boolean {
	try {
		return isInside(realpathSync.native(abs), realpathSync.native(root));
	} catch {
		return false;
	}
}
