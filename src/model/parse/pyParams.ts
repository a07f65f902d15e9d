/**
 * Python params files, parsed (never executed) the way DVC's `dvc/utils/serialize/_py.py` reads its
 * `ast` tree: module/class-body `NAME = <literal>` and `NAME: T = <literal>` with one target,
 * `self.attr = <literal>` (inside `def __init__`, and also at module level as DVC does), `class C:`
 * bodies as nested objects. Non-literal values, several targets and tuple unpacking are skipped.
 */
import type { ParamValue, Result } from '../types';
import { fail, ok } from '../types';
import { LiteralParser, NotLiteral } from './pyLiteral';
import type { LogicalLine, PyToken } from './pyTokens';
import { PySyntaxError, tokenizePython } from './pyTokens';

type Params = Record<string, ParamValue>;

export function parsePythonParams(text: string): Result<Params> {
	try {
		const lines = tokenizePython(text);
		checkIndentation(lines);
		return ok(walkBlock(lines, false));
	} catch (e) {
		if (e instanceof PySyntaxError) {
			return fail(`Python file structure is corrupted: ${e.message}`, e.line);
		}
		return fail(`Python file structure is corrupted: ${e instanceof Error ? e.message : String(e)}`);
	}
}

function isOp(t: PyToken | undefined, text: string): boolean {
	return t !== undefined && t.kind === 'op' && t.text === text;
}

function isName(t: PyToken | undefined, text?: string): boolean {
	return t !== undefined && t.kind === 'name' && (text === undefined || t.text === text);
}

/** IndentationErrors make `ast.parse` fail, so DVC rejects the whole file: mirror the common ones. */
function checkIndentation(lines: LogicalLine[]): void {
	const stack = [0];
	let expectBody = false;
	for (const l of lines) {
		const top = stack[stack.length - 1];
		if (l.indent > top) {
			if (!expectBody) {
				throw new PySyntaxError('unexpected indent', l.line);
			}
			stack.push(l.indent);
		} else {
			if (expectBody) {
				throw new PySyntaxError('expected an indented block', l.line);
			}
			while (l.indent < stack[stack.length - 1]) {
				stack.pop();
			}
			if (l.indent !== stack[stack.length - 1]) {
				throw new PySyntaxError('unindent does not match any outer indentation level', l.line);
			}
		}
		expectBody = isOp(l.tokens[l.tokens.length - 1], ':');
	}
	if (expectBody) {
		throw new PySyntaxError('expected an indented block', lines[lines.length - 1].line);
	}
}

/** One body (module, class or `__init__`): statements at its first line's indent; deeper lines belong to compound statements. */
function walkBlock(lines: LogicalLine[], onlySelf: boolean): Params {
	const result: Params = {};
	const indent = lines[0]?.indent ?? 0;
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i];
		if (l.indent !== indent) {
			continue;
		}
		let end = i + 1;
		while (end < lines.length && lines[end].indent > indent) {
			end++;
		}
		for (const stmt of splitStatements(l.tokens)) {
			walkStatement(stmt, lines.slice(i + 1, end), onlySelf, result);
		}
	}
	return result;
}

/** Statements `ast.parse` rejects outright: dangling operators such as `x =` or `a = 1 +`. */
const DANGLING = new Set([
	'=',
	'+',
	'-',
	'*',
	'/',
	'%',
	'**',
	'//',
	'.',
	'@',
	'&',
	'|',
	'^',
	'<<',
	'>>',
	'==',
	'!=',
	'<',
	'>',
	'<=',
	'>=',
	':=',
	'->',
	'+=',
	'-=',
	'*=',
	'/=',
]);

function walkStatement(tokens: PyToken[], body: LogicalLine[], onlySelf: boolean, result: Params): void {
	const head = tokens[0];
	const last = tokens[tokens.length - 1];
	if (last.kind === 'op' && DANGLING.has(last.text)) {
		throw new PySyntaxError('invalid syntax', 0);
	}
	if (hasAdjacentAtoms(tokens)) {
		throw new PySyntaxError('invalid syntax', 0);
	}
	if (isName(head, 'class') && isName(tokens[1])) {
		const name = (tokens[1] as { text: string }).text;
		assign(result, name, walkBlock(compoundBody(tokens, body), false));
	} else if (isName(head, 'def') && isName(tokens[1], '__init__')) {
		Object.assign(result, walkBlock(compoundBody(tokens, body), true));
	} else if (head?.kind === 'name' && !KEYWORDS.has(head.text)) {
		assignment(tokens, onlySelf, result);
	}
}

