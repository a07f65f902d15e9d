/**
 * A small Python tokenizer producing logical lines (indent + tokens), enough to find module/class
 * level assignments and parse their literal values. It never executes anything. Syntax errors that
 * would make `ast.parse` fail (unterminated strings, unbalanced brackets, bad indentation, stray
 * characters) are reported with their line, because DVC then rejects the whole file.
 */

export type PyToken =
	| { kind: 'name'; text: string }
	| { kind: 'number'; text: string }
	| { kind: 'string'; prefix: string; body: string; line: number }
	| { kind: 'op'; text: string };

export interface LogicalLine {
	indent: number;
	line: number;
	tokens: PyToken[];
}

export class PySyntaxError extends Error {
	constructor(
		message: string,
		readonly line: number,
	) {
		super(message);
	}
}

const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%='];
const OPS2 = [...OPS, '&=', '|=', '^=', '@=', '**', '//', '<<', '>>'];
const SINGLE_OPS = '()[]{},:.;@=+-*/%&|^~<>!';
const STRING_PREFIX = /^(?:r|u|b|br|rb|f|fr|rf)$/i;
const NAME_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER_RE =
	/0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?/y;
const MAX_DEPTH = 200;

export function tokenizePython(text: string): LogicalLine[] {
	return new Tokenizer(text).run();
}

class Tokenizer {
	private pos = 0;
	private line = 1;
	private depth: string[] = [];
	private tokens: PyToken[] = [];
	private lines: LogicalLine[] = [];
	private lineStart = true;
	private indent = 0;
	private startLine = 1;

	constructor(private readonly text: string) {}

	run(): LogicalLine[] {
		const t = this.text;
		while (this.pos < t.length) {
			if (this.lineStart && this.depth.length === 0 && this.tokens.length === 0) {
				this.readIndent();
			}
			if (this.pos >= t.length) {
				break;
			}
			const c = t[this.pos];
			if (c === '\n' || c === '\r') {
				this.newline();
			} else if (c === ' ' || c === '\t' || c === '\f') {
				this.pos++;
			} else if (c === '#') {
				this.skipComment();
			} else if (c === '\\') {
				this.continuation();
			} else {
				this.token();
			}
		}
		if (this.depth.length > 0) {
			throw new PySyntaxError(`'${this.depth[this.depth.length - 1]}' was never closed`, this.line);
		}
		this.endLogicalLine();
		return this.lines;
	}

	private readIndent(): void {
		let col = 0;
		const t = this.text;
		while (this.pos < t.length) {
			const c = t[this.pos];
			if (c === ' ') {
				col++;
			} else if (c === '\t') {
				col = (Math.floor(col / 8) + 1) * 8;
			} else if (c !== '\f') {
				break;
			}
			this.pos++;
		}
		this.indent = col;
		this.startLine = this.line;
		this.lineStart = false;
	}

	private newline(): void {
		if (this.text[this.pos] === '\r' && this.text[this.pos + 1] === '\n') {
			this.pos++;
		}
		this.pos++;
		if (this.depth.length === 0) {
			this.endLogicalLine();
		}
		this.line++;
		this.lineStart = true;
	}

	private endLogicalLine(): void {
		if (this.tokens.length > 0) {
			this.lines.push({ indent: this.indent, line: this.startLine, tokens: this.tokens });
		}
		this.tokens = [];
	}

	private skipComment(): void {
		while (this.pos < this.text.length && this.text[this.pos] !== '\n' && this.text[this.pos] !== '\r') {
			this.pos++;
		}
	}

	private continuation(): void {
		const next = this.text[this.pos + 1];
		if (next === '\n' || next === '\r') {
			this.pos += next === '\r' && this.text[this.pos + 2] === '\n' ? 3 : 2;
			this.line++;
			return;
		}
		throw new PySyntaxError('unexpected character after line continuation character', this.line);
	}

	private token(): void {
		const t = this.text;
		NAME_RE.lastIndex = this.pos;
		const name = NAME_RE.exec(t);
		if (name) {
			const q = t[this.pos + name[0].length];
			if ((q === '"' || q === "'") && STRING_PREFIX.test(name[0])) {
				return this.string(name[0], this.pos + name[0].length);
			}
			this.pos += name[0].length;
			this.tokens.push({ kind: 'name', text: name[0] });
			return;
		}
		const c = t[this.pos];
		if (c === '"' || c === "'") {
			return this.string('', this.pos);
		}
		if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(t[this.pos + 1] ?? ''))) {
			return this.number();
		}
		this.operator();
	}

	private number(): void {
		NUMBER_RE.lastIndex = this.pos;
		const m = NUMBER_RE.exec(this.text);
		const text = m ? m[0] : '';
		const after = this.text[this.pos + text.length] ?? '';
		if (!m || /[\p{L}\p{Nd}_]/u.test(after) || (/^0+[1-9]/.test(text.replace(/_/g, '')) && /^[0-9_]+$/.test(text))) {
			throw new PySyntaxError('invalid decimal literal', this.line);
		}
		this.pos += text.length;
		this.tokens.push({ kind: 'number', text });
	}

	private operator(): void {
		const t = this.text;
		const op =
			OPS2.find((o) => t.startsWith(o, this.pos)) ?? (SINGLE_OPS.includes(t[this.pos]) ? t[this.pos] : undefined);
		if (op === undefined) {
			throw new PySyntaxError(`invalid character '${t[this.pos]}'`, this.line);
		}
		this.pos += op.length;
		if (op === '(' || op === '[' || op === '{') {
			if (this.depth.length >= MAX_DEPTH) {
				throw new PySyntaxError('too many nested parentheses', this.line);
			}
			this.depth.push(op);
		} else if (op === ')' || op === ']' || op === '}') {
			const open = this.depth.pop();
			if (open === undefined || '([{'.indexOf(open) !== ')]}'.indexOf(op)) {
				throw new PySyntaxError(`unmatched '${op}'`, this.line);
			}
		}
		this.tokens.push({ kind: 'op', text: op });
	}

	private string(prefix: string, quoteAt: number): void {
		const t = this.text;
		const q = t[quoteAt];
		const triple = t.startsWith(q.repeat(3), quoteAt);
		const delim = triple ? q.repeat(3) : q;
		const startLine = this.line;
		let i = quoteAt + delim.length;
		for (;;) {
			if (i >= t.length) {
				throw new PySyntaxError('unterminated string literal', startLine);
			}
			const c = t[i];
			if (c === '\\') {
				const crlf = t[i + 1] === '\r' && t[i + 2] === '\n';
				if (t[i + 1] === '\n' || t[i + 1] === '\r') {
					this.line++;
				}
				i += crlf ? 3 : 2;
				continue;
			}
			if (t.startsWith(delim, i)) {
				break;
			}
			if (c === '\n' || c === '\r') {
				if (!triple) {
					throw new PySyntaxError('unterminated string literal', startLine);
				}
				if (!(c === '\r' && t[i + 1] === '\n')) {
					this.line++;
				}
			}
			i++;
		}
		this.tokens.push({ kind: 'string', prefix, body: t.slice(quoteAt + delim.length, i), line: startLine });
		this.pos = i + delim.length;
	}
}
