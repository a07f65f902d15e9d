/**
 * The parse worker: big inputs go through it, small ones do not, and what comes back equals the
 * synchronous parsers' result exactly (the worker runs the same parse functions, nothing else).
 */
import * as assert from 'node:assert/strict';
import { cachedParams } from '../../../src/model/parseCache';
import { createExperimentsModel } from '../../../src/model/model';
import { parseAsync, parsePoolState, retainParsePool } from '../../../src/model/parse/parsePool';
import type { ParseTask } from '../../../src/model/parse/parseTasks';
import { INLINE_LIMITS, runParseTask } from '../../../src/model/parse/parseTasks';
import { tempDir, write } from '../git/repoHelpers';

const enc = (s: string) => new TextEncoder().encode(s);

function yamlParams(keys: number, tail = ''): string {
	const sections = Array.from(
		{ length: keys },
		(_, i) => `${i % 40 === 0 ? `s${i}:\n` : ''}  p${i}: {lr: ${i / 7}, name: "r-${i}"}\n`,
	);
	return sections.join('') + tail;
}

function jsonMetrics(keys: number): string {
	return JSON.stringify(
		Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, { loss: 1 / (i + 1), hist: [i, i / 3] }])),
	);
}

function tsv(rows: number, label = false): string {
	const lines = [label ? 'step\tloss\tenv' : 'step\tloss'];
	for (let i = 0; i < rows; i++) {
		lines.push(`${i}\t${(1 / (i + 1)).toFixed(6)}${label ? `\tenv-${i % 3}` : ''}`);
	}
	return lines.join('\n') + '\n';
}

/** Big inputs of every task kind, valid and broken, hostile ones included. */
const BIG: [string, ParseTask][] = [
	['params YAML', { kind: 'params', text: yamlParams(3000), file: 'params.yaml' }],
	['whole params YAML, flattened', { kind: 'flatParams', text: yamlParams(3000), file: 'params.yaml' }],
	['params YAML broken near the end', { kind: 'params', text: yamlParams(3000, 'bad: [1, 2\n'), file: 'params.yaml' }],
	[
		'params TOML',
		{
			kind: 'params',
			text: Array.from({ length: 2000 }, (_, i) => `[s${i}]\nlr = ${i}.5\n`).join(''),
			file: 'conf.toml',
		},
	],
	[
		'params TOML broken',
		{
			kind: 'params',
			text: 'a = 1\n'.repeat(1) + Array.from({ length: 2000 }, (_, i) => `k${i} = ${i}\n`).join('') + 'x = = 2\n',
			file: 'conf.toml',
		},
	],
	[
		'params Python',
		{ kind: 'params', text: Array.from({ length: 2000 }, (_, i) => `K${i} = ${i}\n`).join(''), file: 'params.py' },
	],
	['metrics JSON', { kind: 'metrics', text: jsonMetrics(5000), file: 'metrics.json' }],
	[
		'metrics JSON broken at a late line',
		{ kind: 'metrics', text: jsonMetrics(5000).replace(/,"k4990"/, ',\n\n"k4990" 1'), file: 'metrics.json' },
	],
	['metrics JSON bomb', { kind: 'metrics', text: '['.repeat(100_000) + ']'.repeat(100_000), file: 'scores.json' }],
	[
		'metrics YAML billion laughs',
		{ kind: 'metrics', text: billionLaughs() + '#'.repeat(INLINE_LIMITS.yaml), file: 'm.yaml' },
	],
	[
		'dvc.yaml with interpolation',
		{
			kind: 'dvcyaml',
			text:
				'stages:\n' +
				Array.from(
					{ length: 300 },
					(_, i) => `  s${i}:\n    cmd: python train.py --lr \${lr}\n    params:\n    - lr\n`,
				).join(''),
			file: 'dvc.yaml',
			opts: { params: { lr: 0.1 } },
		},
	],
	[
		'dvc.yaml broken',
		{ kind: 'dvcyaml', text: 'stages:\n' + '  a:\n    cmd: x\n'.repeat(400) + '  b: [\n', file: 'dvc.yaml', opts: {} },
	],
	[
		'TSV table with a label column',
		{ kind: 'table', bytes: enc(tsv(60_000, true)), file: 'dvclive/plots/metrics/loss.tsv' },
	],
	['TSV table with a bad row', { kind: 'table', bytes: enc(tsv(60_000) + '1\t2\t3\tx\n'), file: 'loss.tsv' }],
	[
		'whole params YAML with NaN, -0 and integer-like keys, flattened (sent in parts)',
		{
			kind: 'flatParams',
			text: Array.from({ length: 3000 }, (_, i) => `"${i}": {v: ${i % 2 ? '.nan' : '-0.0'}, w: [${i}, .inf]}\n`).join(
				'',
			),
			file: 'params.yaml',
		},
	],
	[
		'default y of a JSON plot file',
		{
			kind: 'defaultY',
			bytes: enc(JSON.stringify({ train: Array.from({ length: 9000 }, (_, i) => ({ step: i, acc: i / 9000 })) })),
			file: 'acc.json',
		},
	],
	[
		'default y of a TSV with a long first record',
		{ kind: 'defaultY', bytes: enc(`a\tb\tlast\n${'1'.repeat(40_000)}\t2\t3\n`), file: 'long.tsv' },
	],
	[
		'JSON plot file',
		{
			kind: 'table',
			bytes: enc(JSON.stringify({ train: Array.from({ length: 9000 }, (_, i) => ({ step: i, acc: i / 9000 })) })),
			file: 'acc.json',
		},
	],
];

