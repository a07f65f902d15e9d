import { yieldToLoop } from '../util/slice';

/** Decoded at a time by decodeStrictSliced: about 1–5 ms. */
const SLICE_BYTES = 1024 * 1024;

export type Decoded = { ok: true; text: string } | { ok: false; error: string; line: number };

/** UTF-8 text of bytes read from a FileSource (a BOM is left for the parsers to handle). */
export function decode(data: Uint8Array): string {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Like `decode`, but invalid UTF-8 is an error with its 1-based line, as Python's strict
 * `open(encoding="utf-8")` makes DVC fail on such params/metrics files instead of reading U+FFFD.
 */
export function decodeStrict(data: Uint8Array): Decoded {
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

/** Where a slice ending near `end` must end so that no UTF-8 character is cut: before a lead byte. */
function charBoundary(data: Uint8Array, end: number): number {
	let at = end;
	// Continuation bytes are 0b10xxxxxx; a character has at most 3 of them.
	while (at < data.length && at > end - 4 && (data[at] & 0xc0) === 0x80) {
		at--;
	}
	return (data[at] & 0xc0) === 0x80 ? end : at;
}

/**
 * decodeStrict for files of any size without a long block: a big file is decoded a slice at a
 * time with a yield between (one 8 MB decode took up to 40 ms on a loaded machine). Slices end at
 * character boundaries and are decoded whole: a streaming decode takes Node's slow path (~100 ms
 * per MB). Same text, and the same error: a failed decode is redone by decodeStrict for the line.
 */
export async function decodeStrictSliced(data: Uint8Array): Promise<Decoded> {
	if (data.length <= SLICE_BYTES) {
		return decodeStrict(data);
	}
	const parts: string[] = [];
	try {
		for (let at = 0; at < data.length;) {
			const end = charBoundary(data, Math.min(at + SLICE_BYTES, data.length));
			parts.push(strict.decode(data.subarray(at, end)));
			at = end;
			await yieldToLoop();
		}
	} catch {
		return decodeStrict(data);
	}
	const text = parts.join('');
	// Joining copies the whole text: the caller's next step (posting it to the parse worker copies
	// it again) gets a turn of its own.
	await yieldToLoop();
	return { ok: true, text };
}
