/** CSV record reading shared by the incremental table reader and the plot-data loader. */

export const QUOTE = 34;

export interface Record_ {
	cells: string[];
	next: number;
	lines: number;
}

/** Python csv semantics: a quote opens quoting only at field start; `""` inside quotes is one quote. */
export function readQuotedRecord(s: string, pos: number, delim: number): Record_ | undefined {
	const cells: string[] = [];
	let cell = '';
	let lines = 1;
	let i = pos;
	let quoted = false;
	let fieldStart = true;
	for (; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (quoted) {
			if (c !== QUOTE) {
				if (c === 10) {
					lines++;
				}
				cell += s[i];
			} else if (s.charCodeAt(i + 1) === QUOTE) {
				cell += '"';
				i++;
			} else {
				quoted = false;
			}
			continue;
		}
		if (c === QUOTE && fieldStart) {
			quoted = true;
		} else if (c === delim) {
			cells.push(cell);
			cell = '';
			fieldStart = true;
		} else if (c === 10 || (c === 13 && s.charCodeAt(i + 1) === 10)) {
			break;
		} else {
			cell += s[i];
			fieldStart = false;
		}
		if (c === QUOTE) {
			fieldStart = false;
		}
	}
	if (quoted || i >= s.length) {
		return undefined;
	}
	cells.push(cell);
	return { cells, next: s.charCodeAt(i) === 13 ? i + 2 : i + 1, lines };
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}
