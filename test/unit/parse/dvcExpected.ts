/**
 * Expected values produced by the REAL DVC 3.67.1 functions (test/fixtures/parse/genExpected.py,
 * output test/fixtures/parse/dvcExpected.json). Non-finite floats are encoded as {"$float": ...}.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Case {
	text?: string;
	input?: unknown;
	delimiter?: string;
	header?: boolean;
	ok?: unknown;
	error?: string;
}

export const fixtureDir = path.join(__dirname, '../../fixtures/parse');

function revive(v: unknown): unknown {
	if (Array.isArray(v)) {
		return v.map(revive);
	}
	if (typeof v === 'object' && v !== null) {
		const f = (v as { $float?: string }).$float;
		if (f !== undefined) {
			return f === 'nan' ? NaN : f === 'inf' ? Infinity : -Infinity;
		}
		return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
	}
	return v;
}

export const expected = revive(JSON.parse(readFileSync(path.join(fixtureDir, 'dvcExpected.json'), 'utf8'))) as Record<
	string,
	Case[]
>;
