/** UTF-8 text of bytes read from a FileSource (a BOM is left for the parsers to handle). */
export function decode(data: Uint8Array): string {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Like `decode`, but invalid UTF-8 is an error with its 1-based line, as Python's strict
 * `open(encoding="utf-8")` makes DVC fail on such params/metrics files instead of reading U+FFFD.
 */
export function decodeStrict(
	data: Uint8Array,
): { ok: true; text: string } | { ok: false; error: string; line: number } {
	try {
		return { ok: true, text: strict.decode(data) };
	} catch {
		let line = 1;
		let start = 0;
		for (let i = 0; i <= data.length; i++) {
			if (i === data.length || data[i] === 0x0a) {
				try {
					strict.decode(data.subarray(start, i));
				} catch {
					break;
				}
				line++;
				start = i + 1;
			}
		}
		return { ok: false, error: "'utf-8' codec can't decode the file: not valid UTF-8 text", line };
	}
}
