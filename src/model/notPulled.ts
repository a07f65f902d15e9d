/**
 * DVC-tracked outputs that are not pulled (neither in the workspace nor in the local cache) are a
 * state, not an error: they are marked as such, with the project's default remote so the view can
 * say where `dvc pull` fetches them from.
 */
import { decode } from './decode';
import type { FileSource } from './fileSource';
import type { FileError } from './types';

/** The message of a not-pulled output, in place of "No such file or directory". */
export const NOT_PULLED_MESSAGE = 'not pulled: a DVC-tracked output that is not in the workspace or the local cache';

/** `core.remote` of DVC config texts (configobj/INI), later texts winning (`config.local` after `config`). */
export function defaultRemote(texts: readonly string[]): string | undefined {
	let remote: string | undefined;
	for (const text of texts) {
		let section = '';
		for (const raw of text.split(/\r?\n/)) {
			const line = raw.trim();
			const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
			if (header) {
				section = header[1].replace(/^'|'$/g, '').toLowerCase();
			} else if (section === 'core') {
				const kv = /^remote\s*=\s*(.*?)\s*$/i.exec(line);
				if (kv) {
					remote = kv[1].replace(/^(['"])(.*)\1$/, '$2') || undefined;
				}
			}
		}
	}
	return remote;
}

/** Gives every not-pulled error of a revision the remote its DVC config names. */
export async function addRemote(source: FileSource, errors: FileError[]): Promise<void> {
	const marked = errors.filter((e) => e.notPulled);
	if (marked.length === 0) {
		return;
	}
	const texts: string[] = [];
	for (const file of ['.dvc/config', '.dvc/config.local']) {
		const r = await source.readResult(file, 1024 * 1024);
		if (r.ok) {
			texts.push(decode(r.data));
		}
	}
	const remote = defaultRemote(texts);
	for (const e of marked) {
		e.notPulled = remote ? { remote } : {};
	}
}
