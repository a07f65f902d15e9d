/**
 * Parse results memoised by file name and exact text: experiments of one baseline share most of
 * their dvc.yaml and params text, and YAML parsing dominates a cold read of many revisions.
 * Results are shared, so callers must not mutate them. All but small files are parsed in the parse
 * worker (parsePool.ts) so they never block the event loop; files over 64 kB are not cached.
 */
import type { DvcLock } from './parse/dvcLock';
import type { DvcYamlOptions, DvcYamlSpec } from './parse/dvcYaml';
import { parseAsync, wasInterrupted } from './parse/parsePool';
import type { FlatValues, ParamValue, Result } from './types';
import { ok } from './types';

const MAX_ENTRIES = 500;
/** Big files are rarely shared and would pin memory: parse them every time. */
const MAX_TEXT = 64 * 1024;
/** Promises, so that revisions read side by side share one parse of the same text. */
const cache = new Map<string, Promise<unknown>>();

function memo<T>(kind: string, file: string, text: string, extra: string, fn: () => Promise<T>): Promise<T> {
	if (text.length > MAX_TEXT) {
		return fn();
	}
	const key = `${kind}\0${file}\0${extra}\0${text}`;
	const hit = cache.get(key);
	if (hit) {
		return hit as Promise<T>;
	}
	const value = fn().then((result) => {
		// A parse cut short (worker stopped with its model, or crashed) is no answer for the next read.
		if (wasInterrupted(result)) {
			cache.delete(key);
		}
		return result;
	});
	if (cache.size >= MAX_ENTRIES) {
		cache.delete(cache.keys().next().value as string);
	}
	cache.set(key, value);
	return value;
}

export function cachedParams(text: string, file: string): Promise<Result<Record<string, ParamValue>>> {
	return memo('params', file, text, '', () => parseAsync({ kind: 'params', text, file }));
}

/**
 * Metrics (and whole params files) come back flattened, ready for the revision's data: walking a
 * big tree blocks too. A cached record is copied so that no two revisions share one object.
 */
export async function cachedMetrics(text: string, file: string): Promise<Result<FlatValues>> {
	const r = await memo('metrics', file, text, '', () => parseAsync({ kind: 'metrics', text, file }));
	return r.ok && text.length <= MAX_TEXT ? ok({ ...r.value }) : r;
}

export async function cachedFlatParams(text: string, file: string): Promise<Result<FlatValues>> {
	const r = await memo('flatParams', file, text, '', () => parseAsync({ kind: 'flatParams', text, file }));
	return r.ok && text.length <= MAX_TEXT ? ok({ ...r.value }) : r;
}

export function cachedDvcYaml(text: string, file: string, opts: DvcYamlOptions): Promise<Result<DvcYamlSpec>> {
	const extra = JSON.stringify(opts.params ?? null);
	return memo('dvcyaml', file, text, extra, () => parseAsync({ kind: 'dvcyaml', text, file, opts }));
}

export function cachedDvcLock(text: string, file: string): Promise<Result<DvcLock>> {
	return memo('dvclock', file, text, '', () => parseAsync({ kind: 'dvclock', text, file }));
}
