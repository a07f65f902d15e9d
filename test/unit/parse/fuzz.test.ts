/**
 * Property tests: every parser returns (never throws, never hangs) on random and mutated input,
 * and the TSV/CSV reader round-trips and is chunking-independent.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDvcYaml } from '../../../src/model/parse/dvcYaml';
import { parseEventsJsonl } from '../../../src/model/parse/events';
import { flattenMetrics, flattenParams } from '../../../src/model/parse/flatten';
import { parsePlotData } from '../../../src/model/parse/plotData';
import { parsePythonParams } from '../../../src/model/parse/pyParams';
import { parseMetricsFile, parseParamsFile, parseStructured } from '../../../src/model/parse/structured';
import { parseTable } from '../../../src/model/parse/parseTasks';
import { TableReader } from '../../../src/model/parse/table';

/** Hang guard, not a performance check: inputs are a few hundred characters. */
const HANG_MS = 5000;

function guarded<T>(fn: () => T): T {
	const t0 = Date.now();
	const r = fn();
	assert.ok(Date.now() - t0 < HANG_MS, 'parser took too long on a small input (hang?)');
	return r;
}

const SAMPLES = [
	'{"a": {"b": [1, 2.5e-3, null, true]}, "c": "x"}',
	'a:\n  b: [1, 2]\n  c: {d: yes}\nlist:\n  - 1\n  - x: 2\n',
	'a = 1\n[t]\nb = "x"\nc = [1, 2]\n',
	'x = {"a": [1, (2, 3)], "b": -1.5e3}\nclass C:\n    y = "s"\n    def __init__(self):\n        self.z = None\n',
	'step\tloss\n0\t0.5\n1\tnan\n',
	'a,b\n"x,y",1\n"q""",2\n',
	'{"name": "e", "step": 1}\n{"name": "f"}\n',
	'stages:\n  s:\n    foreach: [a, b]\n    do: {cmd: x, outs: ["${item}"]}\nplots:\n  - p: {y: {f.csv: v}}\nvars:\n  - {k: 1}\n',
];
const ALPHABET = '{}[]()",:\'\\\n\r\t #=-_.0123456789eEaxyz${}@*+!&|<>`~\u00e9\u0000';

const mutated = fc
	.tuple(
		fc.constantFrom(...SAMPLES),
		fc.array(fc.tuple(fc.nat(), fc.nat(5), fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 4 })), {
			maxLength: 6,
		}),
	)
	.map(([s, edits]) =>
		edits.reduce(
			(acc, [at, del, ins]) => acc.slice(0, at % (acc.length + 1)) + ins + acc.slice((at % (acc.length + 1)) + del),
			s,
		),
	);
const textInput = fc.oneof(
	mutated,
	fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 200 }),
	fc.string({ maxLength: 200 }),
);

const RUNS = { numRuns: 300 };

describe('parsers on random and mutated input', () => {
	it('structured/params/metrics parsers never throw', () => {
		fc.assert(
			fc.property(textInput, fc.constantFrom('p.json', 'p.yaml', 'p.toml', 'p.py', 'p'), (text, file) => {
				guarded(() => {
					const r = parseStructured(text, file);
					assert.equal(typeof r.ok, 'boolean');
					parseParamsFile(text, file);
					const m = parseMetricsFile(text, file);
					if (m.ok) {
						flattenMetrics(m.value);
					}
					if (r.ok) {
						flattenParams(r.value);
					}
				});
			}),
			RUNS,
		);
	});

	it('python params parser never throws', () => {
		fc.assert(
			fc.property(textInput, (text) => void guarded(() => parsePythonParams(text))),
			RUNS,
		);
	});

	it('dvc.yaml parser never throws', () => {
		fc.assert(
			fc.property(textInput, (text) => void guarded(() => parseDvcYaml(text, 'dvc.yaml', { params: { k: 1 } }))),
			RUNS,
		);
	});

	it('table, plot data and events parsers never throw', () => {
		fc.assert(
			fc.property(textInput, fc.boolean(), (text, header) => {
				const bytes = new TextEncoder().encode(text);
				guarded(() => {
					parseTable(bytes, 'f.tsv', { delimiter: '\t', header });
					parseTable(bytes, 'f.csv', { delimiter: ',', header });
					for (const f of ['f.csv', 'f.tsv', 'f.json', 'f.yaml', 'f.png', 'f.bin']) {
						parsePlotData(bytes, f, { header });
					}
					parseEventsJsonl(text, 'events.jsonl');
				});
			}),
			RUNS,
		);
	});
});

describe('TSV/CSV round trips', () => {
	const value = fc.oneof(
		fc.double(),
		fc.integer().map((n) => n),
		fc.constantFrom(NaN, Infinity, -Infinity, 0.1, -0),
	);
	const tableArb = fc
		.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 40 }))
		.chain(([cols, rows]) =>
			fc
				.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })
				.map((data) => ({ cols, data })),
		);
	const cell = (v: number) =>
		Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);

	it('numbers written as TSV parse back equal', () => {
		fc.assert(
			fc.property(tableArb, fc.boolean(), ({ cols, data }, crlf) => {
				const eol = crlf ? '\r\n' : '\n';
				const head = Array.from({ length: cols }, (_v, i) => `c${i}`);
				const text = [head.join('\t'), ...data.map((r) => r.map(cell).join('\t'))].join(eol) + eol;
				const { table, errors } = parseTable(new TextEncoder().encode(text), 'r.tsv', {
					delimiter: '\t',
					header: true,
				});
				assert.deepEqual(errors, []);
				assert.equal(table.length, data.length);
				head.forEach((h, c) =>
					assert.deepEqual(
						Array.from(table.data[h].subarray(0, table.length)),
						data.map((r) => r[c]),
					),
				);
			}),
			RUNS,
		);
	});

	it('chunked appends at random split points equal a one-shot parse', () => {
		const csvText = fc
			.array(
				fc.oneof(fc.constantFrom('1', '-2.5', 'nan', '"a,b"', '"x\ny"', '""', 'é', '1e5', ''), fc.double().map(String)),
				{ maxLength: 60 },
			)
			.chain((cells) =>
				fc
					.array(fc.constantFrom(',', '\n', '\r\n'), { minLength: cells.length, maxLength: cells.length })
					.map((seps) => 'a,b\n' + cells.map((c, i) => c + seps[i]).join('')),
			);
		fc.assert(
			fc.property(csvText, fc.array(fc.nat(), { maxLength: 8 }), (text, cutsRaw) => {
				const bytes = new TextEncoder().encode(text);
				const once = new TableReader('c.csv', { delimiter: ',', header: true });
				once.append(bytes);
				const cuts = [...new Set(cutsRaw.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
				const chunked = new TableReader('c.csv', { delimiter: ',', header: true });
				let prev = 0;
				for (const c of [...cuts, bytes.length]) {
					chunked.append(bytes.subarray(prev, c));
					prev = c;
				}
				assert.equal(chunked.bytesConsumed, once.bytesConsumed);
				assert.deepEqual(chunked.errors, once.errors);
				assert.deepEqual(chunked.table.columns, once.table.columns);
				for (const col of once.table.columns) {
					assert.deepEqual(
						Array.from(chunked.table.data[col].subarray(0, chunked.table.length)),
						Array.from(once.table.data[col].subarray(0, once.table.length)),
					);
				}
			}),
			RUNS,
		);
	});
});
