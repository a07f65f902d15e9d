import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentsModelImpl } from '../../src/model/model';
import type { Experiment } from '../../src/model/types';
import { compareExperiments, compareSeries, rowKey } from './support/compare';
import type { DvcRow, PlotsDiff } from './support/dvc';
import { parseExpShow, plotsDiff, runDvc } from './support/dvc';
import type { BuiltRepo } from './support/repos';
import { buildRepo, openModel, plotIdFiles } from './support/repos';

const only = (lines: string[], re: RegExp): string[] => lines.filter((l) => re.test(l));

describe('interop: full pipeline repo, Runlens model vs dvc exp show / plots diff', function () {
	this.timeout(20 * 60_000);
	let repo: BuiltRepo;
	let model: ExperimentsModelImpl;
	let all: DvcRow[];
	let headOnly: DvcRow[];
	let mismatches: string[];
	let ours: readonly Experiment[];
	let plots: PlotsDiff;
	let withPlots: Experiment[];

	before(async () => {
		repo = await buildRepo('full');
		const [allJson, headJson] = await Promise.all([
			runDvc(repo.dir, ['exp', 'show', '--json', '-A']),
			runDvc(repo.dir, ['exp', 'show', '--json']),
		]);
		all = parseExpShow(allJson);
		headOnly = parseExpShow(headJson);
		model = await openModel(repo.dir);
		ours = model.getExperiments();
		mismatches = compareExperiments(ours, all);
		// Plots exist for every revision except the first commit and queued/failed runs.
		withPlots = ours.filter((e) => e.status === 'success' && e.rev !== repo.summary.commits?.init);
		plots = await plotsDiff(repo.dir, withPlots.map(rowKey));
	});

	after(() => {
		model?.dispose();
		repo?.cleanup();
	});

	it('the generated repo has what the tier must cover (guards the generator)', () => {
		const kinds = all.map((r) => r.kind);
		assert.equal(kinds.filter((k) => k === 'workspace').length, 1);
		assert.equal(kinds.filter((k) => k === 'commit').length, 4);
		assert.ok(kinds.filter((k) => k === 'experiment').length >= 5, kinds.join(','));
		assert.deepEqual(
			all
				.filter((r) => r.status !== 'success')
				.map((r) => `${r.name}:${r.status}`)
				.sort(),
			['exp-fails:failed', 'exp-queued:queued'],
		);
		const baselines = new Set(all.filter((r) => r.baseline).map((r) => r.baseline));
		assert.equal(baselines.size, 3, 'experiments under three baselines (two on main, one on feature)');
	});

	it('has exactly the revisions of dvc exp show -A (workspace, every commit, every experiment)', () => {
		assert.deepEqual(only(mismatches, /missing in Runlens \(DVC status|in Runlens but not in DVC/), []);
	});

	it('has DVC names, baselines, kinds and states for every revision', () => {
		assert.deepEqual(only(mismatches, / (kind|status|name|branch name|baseline): /), []);
	});

	it('has the params of every revision, key for key, with identical values and types', () => {
		assert.deepEqual(only(mismatches, /\] params /), []);
	});

	it('has the metrics of every revision, key for key, with identical values and types', () => {
		assert.deepEqual(only(mismatches, /\] metrics /), []);
	});

	it('has the stage deps of every revision, path for path, with identical hash, size and nfiles', () => {
		assert.deepEqual(only(mismatches, /\] deps /), []);
	});

	it('covers file and directory deps, unrecorded ones and hashes that change between revisions (guards the generator)', () => {
		const hashes = (path: string) => new Set(all.map((r) => r.deps[path]?.hash));
		const workspace = all.find((r) => r.kind === 'workspace')!;
		assert.ok(workspace.deps['data/raw']?.hash?.endsWith('.dir'), JSON.stringify(workspace.deps));
		assert.equal(workspace.deps['data/raw']?.nfiles, 3);
		assert.equal(workspace.deps['shards/a.txt']?.size, 8, 'a foreach member with wdir');
		assert.deepEqual(workspace.deps['notes.txt'], { hash: null, size: null, nfiles: null });
		assert.ok(hashes('data/raw').size >= 3, 'the dir hash differs between baseline, main and the init commit (null)');
		assert.ok(hashes('train.py').has(null));
	});

	it('agrees with dvc exp show without -A (HEAD baseline) on every row DVC lists', () => {
		assert.ok(headOnly.length >= 4);
		// Runlens lists more rows (all branches and commits); every row DVC shows must match.
		assert.deepEqual(
			compareExperiments(ours, headOnly).filter((l) => !/in Runlens but not in DVC/.test(l)),
			[],
		);
	});

	it('reads the series values dvc plots diff renders, for every revision and plot (all three dvc.yaml forms)', async () => {
		const out: string[] = [];
		let compared = 0;
		const dvcYaml = join(repo.dir, 'dvc.yaml');
		for (const [id, byRev] of Object.entries(plots.vega)) {
			const files = plotIdFiles(dvcYaml, id) ?? [id];
			for (const exp of withPlots) {
				const points = byRev[rowKey(exp)];
				if (!points) {
					out.push(`plot ${id}: DVC has no datapoints for ${exp.name} ${rowKey(exp)}`);
					continue;
				}
				out.push(...(await compareSeries(model, exp, id, files, points)));
				compared++;
			}
		}
		assert.ok(Object.keys(plots.vega).includes('train_vs_eval'), 'the plot-id form was rendered');
		assert.ok(Object.keys(plots.vega).includes('plots/pr.json'), 'the path-with-props form was rendered');
		assert.ok(Object.keys(plots.vega).includes('plots/loss.csv'), 'the plain path form was rendered');
		assert.ok(compared >= withPlots.length * 8, `compared ${compared} plot/revision pairs`);
		assert.deepEqual(out, []);
	});

	it('has every image DVC renders per revision (name/{step}.png), byte for byte', async () => {
		const out: string[] = [];
		assert.ok(Object.keys(plots.images).length >= 4);
		for (const [file, byRev] of Object.entries(plots.images)) {
			for (const exp of withPlots) {
				const url = byRev[rowKey(exp)];
				const listed = exp.images.some((i) => i.file === file);
				if (!url) {
					if (listed) {
						out.push(`${exp.name}: Runlens lists image ${file}, DVC has none`);
					}
					continue;
				}
				if (!listed) {
					out.push(`${exp.name} ${rowKey(exp)}: image ${file} not in Runlens images`);
				}
				const bytes = await model.readFile(exp.id, file);
				if (!bytes || !Buffer.from(bytes).equals(readFileSync(url))) {
					out.push(`${exp.name}: bytes of ${file} differ`);
				}
			}
		}
		assert.deepEqual(out, []);
	});
});
