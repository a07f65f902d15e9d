/**
 * Finds the offset of the first syntax error in JSON text (newer V8 messages often omit the
 * position). Only used after JSON.parse failed, so it favours brevity over speed. Accepts
 * NaN/Infinity/-Infinity like Python's json module.
 */
class JsonSyntaxAt extends Error {
	constructor(readonly offset: number) {
		super('JSON syntax error');
	}
}

export function jsonErrorOffset(s: string): number {
	let i = 0;
	const ws = () => {
		while (i < s.length && ' \t\n\r'.includes(s[i])) {
			i++;
		}
	};
	const fail = (): never => {
		throw new JsonSyntaxAt(i);
	};
	const lit = (word: string) => (s.startsWith(word, i) ? (i += word.length) : fail());
	const str = () => {
		i++;
		while (i < s.length && s[i] !== '"') {
			if (s.charCodeAt(i) < 0x20) {
				fail();
			}
			i += s[i] === '\\' ? 2 : 1;
		}
		if (i >= s.length) {
			fail();
		}
		i++;
	};
	const num = () => {
		const m = /^-?(?:Infinity|(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s.slice(i, i + 400));
		if (!m || m[0] === '-') {
			fail();
		}
		i += m![0].length;
	};
	const value = (depth: number): void => {
		if (depth > 2000) {
			fail();
		}
		ws();
		const c = s[i];
		if (c === '{') {
			return container('}', depth, true);
		}
		if (c === '[') {
			return container(']', depth, false);
		}
		if (c === '"') {
			return str();
		}
		if (c === 't') {
			return void lit('true');
		}
		if (c === 'f') {
			return void lit('false');
		}
		if (c === 'n') {
			return void lit('null');
		}
		if (c === 'N') {
			return void lit('NaN');
		}
		if (c === 'I') {
			return void lit('Infinity');
		}
		return num();
	};
	const container = (close: string, depth: number, obj: boolean) => {
		i++;
		ws();
		if (s[i] === close) {
			return void i++;
		}
		for (;;) {
			if (obj) {
				ws();
				if (s[i] !== '"') {
					fail();
				}
				str();
				ws();
				if (s[i] !== ':') {
					fail();
				}
				i++;
			}
			value(depth + 1);
			ws();
			if (s[i] === close) {
				return void i++;
			}
			if (s[i] !== ',') {
				fail();
			}
			i++;
		}
	};
	try {
		value(0);
		ws();
		return i < s.length ? i : -1;
	} catch (e) {
		return e instanceof JsonSyntaxAt ? Math.min(e.offset, s.length) : 0;
	}
}
