/**
 * `ast.literal_eval` over Python tokens: str/bytes (with implicit concatenation), numbers (signed),
 * True/False/None, list/tuple/set/dict displays and `set()`. Anything else is "not a literal".
 * Complex numbers and `...` are literals in Python but have no JSON form, so they count as not literal.
 */
import type { ParamValue } from '../types';
import { NotLiteral, unescape } from './pyEscapes';

export { NotLiteral };
import type { PyToken } from './pyTokens';

/** Python's repr-ish dict key text: `json.dumps` turns int/float/bool/None keys into strings this way. */
function keyText(k: ParamValue): string {
	if (typeof k === 'string') {
		return k;
	}
	if (k === null) {
		return 'null';
	}
	if (typeof k === 'boolean') {
		return k ? 'true' : 'false';
	}
	if (typeof k === 'number') {
		return pyFloatKey(k);
	}
	throw new NotLiteral('unhashable key');
}

function pyFloatKey(n: number): string {
	if (Number.isNaN(n)) {
		return 'NaN';
	}
	if (!Number.isFinite(n)) {
		return n > 0 ? 'Infinity' : '-Infinity';
	}
	return String(n);
}

export class LiteralParser {
	private i = 0;
	constructor(private readonly toks: PyToken[]) {}

	/** Parses the whole token list as one literal expression (a bare `a, b` is a tuple). */
	parseAll(): ParamValue {
		const v = this.exprList(() => this.atEnd());
		if (!this.atEnd()) {
			throw new NotLiteral('trailing tokens');
		}
		return v;
	}

	private atEnd(): boolean {
		return this.i >= this.toks.length;
	}

	private peekOp(text: string): boolean {
		const t = this.toks[this.i];
		return t !== undefined && t.kind === 'op' && t.text === text;
	}

	private expectOp(text: string): void {
		if (!this.peekOp(text)) {
			throw new NotLiteral(`expected ${text}`);
		}
		this.i++;
	}

	/** Comma-separated expressions; a trailing comma or more than one item makes a tuple. */
	private exprList(isEnd: () => boolean): ParamValue {
		const items: ParamValue[] = [];
		let comma = false;
		while (!isEnd()) {
			items.push(this.value());
			if (!this.peekOp(',')) {
				break;
			}
			this.i++;
			comma = true;
		}
		if (items.length === 1 && !comma) {
			return items[0];
		}
		if (items.length === 0) {
			throw new NotLiteral('empty expression');
		}
		return items;
	}

	value(): ParamValue {
		const t = this.toks[this.i];
		if (t === undefined) {
			throw new NotLiteral('unexpected end');
		}
		if (t.kind === 'string') {
			return this.strings();
		}
		if (t.kind === 'number') {
			return (this.i++, parseNumber(t.text));
		}
		if (t.kind === 'name') {
			return this.name(t.text);
		}
		if (t.text === '-' || t.text === '+') {
			return this.signed(t.text);
		}
		if (t.text === '(') {
			return this.paren();
		}
		if (t.text === '[') {
			return (this.i++, this.sequence(']'));
		}
		if (t.text === '{') {
			return (this.i++, this.braces());
		}
		throw new NotLiteral(`unexpected ${t.text}`);
	}

	private name(text: string): ParamValue {
		this.i++;
		if (text === 'True') {
			return true;
		}
		if (text === 'False') {
			return false;
		}
		if (text === 'None') {
			return null;
		}
		if (text === 'set' && this.peekOp('(')) {
			this.i++;
			this.expectOp(')');
			return [];
		}
		throw new NotLiteral(`name ${text}`);
	}

	/** literal_eval allows one sign directly on a numeric constant only (`-(5)` is the same AST). */
	private signed(sign: string): ParamValue {
		this.i++;
		let open = 0;
		while (this.peekOp('(')) {
			this.i++;
			open++;
		}
		const t = this.toks[this.i];
		if (t?.kind !== 'number') {
			throw new NotLiteral('sign on non-number');
		}
		this.i++;
		for (; open > 0; open--) {
			this.expectOp(')');
		}
		const n = parseNumber(t.text);
		return sign === '-' ? -n : n;
	}

	private paren(): ParamValue {
		this.i++;
		if (this.peekOp(')')) {
			return (this.i++, []);
		}
		const v = this.exprList(() => this.peekOp(')'));
		this.expectOp(')');
		return v;
	}

	private sequence(close: string): ParamValue[] {
		const items: ParamValue[] = [];
		while (!this.peekOp(close)) {
			items.push(this.value());
			if (!this.peekOp(',')) {
				break;
			}
			this.i++;
		}
		this.expectOp(close);
		return items;
	}

	private braces(): ParamValue {
		if (this.peekOp('}')) {
			return (this.i++, {});
		}
		const first = this.value();
		if (!this.peekOp(':')) {
			const rest = this.peekOp(',') ? (this.i++, this.sequence('}')) : (this.expectOp('}'), []);
			return dedupe([first, ...rest]);
		}
		const out: Record<string, ParamValue> = {};
		let key: ParamValue = first;
		for (;;) {
			this.expectOp(':');
			const k = keyText(key);
			out[k] = this.value();
			if (this.peekOp(',')) {
				this.i++;
			}
			if (this.peekOp('}')) {
				break;
			}
			key = this.value();
		}
		this.i++;
		return out;
	}

	private strings(): ParamValue {
		let kind: 'str' | 'bytes' | undefined;
		let out = '';
		for (let t = this.toks[this.i]; t?.kind === 'string'; t = this.toks[++this.i]) {
			const p = t.prefix.toLowerCase();
			if (p.includes('f')) {
				throw new NotLiteral('f-string');
			}
			const k = p.includes('b') ? 'bytes' : 'str';
			if (kind !== undefined && kind !== k) {
				throw new NotLiteral('cannot mix bytes and nonbytes literals');
			}
			kind = k;
			out += p.includes('r') ? t.body : unescape(t.body, k === 'bytes');
		}
		return out;
	}
}

function dedupe(items: ParamValue[]): ParamValue[] {
	const seen = new Set<string>();
	return items.filter((v) => {
		const key = JSON.stringify(v === true ? 1 : v === false ? 0 : v);
		if (seen.has(key)) {
			return false;
		}
		seen.add(key);
		return true;
	});
}

export function parseNumber(text: string): number {
	const s = text.replace(/_/g, '');
	if (/[jJ]$/.test(s)) {
		throw new NotLiteral('complex');
	}
	if (/^0[xX]/.test(s)) {
		return parseInt(s.slice(2), 16);
	}
	if (/^0[oO]/.test(s)) {
		return parseInt(s.slice(2), 8);
	}
	if (/^0[bB]/.test(s)) {
		return parseInt(s.slice(2), 2);
	}
	return Number(s);
}
