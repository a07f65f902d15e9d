/**
 * Parse results memoised by file name and exact text: experiments of one baseline share most of
 * their dvc.yaml and params text, and YAML parsing dominates a cold read of many revisions.
 * Results are shared, so callers must not mutate them.
 */
import type { DvcYamlOptions, DvcYamlSpec } from './parse/dvcYaml';
import { parseDvcYaml } from './parse/dvcYaml';
import { parseMetricsFile, parseParamsFile } from './parse/structured';
import type { ParamValue, Result } from './types';

const MAX_ENTRIES = 500;
/** Big files are rarely shared and would pin memory: parse them every time. */
const MAX_TEXT = 64 * 1024;
const cache = new Map<string, unknown>();

function memo<T>(kind: string, file: string, text: string, extra: string, fn: () => T): T {
	if (text.length > MAX_TEXT) {
		return fn();
	}
	const key = `${kind}\0${file}\0${extra}\0${text}`;
	if (cache.has(key)) {
		return cache.get(key) as T;
	}
	const value = fn();
	if (cache.size >= MAX_ENTRIES) {
		cache.delete(cache.keys().next().value as string);
	}
	cache.set(key, value);
	return value;
}

export function cachedParams(text: string, file: string): Result<Record<string, ParamValue>> {
	return memo('params', file, text, '', () => parseParamsFile(text, file));
}

export function cachedMetrics(text: string, file: string): Result<Record<string, ParamValue>> {
	return memo('metrics', file, text, '', () => parseMetricsFile(text, file));
}

export function cachedDvcYaml(text: string, file: string, opts: DvcYamlOptions): Result<DvcYamlSpec> {
	return memo('dvcyaml', file, text, JSON.stringify(opts.params ?? null), () => parseDvcYaml(text, file, opts));
}
