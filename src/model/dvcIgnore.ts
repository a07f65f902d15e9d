/**
 * The project-root `.dvcignore`: gitignore syntax, which DVC matches with pathspec's gitwildmatch.
 * The `ignore` package implements the same gitignore rules (anchoring, `dir/`, `**`, `!`
 * re-inclusion, last match wins, an ignored directory hides everything below it). DVC never loads
 * dvc.yaml files or expands metric directories under ignored paths. Nested `.dvcignore` files in
 * subdirectories are not read.
 */
import ignore, { type Ignore } from 'ignore';
import { decode } from './decode';
import type { FileSource } from './fileSource';

export type DvcIgnore = Ignore;

export function parseDvcIgnore(text: string): DvcIgnore {
	return ignore().add(text);
}

/** True when `file` (project-relative, POSIX) or one of its parent directories is ignored. */
export function isIgnored(rules: DvcIgnore, file: string): boolean {
	return file !== '' && rules.ignores(file);
}

export async function readDvcIgnore(source: FileSource): Promise<DvcIgnore> {
	const r = await source.readResult('.dvcignore', 1024 * 1024);
	return parseDvcIgnore(r.ok ? decode(r.data) : '');
}
