import type { Experiment } from '../model/types';
import { formatProgress } from './format';

const NAMES_SHOWN = 2;

/** Text and tooltip for the running runs, or undefined when nothing runs (pure, for tests). */
export function runningSummary(experiments: readonly Experiment[]): { text: string; tooltip: string } | undefined {
	const running = experiments.filter((e) => e.status === 'running');
	if (running.length === 0) {
		return undefined;
	}
	const one = (e: Experiment): string => {
		const progress = formatProgress(e);
		return progress ? `${e.name} ${progress}` : e.name;
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
