import * as assert from 'node:assert/strict';
import { parseDvcYaml } from '../../../src/model/parse/dvcYaml';
import { pyNumberStr } from '../../../src/model/parse/interpolate';

function spec(text: string, opts = {}) {
	const r = parseDvcYaml(text, 'dvc.yaml', opts);
	assert.ok(r.ok, JSON.stringify(r));
	return r.value;
}

describe('parseDvcYaml', () => {
	it('reads the dvc.yaml DVCLive writes', () => {
		const s = spec(`params:
- dvclive/params.yaml
metrics:
- dvclive/metrics.json
plots:
- dvclive/plots/metrics:
    x: step
- dvclive/plots/images
- dvclive/plots/sklearn/cm.json:
    template: confusion
    x: actual
    y: predicted
    title: Confusion Matrix
artifacts:
  mymodel:
    path: model.pt
    type: model
    labels: [a, b]
    meta: {framework: pytorch}
`);
		assert.deepEqual(s.params, ['dvclive/params.yaml']);
		assert.deepEqual(s.metrics, ['dvclive/metrics.json']);
		assert.deepEqual(s.plots[0], {
			id: 'dvclive/plots/metrics',
			template: 'linear',
			y: { 'dvclive/plots/metrics': [] },
			x: { 'dvclive/plots/metrics': 'step' },
		});
		assert.deepEqual(s.plots[1], { id: 'dvclive/plots/images', template: 'linear', y: { 'dvclive/plots/images': [] } });
		assert.equal(s.plots[2].template, 'confusion');
		assert.deepEqual(s.plots[2].y, { 'dvclive/plots/sklearn/cm.json': ['predicted'] });
		assert.deepEqual(s.artifacts, [
			{ name: 'mymodel', path: 'model.pt', type: 'model', labels: ['a', 'b'], meta: { framework: 'pytorch' } },
		]);
		assert.deepEqual(s.errors, []);
	});

	it('normalises the id-with-y-map plot syntax, x string copied per file', () => {
		const s = spec(`plots:
- acc:
    y: {a.csv: [acc, val_acc], sub/../b.csv: acc}
    x: step
    title: Acc
`);
		assert.deepEqual(s.plots[0], {
			id: 'acc',
			template: 'linear',
			y: { 'a.csv': ['acc', 'val_acc'], 'b.csv': ['acc'] },
			x: { 'a.csv': 'step', 'b.csv': 'step' },
			title: 'Acc',
		});
	});

	it('reads stages: params (default params.yaml, whole files win), outs flags, wdir and stage plots', () => {
		const s = spec(`stages:
  train:
    cmd: python train.py
    wdir: src
    params: [lr, epochs, {cfg.toml: [a.b]}, {other.yaml: }, {params.yaml: [x]}]
    outs: [model.pt, {logs: {cache: false, persist: true, desc: d}}]
    metrics: [{m.json: {cache: false}}]
    plots: [{p.csv: {x: step, y: loss, header: false}}]
`);
		const st = s.stages[0];
		assert.deepEqual(st.params, [
			{ file: 'src/params.yaml', keys: ['lr', 'epochs', 'x'] },
			{ file: 'src/cfg.toml', keys: ['a.b'] },
			{ file: 'src/other.yaml', keys: 'all' },
		]);
		assert.deepEqual(st.outs, [
			{ path: 'src/model.pt', cache: true, persist: false, push: true },
			{ path: 'src/logs', cache: false, persist: true, push: true, desc: 'd' },
		]);
		assert.equal(st.metrics[0].cache, false);
		assert.deepEqual(s.plots, [
			{ id: 'src/p.csv', template: 'linear', y: { 'src/p.csv': ['loss'] }, x: { 'src/p.csv': 'step' }, header: false },
		]);
	});

	it('expands foreach and matrix with DVC names and interpolates vars and params.yaml', () => {
		const s = spec(
			`vars:
  - models: {a: {lr: 1}, b: {lr: 2}}
stages:
  loop:
    foreach: [x, y]
    do: {cmd: echo, outs: ['\${item}.out']}
  byKey:
    foreach: \${models}
    do: {cmd: echo, metrics: ['\${key}/m-\${item.lr}.json']}
  grid:
    matrix: {m: [p, q], n: [1, 2]}
    cmd: echo
    outs: ['\${item.m}_\${item.n}_\${base}']
`,
			{ params: { base: 0.5 } },
		);
		assert.deepEqual(
			s.stages.map((x) => x.name),
			['loop@x', 'loop@y', 'byKey@a', 'byKey@b', 'grid@p-1', 'grid@p-2', 'grid@q-1', 'grid@q-2'],
		);
		assert.equal(s.stages[0].outs[0].path, 'x.out');
		assert.equal(s.stages[3].metrics[0].path, 'b/m-2.json');
		assert.equal(s.stages[7].outs[0].path, 'q_2_0.5');
	});

	it('reads stage deps as written (dvc.lock keys them so) and with wdir and foreach items applied', () => {
		const s = spec(`stages:
  prep:
    foreach: [a, b]
    do:
      cmd: echo
      wdir: shards
      deps: ['\${item}.txt', ../data/, ./x.py]
  plain:
    cmd: echo
    deps: [data.txt]
  bad:
    cmd: echo
    deps: [{data.txt: {}}]
`);
		assert.deepEqual(
			s.stages.map((x) => [x.name, x.deps]),
			[
				[
					'prep@a',
					[
						{ def: 'a.txt', path: 'shards/a.txt' },
						{ def: '../data/', path: 'data' },
						{ def: './x.py', path: 'shards/x.py' },
					],
				],
				[
					'prep@b',
					[
						{ def: 'b.txt', path: 'shards/b.txt' },
						{ def: '../data/', path: 'data' },
						{ def: './x.py', path: 'shards/x.py' },
					],
				],
				['plain', [{ def: 'data.txt', path: 'data.txt' }]],
			],
		);
		assert.deepEqual(
			s.errors.map((e) => e.message),
			["stage 'bad': deps must be a list of paths"],
		);
	});

	it('keeps good entries and reports bad ones', () => {
		const s = spec(`foo: 1
artifacts:
  ok-model: {path: m.pt}
  -bad-: {path: x.pt}
  nopath: {type: model}
stages:
  broken: {outs: [a]}
  missing: {cmd: x, outs: ['\${nope}']}
  good: {cmd: x, outs: [b]}
`);
		assert.deepEqual(
			s.artifacts.map((a) => a.name),
			['ok-model', '-bad-'],
		);
		assert.deepEqual(
			s.stages.map((x) => x.name),
			['good'],
		);
		const messages = s.errors.map((e) => e.message).join('\n');
		for (const m of ["'foo'", '-bad-', 'nopath', 'broken', 'missing']) {
			assert.ok(messages.includes(m), `${m} in ${messages}`);
		}
		assert.ok(s.errors.every((e) => e.file === 'dvc.yaml'));
	});

	it('fails on unreadable YAML and non-mapping documents', () => {
		assert.equal(parseDvcYaml('stages: [', 'dvc.yaml').ok, false);
		assert.equal(parseDvcYaml('- a', 'dvc.yaml').ok, false);
		assert.deepEqual(spec('').stages, []);
	});

	it('prints numbers as Python str() does inside text', () => {
		assert.deepEqual([1e-5, 0.0001, 1e16, 123.5, 3].map(pyNumberStr), ['1e-05', '0.0001', '1e+16', '123.5', '3']);
	});
});
