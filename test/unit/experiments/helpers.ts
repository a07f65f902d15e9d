import { blankExperiment } from '../../../src/model/blankExperiment';
import type { Experiment, Project } from '../../../src/model/types';

export function sha(n: number): string {
	return n.toString(16).padStart(40, '0');
}

export function exp(partial: Partial<Experiment> & Pick<Experiment, 'id' | 'name'>): Experiment {
	return blankExperiment({ projectId: 'p', kind: 'experiment', rev: sha(1000), status: 'success', ...partial });
}

/** workspace, HEAD commit (main) with three experiments, an older commit with one. */
export function sampleProject(): Project {
	const head = sha(1);
	const old = sha(2);
	return {
		id: 'p',
		root: '/repo',
		subdir: '',
		experiments: [
			exp({
				id: 'p|workspace',
				name: 'workspace',
				kind: 'workspace',
				rev: 'workspace',
				params: { 'params.yaml': { lr: 0.01, epochs: 10 } },
			}),
			exp({
				id: `p|${head}`,
				name: 'main',
				kind: 'commit',
				rev: head,
				message: 'Train longer\n\nbody',
				timestamp: 3000,
				params: { 'params.yaml': { lr: 0.001, epochs: 10 } },
				metrics: { 'dvclive/metrics.json': { loss: 0.5 } },
			}),
			exp({ id: `p|${old}`, name: old.slice(0, 7), kind: 'commit', rev: old, message: 'init', timestamp: 1000 }),
			exp({ id: `p|exp|${head}|old-run`, name: 'old-run', baselineSha: head, rev: sha(11), timestamp: 3100 }),
			exp({ id: `p|exp|${head}|new-run`, name: 'new-run', baselineSha: head, rev: sha(12), timestamp: 3500 }),
			exp({
				id: `p|exp|${head}|live`,
				name: 'live',
				baselineSha: head,
				rev: sha(13),
				timestamp: 3200,
				status: 'running',
				progress: { step: 6, total: 10 },
				params: { 'params.yaml': { lr: 0.002, epochs: 10, extra: 'x' } },
			}),
			exp({
				id: `p|exp|${old}|first`,
				name: 'first',
				baselineSha: old,
				rev: sha(14),
				timestamp: 1100,
				status: 'failed',
				error: 'boom <b>',
			}),
		],
	};
}
