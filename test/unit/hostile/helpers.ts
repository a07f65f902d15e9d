/** Shared set-up of the hostile-input suite: a small valid DVC project in a temp dir, opened by the real model. */
import * as assert from 'node:assert/strict';
import type { ExperimentsModelImpl } from '../../../src/model/model';
import { createExperimentsModel } from '../../../src/model/model';
import type { Experiment } from '../../../src/model/types';
import { tempDir, write } from '../git/repoHelpers';

export const DVC_YAML = [
	'params:',
	'- conf.toml',
	'- extra.json',
	'metrics:',
	'- dvclive/metrics.json',
	'- scores.json',
	'plots:',
	'- dvclive/plots/metrics:',
	'    x: step',
	'',
].join('\n');

/** The valid values every case compares against: what a hostile file must not disturb. */
export const GOOD = {
	params: { 'params.yaml': { lr: 0.1 }, 'conf.toml': { 'opt.beta': 0.9 }, 'extra.json': { seed: 1 } },
	metrics: { 'dvclive/metrics.json': { loss: 0.5, step: 1 }, 'scores.json': { f1: 0.5 } },
};

export function goodProject(dir = tempDir('runlens-hostile-')): string {
	write(dir, '.dvc/config', '');
	write(dir, 'dvc.yaml', DVC_YAML);
	write(dir, 'params.yaml', 'lr: 0.1\n');
	write(dir, 'conf.toml', '[opt]\nbeta = 0.9\n');
	write(dir, 'extra.json', '{"seed": 1}');
	write(dir, 'scores.json', '{"f1": 0.5}');
	write(dir, 'dvclive/metrics.json', '{"loss": 0.5, "step": 1}');
	write(dir, 'dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t1\n1\t0.5\n');
	return dir;
}

export function openModel(dir: string): ExperimentsModelImpl {
	return createExperimentsModel({
		folders: [dir],
		allowGit: false,
		commitsPerBranch: 5,
		showAllBranches: true,
		debounceMs: 5,
	});
}

/** Hang guard, not a performance check: a read that never settles fails the case instead of the run. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hang?)`)), ms);
	});
	try {
		return await Promise.race([work, deadline]);
	} finally {
		clearTimeout(timer);
	}
}

export function workspace(model: ExperimentsModelImpl): Experiment {
	const ws = model.getExperiments().find((e) => e.kind === 'workspace');
	assert.ok(ws, 'the workspace row exists');
	return ws;
}

export function errorFiles(exp: Experiment): string[] {
	return [...new Set(exp.errors.map((e) => e.file))].sort();
}

/** Everything except `broken` still has its valid values. */
export function assertRestIntact(exp: Experiment, broken: string): void {
	for (const [kind, files] of Object.entries(GOOD) as [keyof typeof GOOD, Record<string, unknown>][]) {
		for (const [file, values] of Object.entries(files)) {
			if (file !== broken) {
				assert.deepEqual(exp[kind][file], values, `${kind} of ${file} survive a hostile ${broken}`);
			}
		}
	}
	assert.deepEqual(
		exp.errors.filter((e) => e.file !== broken),
		[],
		'no other file gets an error',
	);
}
