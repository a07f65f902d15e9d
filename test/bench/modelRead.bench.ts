import { performance } from 'node:perf_hooks';
import { createExperimentsModel } from '../../src/model/model';

export interface ModelReadResult {
	ms: number;
	/** Experiment rows (what `dvc exp show` nests under baselines), comparable with benchDvcExpShow. */
	experiments: number;
	/** Every row: workspace, baselines and experiments. */
	rows: number;
	/** Rows or files that failed to read: a bench over a broken repo is not a fair comparison. */
	errors: number;
}

/** Full cold read of every experiment of `repoPath` (compare with `dvc exp show --json -A`). */
export async function benchModelRead(repoPath: string): Promise<ModelReadResult> {
	const start = performance.now();
	const model = createExperimentsModel({
		folders: [repoPath],
		allowGit: true,
		commitsPerBranch: 10_000,
		showAllBranches: true,
	});
	try {
		await model.ready;
		const ms = performance.now() - start;
		const all = model.getExperiments();
		const errors = all.filter((e) => e.error !== undefined || e.errors.length > 0).length;
		return { ms, experiments: all.filter((e) => e.kind === 'experiment').length, rows: all.length, errors };
	} finally {
		model.dispose();
	}
}