const SOFT_KEYWORDS = new Set(['match', 'case', 'type']);

/** Two operands in a row (`'a' x`, `1 y`, `a b`) never parse; soft keywords may start a statement. */
function hasAdjacentAtoms(tokens: PyToken[]): boolean {
	const operand = (t: PyToken) => t.kind === 'number' || (t.kind === 'name' && !KEYWORDS.has(t.text));
	for (let i = 1; i < tokens.length; i++) {
		const a = tokens[i - 1];
		const b = tokens[i];
		if (!operand(b)) {
			continue;
		}
		if (i === 1 && a.kind === 'name' && SOFT_KEYWORDS.has(a.text)) {
			continue;
		}
		if (operand(a) || a.kind === 'string' || (a.kind === 'op' && ')]}'.includes(a.text))) {
			return true;
		}
	}
	return false;
}

/** Python dict.update semantics: a re-assigned name keeps its first position but takes the new value. */
function assign(result: Params, name: string, value: ParamValue): void {
	result[name] = value;
}

/** The body of `class X: ...` / `def f(...): ...`: inline statements after the header colon, or the indented lines. */
function compoundBody(tokens: PyToken[], body: LogicalLine[]): LogicalLine[] {
	let depth = 0;
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.kind === 'op' && '([{'.includes(t.text)) {
			depth++;
		} else if (t.kind === 'op' && ')]}'.includes(t.text)) {
			depth--;
		} else if (depth === 0 && isOp(t, ':') && i < tokens.length - 1) {
			return [{ indent: 0, line: 0, tokens: tokens.slice(i + 1) }];
		}
	}
	return body;
}

function splitStatements(tokens: PyToken[]): PyToken[][] {
	if (isName(tokens[0], 'class') || isName(tokens[0], 'def')) {
		return [tokens];
	}
	const out: PyToken[][] = [[]];
	for (const t of tokens) {
		if (isOp(t, ';')) {
			out.push([]);
		} else {
			out[out.length - 1].push(t);
		}
	}
	return out.filter((s) => s.length > 0);
}

const KEYWORDS = new Set(
	'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
		' ',
	),
);

function assignment(tokens: PyToken[], onlySelf: boolean, result: Params): void {
	const parts = splitTopLevel(tokens, '=');
	if (parts.length !== 2) {
		return;
	}
	let target = parts[0];
	const value = parts[1];
	const colon = splitTopLevel(target, ':');
	if (colon.length === 2) {
		target = colon[0];
	} else if (colon.length > 2) {
		return;
	}
	const name = targetName(target, onlySelf);
	if (name === undefined || value.length === 0) {
		return;
	}
	try {
		assign(result, name, new LiteralParser(value).parseAll());
	} catch (e) {
		if (!(e instanceof NotLiteral)) {
			throw e;
		}
	}
}

/** DVC's `_get_ast_name`: a plain name (not inside `__init__`), or `self.<attr>`. */
function targetName(target: PyToken[], onlySelf: boolean): string | undefined {
	if (target.length === 1 && target[0].kind === 'name' && !onlySelf) {
		return target[0].text;
	}
	if (target.length === 3 && isName(target[0], 'self') && isOp(target[1], '.') && target[2].kind === 'name') {
		return target[2].text;
	}
	return undefined;
}

function splitTopLevel(tokens: PyToken[], sep: string): PyToken[][] {
	const out: PyToken[][] = [[]];
	let depth = 0;
	for (const t of tokens) {
		if (t.kind === 'op' && '([{'.includes(t.text)) {
			depth++;
		} else if (t.kind === 'op' && ')]}'.includes(t.text)) {
			depth--;
		}
		if (depth === 0 && isOp(t, sep)) {
			out.push([]);
		} else {
			out[out.length - 1].push(t);
		}
	}
	return out;
}
