/** Python string literal escapes (`\n`, `\x41`, `\u00e9`, octal, line continuation). */
/** A value `ast.literal_eval` would reject (or one with no JSON form): the assignment is skipped. */
export class NotLiteral extends Error {}

const SIMPLE_ESCAPES: Record<string, string> = {
	'\n': '',
	'\\': '\\',
	"'": "'",
	'"': '"',
	a: '\x07',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
	v: '\v',
};

/** Python string escapes; unknown escapes keep their backslash, as Python does. */
export function unescape(body: string, bytes: boolean): string {
	let out = '';
	let i = 0;
	while (i < body.length) {
		const slash = body.indexOf('\\', i);
		if (slash < 0) {
			return out + body.slice(i);
		}
		out += body.slice(i, slash);
		const [text, next] = escapeAt(body, slash + 1, bytes);
		out += text;
		i = next;
	}
	return out;
}

function escapeAt(body: string, i: number, bytes: boolean): [string, number] {
	const c = body[i];
	if (c === undefined) {
		return ['\\', i];
	}
	if (c === '\r') {
		return ['', body[i + 1] === '\n' ? i + 2 : i + 1];
	}
	if (c in SIMPLE_ESCAPES) {
		return [SIMPLE_ESCAPES[c], i + 1];
	}
	if (/[0-7]/.test(c)) {
		const digits = /^[0-7]{1,3}/.exec(body.slice(i, i + 3))![0];
		return [String.fromCharCode(parseInt(digits, 8) & (bytes ? 0xff : 0x1ff)), i + digits.length];
	}
	const want = c === 'x' ? 2 : bytes ? 0 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
	if (want === 0) {
		if (c === 'N' && !bytes) {
			throw new NotLiteral('\\N{...} escapes are not supported');
		}
		return ['\\' + c, i + 1];
	}
	const hex = body.slice(i + 1, i + 1 + want);
	if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== want) {
		throw new NotLiteral('truncated escape');
	}
	const code = parseInt(hex, 16);
	if (code > 0x10ffff) {
		throw new NotLiteral('illegal Unicode character');
	}
	return [String.fromCodePoint(code), i + 1 + want];
}
