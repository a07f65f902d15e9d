/**
 * fast-check through the whole model read path: one file of a valid project is mutated on disk
 * (edits, truncation, raw bytes), the real model reads the project, and nothing throws or hangs;
 * errors land on the mutated file only and every other file keeps its values.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, tempDir, write } from '../git/repoHelpers';
import { assertRestIntact, goodProject, openModel, within, workspace } from './helpers';

const DEADLINE_MS = 10_000;
const RUNS = { numRuns: 40 };
const TSV = 'dvclive/plots/metrics/loss.tsv';

const GOOD_TEXT: Record<string, string> = {
	'params.yaml': 'lr: 0.1\nnested:\n  a: [1, 2]\n  b: {c: yes}\n',
	'conf.toml': '[opt]\nbeta = 0.9\n[opt.inner]\nx = [1, 2]\n',
	'extra.json': '{"seed": 1, "list": [1, 2, {"a": null}]}',
	'scores.json': '{"f1": 0.5, "nested": {"p": 1, "q": NaN}}',
	'dvclive/metrics.json': '{"loss": 0.5, "step": 1}',
	[TSV]: 'step\tloss\n0\t1\n1\t0.5\n2\tnan\n',
};
const ALPHABET = '{}[]()",:\'\\\n\r\t #=-_.0123456789eE&*!|>%@`\u00e9\u202e\u200b\u0000\ud83d\ude00';

const edit = fc.tuple(fc.nat(), fc.nat(6), fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 5 }));
const mutation = fc.record({
	file: fc.constantFrom(...Object.keys(GOOD_TEXT)),
	edits: fc.array(edit, { maxLength: 6 }),
	cut: fc.option(fc.nat(), { nil: undefined }),
	bytes: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(m: Mutation): Buffer {
	let text = GOOD_TEXT[m.file];
	for (const [at, del, ins] of m.edits) {
		const i = at % (text.length + 1);
		text = text.slice(0, i) + ins + text.slice(i + del);
	}
	let out = Buffer.from(text);
	if (m.cut !== undefined) {
		out = out.subarray(0, m.cut % (out.length + 1));
	}
	return m.bytes ? Buffer.concat([out, Buffer.from(m.bytes)]) : out;
}

describe('mutated files through the whole model read path', () => {
	const root = tempDir('runlens-fuzz-');
	after(() => cleanup(root));
	let n = 0;

	it('never throws or hangs, and errors stay on the mutated file', async () => {
		await fc.assert(
			fc.asyncProperty(mutation, async (m) => {
				const dir = path.join(root, String(n++));
				goodProject(dir);
				for (const [file, text] of Object.entries(GOOD_TEXT)) {
					write(dir, file, text);
				}
				write(dir, m.file, mutate(m));
				const model = openModel(dir);
				try {
					await within(DEADLINE_MS, 'first scan', model.ready);
					const ws = workspace(model);
					for (const s of ws.series) {
						await within(DEADLINE_MS, `read ${s.file}`, model.readSeriesTable(ws.id, s.file));
					}
					const after = workspace(model);
					assert.deepEqual(
						after.errors.filter((e) => e.file !== m.file),
						[],
					);
					for (const e of after.errors) {
						assert.equal(typeof e.message, 'string');
						assert.ok(e.line === undefined || (Number.isInteger(e.line) && e.line >= 1), `line ${e.line}`);
					}
					if (m.file !== TSV) {
						assert.ok(
							after.series.some((s) => s.file === TSV),
							'the series list survives',
						);
					}
				} finally {
					model.dispose();
					rmSync(dir, { recursive: true, force: true });
				}
			}),
			RUNS,
		);
	});

	it('keeps every other file right when one file is replaced by random bytes', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...Object.keys(GOOD_TEXT)),
				fc.uint8Array({ maxLength: 512 }),
				async (file, bytes) => {
					const dir = path.join(root, String(n++));
					goodProject(dir);
					write(dir, file, Buffer.from(bytes));
					const model = openModel(dir);
					try {
						await within(DEADLINE_MS, 'first scan', model.ready);
						assertRestIntact(workspace(model), file);
					} finally {
						model.dispose();
						rmSync(dir, { recursive: true, force: true });
					}
				},
			),
			RUNS,
		);
	});
});
