import type { ExperimentsModel } from '../model/api';
import type { Experiment } from '../model/types';
import { ExpRefGit } from '../git/expRefGit';
import type { ExpTarget } from './operations';

/** The repository an experiment lives in; an error naming the experiment when it has none. */
export function targetOf(model: ExperimentsModel, exp: Experiment): ExpTarget {
	const project = model.getProjects().find((p) => p.id === exp.projectId);
	if (!project?.gitRoot) {
		throw new Error(`"${exp.name}" is not in a git repository.`);
	}
	return { exp, git: new ExpRefGit(project.gitRoot), subdir: project.subdir };
}

export const isExperiment = (e: Experiment): boolean => e.kind === 'experiment';
