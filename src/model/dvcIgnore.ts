/**
 * The project-root `.dvcignore` (gitignore syntax): DVC never loads dvc.yaml files or expands
 * metric directories under ignored paths. Supported: comments, blank lines, `dir/`, anchored
 * `/path`, `*`, `?`, `**`, `[...]` and `!` re-inclusion (last match wins). Nested `.dvcignore`
 * files in subdirectories are not read.
 */
import { decode } from './decode';
import type { FileSource } from './fileSource';

interface Rule {
	re: RegExp;
	negate: boolean;
	dirOnly: boolean;
}

function globToRegex(glob: string): string {
	let out = '';
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i];
		if (c === '*' && glob[i + 1] === '*') {
			const slash = glob[i + 2] === '/';
			out += slash ? '(?:.*/)?' : '.*';
			i += slash ? 2 : 1;
		} else if (c === '*') {
			out += '[^/]*';
		} else if (c === '?') {
			out += '[^/]';
		} else if (c === '[') {
			const end = glob.indexOf(']', i + 1);
			if (end < 0) {
				out += '\\[';
			} else {
				out += `[${glob
					.slice(i + 1, end)
					.replace(/^!/, '^')
					.replace(/\\/g, '\\\\')}]`;
				i = end;
			}
		} else {
			out += c.replace(/[.+^${}()|\\]/g, '\\$&');
		}
	}
	return out;
}

export function parseDvcIgnore(text: string): Rule[] {
	const rules: Rule[] = [];
	for (const raw of text.split(/\r?\n/)) {
		let line = raw.replace(/(?<!\\)\s+$/, '');
		if (!line || line.startsWith('#')) {
			continue;
		}
		const negate = line.startsWith('!');
		if (negate) {
			line = line.slice(1);
		}
		const dirOnly = line.endsWith('/');
		if (dirOnly) {
			line = line.replace(/\/+$/, '');
		}
		const anchored = line.includes('/');
		const body = globToRegex(line.replace(/^\//, ''));
		rules.push({ re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negate, dirOnly });
	}
	return rules;
}

/** True when `file` (project-relative, POSIX) or one of its parent directories is ignored. */
export function isIgnored(rules: readonly Rule[], file: string): boolean {
	if (rules.length === 0) {
		return false;
	}
	const parts = file.split('/');
	for (let n = 1; n <= parts.length; n++) {
		const p = parts.slice(0, n).join('/');
		const isDir = n < parts.length;
		let ignored = false;
		for (const r of rules) {
			if ((!r.dirOnly || isDir) && r.re.test(p)) {
				ignored = !r.negate;
			}
		}
		if (ignored) {
			return true;
		}
	}
	return false;
}

export async function readDvcIgnore(source: FileSource): Promise<Rule[]> {
	const r = await source.readResult('.dvcignore', 1024 * 1024);
	return r.ok ? parseDvcIgnore(decode(r.data)) : [];
}
