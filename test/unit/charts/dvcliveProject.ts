/** A real DVCLive project in a git repo (committed baseline + a live workspace), opened by the real model. */
import { loadSnapshot } from '../../../src/charts/snapshot';
import type { LoadedSnapshot } from '../../../src/charts/snapshot';
import { createExperimentsModel } from '../../../src/model/model';
import type { ExperimentsModelImpl } from '../../../src/model/model';
import { commitAll, initRepo, write } from '../git/repoHelpers';

const DVC_YAML = [
	'metrics:',
	'- dvclive/metrics.json',
	'plots:',
	'- dvclive/plots/metrics:',
	'    x: step',
	'- dvclive/plots/images',
	'- plots/roc.csv:',
	'    x: fpr',
	'    y: tpr',
	'',
].join('\n');

function writeRun(dir: string, steps: number, scale: number): void {
	const rows = (name: string) =>
		[`step\t${name}`, ...Array.from({ length: steps }, (_, i) => `${i}\t${(scale / (i + 1)).toFixed(4)}`)].join('\n');
	write(dir, 'dvclive/plots/metrics/train/loss.tsv', rows('loss') + '\n');
	write(dir, 'dvclive/plots/metrics/eval/acc.tsv', rows('acc') + '\n');
	write(dir, 'dvclive/metrics.json', JSON.stringify({ step: steps - 1, train: { loss: scale / steps } }));
}

export interface DvcLiveProject {
	dir: string;
	model: ExperimentsModelImpl;
}

export async function openDvcLiveProject(): Promise<DvcLiveProject> {
	const dir = initRepo();
	write(dir, 'dvc.yaml', DVC_YAML);
	write(dir, '.dvc/config', '');
	write(dir, 'plots/roc.csv', 'fpr,tpr\n0,0\n0.5,0.8\n1,1\n');
	write(dir, 'dvclive/plots/images/cm.png', 'not really a png');
	writeRun(dir, 4, 2);
	commitAll(dir, 'baseline');
	writeRun(dir, 6, 1.5);
	const model = createExperimentsModel({
		folders: [dir],
		allowGit: true,
		commitsPerBranch: 5,
		showAllBranches: true,
		debounceMs: 5,
	});
	await model.ready;
	return { dir, model };
}

/** The chart panel's snapshot of every experiment of the project, as the panel loads it. */
export function snapshotOfAll(model: ExperimentsModelImpl): Promise<LoadedSnapshot> {
	const ids = model.getExperiments().map((e) => e.id);
	return loadSnapshot({
		model,
		selected: ids,
		colourOf: (id) => (id.endsWith('workspace') ? '#3794ff' : '#f14c4c'),
		options: { xAxis: 'step', smoothing: 0 },
		axes: {},
		ignoreOutliers: false,
		budget: 200,
	});
}
