/** UTF-8 text of bytes read from a FileSource (a BOM is left for the parsers to handle). */
export function decode(data: Uint8Array): string {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}
