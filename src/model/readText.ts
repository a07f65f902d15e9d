import type { FileSource } from './fileSource';
import { decodeStrictSliced } from './decode';
import { NOT_PULLED_MESSAGE } from './notPulled';
import type { FileError } from './types';

/**
 * Reads a structured file. A missing file is an error only when `required` (declared in dvc.yaml:
 * `dvc exp show` then reports FileNotFoundError for it); optional ones (root params.yaml) are absent.
 */
export async function readText(
	source: FileSource,
	file: string,
	errors: FileError[],
	required = false,
): Promise<string | undefined> {
	const r = await source.readResult(file);
	if (r.ok) {
		const text = await decodeStrictSliced(r.data);
		if (!text.ok) {
			errors.push({ file, message: text.error, line: text.line });
		}
		return text.ok ? text.text : undefined;
	}
	if (!r.missing) {
		errors.push({ file, message: r.error });
	} else if (required && r.notPulled) {
		errors.push({ file, message: NOT_PULLED_MESSAGE, notPulled: {} });
	} else if (required) {
		errors.push({ file, message: `No such file or directory: '${file}'` });
	}
	return undefined;
}
