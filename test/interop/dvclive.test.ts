import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { ExperimentsModelImpl } from '../../src/model/model';
import type { Experiment } from '../../src/model/types';
import { compareExperiments, compareSeries, rowKey } from './support/compare';
import { flattenLikeDvc, parseExpShow, plotsDiff, runDvc } from './support/dvc';
import type { BuiltRepo } from './support/repos';
import { buildRepo, openModel } from './support/repos';

function tsvFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? tsvFiles(p) : p.endsWith('.tsv') ? [p] : [];
	});
}

/** DVCLive's TSV as datapoints, split independently of Runlens (header row, then tab-separated cells). */
function tsvPoints(file: string): Record<string, string>[] {
	const [header, ...lines] = readFileSync(file, 'utf8')
		.split(/\r?\n/)
		.filter((l) => l !== '');
	const cols = header.split('\t');
	return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], v])));
}

describe('interop: DVCLive-only repo (Live(save_dvc_exp=True), no pipeline) vs dvc exp show', function () {
	this.timeout(20 * 60_000);
	let repo: BuiltRepo;
	let model: ExperimentsModelImpl;
	let ours: readonly Experiment[];

	before(async () => {
		repo = await buildRepo('dvclive', ['--experiments', '3', '--steps', '5', '--metrics', '2']);
		model = await openModel(repo.dir);
		ours = model.getExperiments();
	});

	after(() => {
		model?.dispose();
		repo?.cleanup();
	});

	it('has the rows, names, baselines, states, params and metrics of dvc exp show -A', async () => {
		const dvc = parseExpShow(await runDvc(repo.dir, ['exp', 'show', '--json', '-A']));
		assert.equal(dvc.filter((r) => r.kind === 'experiment').length, 3);
		assert.deepEqual(compareExperiments(ours, dvc), []);
	});

	it('reads the series of every experiment as dvc plots diff renders them', async () => {
		const exps = ours.filter((e) => e.kind === 'experiment');
		const plots = await plotsDiff(repo.dir, exps.map(rowKey));
		const out: string[] = [];
		const ids = Object.keys(plots.vega).filter((id) => id.endsWith('.tsv'));
		assert.ok(ids.length >= 4, ids.join(', '));
		for (const id of ids) {
			for (const exp of exps) {
				out.push(...(await compareSeries(model, exp, id, [id], plots.vega[id][rowKey(exp)] ?? [])));
			}
		}
		assert.deepEqual(out, []);
	});
});

describe('interop: bare DVCLive dir (no git, no DVC, no dvc.yaml) vs the files DVCLive wrote', function () {
	this.timeout(10 * 60_000);
	let repo: BuiltRepo;
	let model: ExperimentsModelImpl;
	let exp: Experiment;

	before(async () => {
		repo = await buildRepo('bare', ['--steps', '6', '--metrics', '1']);
		model = await openModel(repo.dir);
		const all = model.getExperiments();
		assert.equal(all.length, 1, `one experiment expected, got ${all.map((e) => e.name).join(', ')}`);
		exp = all[0];
	});

	after(() => {
		model?.dispose();
		repo?.cleanup();
	});

	it('has the summary metrics and params DVCLive wrote, flattened as DVC flattens them', () => {
		const metrics = JSON.parse(readFileSync(join(repo.dir, 'dvclive', 'metrics.json'), 'utf8'));
		const params = parse(readFileSync(join(repo.dir, 'dvclive', 'params.yaml'), 'utf8'));
		assert.deepEqual(exp.metrics, { 'dvclive/metrics.json': flattenLikeDvc(metrics) });
		assert.deepEqual(exp.params, { 'dvclive/params.yaml': flattenLikeDvc(params) });
	});

	it('has every plots/metrics TSV as a series with the values DVCLive wrote', async () => {
		const files = tsvFiles(join(repo.dir, 'dvclive', 'plots', 'metrics'));
		assert.ok(files.length >= 3);
		const out: string[] = [];
		for (const abs of files) {
			const file = relative(repo.dir, abs).split('\\').join('/');
			out.push(...(await compareSeries(model, exp, file, [file], tsvPoints(abs))));
		}
		assert.deepEqual(out, []);
	});
});
