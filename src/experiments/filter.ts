import type { Experiment } from '../model/types';
import { shortSha } from './format';

/** A name filter typed by the user: a case-insensitive substring, or `/regex/flags`. */
export type NameFilter =
	| { kind: 'none' }
	| { kind: 'text'; text: string; test: (exp: Experiment) => boolean }
	| { kind: 'invalid'; text: string; error: string };

export function parseNameFilter(input: string | undefined): NameFilter {
	const text = (input ?? '').trim();
	if (!text) {
		return { kind: 'none' };
	}
	const regex = /^\/(.*)\/([a-z]*)$/s.exec(text);
	if (!regex) {
		const needle = text.toLowerCase();
		return { kind: 'text', text, test: (exp) => namesOf(exp).some((n) => n.toLowerCase().includes(needle)) };
	}
	let re: RegExp;
	try {
		// `g`/`y` make RegExp.test stateful across calls, which would make matches flicker.
		re = new RegExp(regex[1], regex[2].replace(/[gy]/g, ''));
	} catch (e) {
		return { kind: 'invalid', text, error: e instanceof Error ? e.message : String(e) };
	}
	return { kind: 'text', text, test: (exp) => namesOf(exp).some((n) => re.test(n)) };
}

function namesOf(exp: Experiment): string[] {
	const names = [exp.name];
	if (exp.kind !== 'workspace') {
		names.push(shortSha(exp.rev));
	}
	return names.concat(exp.branches ?? []);
}
