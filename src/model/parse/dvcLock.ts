/**
 * dvc.lock's stage deps (schema `LOCKFILE_SCHEMA` in `dvc/schema.py`, read back by
 * `StageLoader.fill_from_lock` in `dvc/stage/loader.py`). Only what `dvc exp show` reports per dep
 * is kept: the hash, size and file count. DVC 2 entries carry `md5:`; DVC 3 entries add
 * `hash: md5`, which names the field holding the value.
 */
import type { DepInfo, Result } from '../types';
import { fail, ok } from '../types';
import { isPlainObject, parseStructured } from './structured';

export interface DvcLock {
	/** Stage name (`name@item` for foreach/matrix members) -> dep path as written in dvc.yaml -> record. */
	stages: Record<string, Record<string, DepInfo>>;
	/** Entries left out because they do not fit the schema; the rest of the lock is kept. */
	problems: { message: string; line?: number }[];
}

/** `Meta` fields a lock's `hash:` may name (`_compute_hash_info_from_meta` reads the one it names). */
const HASH_FIELDS = new Set(['md5', 'etag', 'checksum']);

export const NO_DEP: DepInfo = Object.freeze({ hash: null, size: null, nfiles: null });

export function parseDvcLock(text: string, file: string): Result<DvcLock> {
	// The YAML reader is chosen by extension; dvc.lock is YAML whatever it is called.
	const parsed = parseStructured(text, `${file}.yaml`);
	if (!parsed.ok) {
		return parsed;
	}
	const doc = parsed.value;
	const lineOf = lineFinder(text);
	if (!isPlainObject(doc) || doc.schema === undefined) {
		return fail(`'${file}': required key not provided: schema`, 1);
	}
	if (doc.schema !== '2.0') {
		return fail(`'${file}': invalid schema version`, lineOf('schema'));
	}
	const lock: DvcLock = { stages: {}, problems: [] };
	if (doc.stages === undefined || doc.stages === null) {
		return ok(lock);
	}
	if (!isPlainObject(doc.stages)) {
		return fail(`'${file}': 'stages' must be a mapping`, lineOf('stages'));
	}
	for (const [name, entry] of Object.entries(doc.stages)) {
		const deps = isPlainObject(entry) ? entry.deps : undefined;
		if (!isPlainObject(entry) || (deps !== undefined && !Array.isArray(deps))) {
			lock.problems.push({ message: `stage '${name}': expected a mapping with a list of deps`, line: lineOf(name) });
			continue;
		}
		setOwn(lock.stages, name, stageDeps(name, (deps ?? []) as unknown[], lock, lineOf));
	}
	return ok(lock);
}

/** Keys are paths and stage names from the file: `__proto__` must stay a key, not a prototype. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
	Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

type LineOf = (key: string) => number | undefined;

function stageDeps(stage: string, deps: unknown[], lock: DvcLock, lineOf: LineOf): Record<string, DepInfo> {
	const out: Record<string, DepInfo> = {};
	for (const dep of deps) {
		if (!isPlainObject(dep) || typeof dep.path !== 'string') {
			lock.problems.push({ message: `stage '${stage}': a dep without a path`, line: lineOf(stage) });
			continue;
		}
		setOwn(out, dep.path, depInfo(dep));
	}
	return out;
}

function depInfo(dep: Record<string, unknown>): DepInfo {
	const field = dep.hash ?? 'md5';
	const hash = typeof field === 'string' && HASH_FIELDS.has(field) ? dep[field] : undefined;
	return {
		hash: typeof hash === 'string' ? hash : null,
		size: count(dep.size),
		nfiles: count(dep.nfiles),
	};
}

function count(v: unknown): number | null {
	return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/**
 * Best-effort line of a key: the first line that starts (after indentation) with it. Lines are
 * indexed once, so a lock full of bad entries costs one pass, not one per entry.
 */
function lineFinder(text: string): LineOf {
	let first: Map<string, number> | undefined;
	return (key) => {
		if (!first) {
			first = new Map();
			text.split('\n').forEach((l, i) => {
				const m = /^\s*(?:'([^']*)'|"([^"]*)"|([^\s:'"][^:]*?))\s*:/.exec(l);
				const k = m?.[1] ?? m?.[2] ?? m?.[3];
				if (k !== undefined && !first!.has(k)) {
					first!.set(k, i + 1);
				}
			});
		}
		return first.get(key);
	};
}
