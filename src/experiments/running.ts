import type { Experiment } from '../model/types';
import { formatProgress } from './format';

const NAMES_SHOWN = 2;

/**
 * The experiment a running workspace is running: the model lists a run that writes into the
 * workspace twice (the workspace row, and the experiment under its baseline), and views show it
 * once, as the workspace row naming the experiment.
 */
export function workspaceRunOf(workspace: Experiment, experiments: readonly Experiment[]): Experiment | undefined {
	if (workspace.kind !== 'workspace' || workspace.status !== 'running') {
		return undefined;
	}
	return experiments.find((e) => e.inWorkspace && e.status === 'running' && e.projectId === workspace.projectId);
}

/** The runs to show: each once, the workspace's under the experiment name it runs. */
export function distinctRuns(experiments: readonly Experiment[]): { exp: Experiment; name: string }[] {
	const running = experiments.filter((e) => e.status === 'running');
	const twins = new Map<string, Experiment>();
	for (const ws of running) {
		const twin = workspaceRunOf(ws, running);
		if (twin) {
			twins.set(ws.id, twin);
		}
	}
	const hidden = new Set([...twins.values()].map((t) => t.id));
	return running
		.filter((e) => !hidden.has(e.id))
		.map((e) => ({ exp: e, name: twins.has(e.id) ? `${twins.get(e.id)!.name} (workspace)` : e.name }));
}

/** Text and tooltip for the running runs, or undefined when nothing runs (pure, for tests). */
export function runningSummary(experiments: readonly Experiment[]): { text: string; tooltip: string } | undefined {
	const running = distinctRuns(experiments);
	if (running.length === 0) {
		return undefined;
	}
	const one = ({ exp: e, name }: { exp: Experiment; name: string }): string => {
		const progress = formatProgress(e);
		return progress ? `${name} ${progress}` : name;
	};
	// Names come from git refs and files: `$(x)` in one must not render as an icon.
	const shown = running
		.slice(0, NAMES_SHOWN)
		.map((e) => one(e).replace(/\$\(/g, '\\$('))
		.join(', ');
	const more = running.length > NAMES_SHOWN ? ` +${running.length - NAMES_SHOWN}` : '';
	const tooltip = [`${running.length} running`, ...running.map(one), '', 'Click to show the charts'].join('\n');
	return { text: `$(sync~spin) ${shown}${more}`, tooltip };
}
