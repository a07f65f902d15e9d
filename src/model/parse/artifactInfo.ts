/**
 * Artifact facts: md5 as DVC 3 records it and a MIME type by extension. DVC 3 (`hash: md5` in
 * .dvc/dvc.lock) hashes the plain file content (dvc-data `file_md5` with name `md5`); only legacy
 * DVC 2 entries (`md5-dos2unix`) normalised CRLF in text files first, see `md5OfBytesDos2Unix`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function md5OfBytes(bytes: Uint8Array): string {
	return createHash('md5').update(bytes).digest('hex');
}

/** Streams the file: artifacts (models) can be gigabytes. */
export function md5OfFile(path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const hash = createHash('md5');
		createReadStream(path)
			.on('data', (chunk) => hash.update(chunk))
			.on('error', reject)
			.on('end', () => resolve(hash.digest('hex')));
	});
}

/**
 * Legacy `md5-dos2unix` (DVC 2): a file whose first 512 bytes look like text (dvc-data's
 * `istextblock`) is hashed with CRLF turned into LF; binary files hash as they are.
 */
export function md5OfBytesDos2Unix(bytes: Uint8Array): string {
	if (!isTextBlock(bytes.subarray(0, 512))) {
		return md5OfBytes(bytes);
	}
	const out: number[] = [];
	for (let i = 0; i < bytes.length; i++) {
		if (!(bytes[i] === 13 && bytes[i + 1] === 10)) {
			out.push(bytes[i]);
		}
	}
	return md5OfBytes(Uint8Array.from(out));
}

/** dvc-data's `TEXT_CHARS = bytes(range(32, 127)) + b"\n\r\t\f\b"`. */
const TEXT_CHARS = new Set<number>([8, 9, 10, 12, 13, ...Array.from({ length: 127 - 32 }, (_v, i) => i + 32)]);

/** dvc-data `istextblock`: no NUL, and under 30% of bytes outside the text set. */
export function isTextBlock(block: Uint8Array): boolean {
	if (block.length === 0) {
		return true;
	}
	let nontext = 0;
	for (const b of block) {
		if (b === 0) {
			return false;
		}
		if (!TEXT_CHARS.has(b)) {
			nontext++;
		}
	}
	return nontext / block.length <= 0.3;
}

const MIME: Record<string, string> = {
	pt: 'application/x-pytorch',
	pth: 'application/x-pytorch',
	ckpt: 'application/octet-stream',
	bin: 'application/octet-stream',
	pkl: 'application/x-python-pickle',
	pickle: 'application/x-python-pickle',
	joblib: 'application/x-python-pickle',
	onnx: 'application/onnx',
	h5: 'application/x-hdf5',
	hdf5: 'application/x-hdf5',
	keras: 'application/x-keras',
	safetensors: 'application/x-safetensors',
	pb: 'application/x-protobuf',
	tflite: 'application/x-tflite',
	gguf: 'application/x-gguf',
	npy: 'application/x-npy',
	npz: 'application/x-npz',
	json: 'application/json',
	jsonl: 'application/x-ndjson',
	yaml: 'application/yaml',
	yml: 'application/yaml',
	toml: 'application/toml',
	csv: 'text/csv',
	tsv: 'text/tab-separated-values',
	txt: 'text/plain',
	md: 'text/markdown',
	html: 'text/html',
	parquet: 'application/vnd.apache.parquet',
	arrow: 'application/vnd.apache.arrow.file',
	feather: 'application/vnd.apache.arrow.file',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	svg: 'image/svg+xml',
	webp: 'image/webp',
	zip: 'application/zip',
	gz: 'application/gzip',
	tar: 'application/x-tar',
};

export function mimeOf(path: string): string {
	const base = path.slice(path.lastIndexOf('/') + 1);
	const dot = base.lastIndexOf('.');
	return (dot > 0 && MIME[base.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