function billionLaughs(): string {
	const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
	for (let i = 1; i < 9; i++) {
		lines.push(
			`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
				.fill(`*${'abcdefghi'[i - 1]}`)
				.join(', ')}]`,
		);
	}
	return lines.join('\n') + '\n';
}

describe('parse worker (parsePool)', function () {
	let release: () => void;
	beforeEach(() => (release = retainParsePool()));
	afterEach(() => release());

	for (const [name, task] of BIG) {
		it(`parses a big ${name} in the worker, with the synchronous parser's exact result`, async () => {
			const before = parsePoolState().roundTrips;
			const viaPool = await parseAsync(task);
			assert.equal(parsePoolState().roundTrips, before + 1, 'went through the worker');
			assert.deepStrictEqual(viaPool, runParseTask(task));
			// The broken and hostile inputs really fail (with their line where the parser gives one).
			const failed = Array.isArray(viaPool)
				? viaPool.length === 0
				: 'errors' in viaPool
					? viaPool.errors.length > 0
					: !viaPool.ok;
			assert.equal(failed, /broken|bad row|bomb|laughs/.test(name));
		});
	}

	it('keeps small files inline: no worker round trip', async () => {
		const before = parsePoolState().roundTrips;
		const small: ParseTask[] = [
			{ kind: 'params', text: 'train:\n  lr: 0.1\n  epochs: 10\n', file: 'params.yaml' },
			{ kind: 'metrics', text: '{"loss": 0.5, "step": 3}', file: 'dvclive/metrics.json' },
			{ kind: 'metrics', text: '{"loss": 0.5, "step": "3"', file: 'dvclive/metrics.json' },
			{ kind: 'dvcyaml', text: 'metrics:\n- dvclive/metrics.json\n', file: 'dvc.yaml', opts: {} },
			{ kind: 'table', bytes: enc(tsv(100)), file: 'loss.tsv' },
		];
		for (const task of small) {
			assert.deepStrictEqual(await parseAsync(task), runParseTask(task));
		}
		assert.equal(parsePoolState().roundTrips, before);
	});

	it('fails a too-deep YAML document as the inline parser does, on the same file', async () => {
		const deep = `a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
		const task: ParseTask = { kind: 'params', text: deep, file: 'params.yaml' };
		const [viaPool, inline] = [await parseAsync(task), runParseTask(task)];
		assert.equal(viaPool.ok, false);
		assert.equal(inline.ok, false);
		// The stack runs out at a depth that depends on the frames below the parser: same message, not always the same line.
		assert.equal(!viaPool.ok && viaPool.error, !inline.ok && inline.error);
	});

	it('stops the worker when the last model is disposed, and does not cache the cut-short parse', async () => {
		release();
		const text = yamlParams(600);
		assert.ok(text.length > INLINE_LIMITS.yaml && text.length < 64 * 1024, 'cached size, parsed in the worker');
		const again = retainParsePool();
		const cut = cachedParams(text, 'params.yaml');
		assert.equal(parsePoolState().running, true);
		again();
		assert.equal(parsePoolState().running, false, 'the last release stops the thread at once');
		const r = await cut;
		assert.ok(!r.ok && /could not be parsed: the model was disposed/.test(r.error));
		release = retainParsePool();
		assert.deepStrictEqual(
			await cachedParams(text, 'params.yaml'),
			runParseTask({ kind: 'params', text, file: 'params.yaml' }),
		);
	});

	it('lets a model read big files through the worker and stops it on dispose', async () => {
		release();
		const dir = tempDir('runlens-pool-');
		write(dir, '.dvc/config', '');
		write(dir, 'dvc.yaml', 'params:\n- params.yaml\nmetrics:\n- metrics.json\n');
		write(dir, 'params.yaml', yamlParams(2000));
		write(dir, 'metrics.json', jsonMetrics(4000));
		const before = parsePoolState().roundTrips;
		const model = createExperimentsModel({
			folders: [dir],
			allowGit: false,
			commitsPerBranch: 1,
			showAllBranches: false,
		});
		await model.ready;
		const ws = model.getExperiments().find((e) => e.kind === 'workspace')!;
		assert.deepEqual(ws.errors, []);
		assert.equal(ws.params['params.yaml']['s0.p0.lr'], 0);
		assert.equal(ws.metrics['metrics.json']['k3999.loss'], 1 / 4000);
		assert.ok(parsePoolState().roundTrips >= before + 2, 'both big files went through the worker');
		assert.equal(parsePoolState().running, true);
		model.dispose();
		assert.equal(parsePoolState().running, false);
		release = retainParsePool();
	});
});
