import type { Experiment } from '../model/types';

/** One row of the "Select Experiments" quick pick. vscode-free so the ordering is unit-tested. */
export interface SelectItem {
	id: string;
	label: string;
	description: string;
	picked: boolean;
}

const STATUS_ORDER = { running: 0, success: 1, queued: 2, failed: 3 } as const;

/** Running runs first, then newest first, so the runs one usually compares are at the top. */
export function selectItems(experiments: readonly Experiment[], isSelected: (id: string) => boolean): SelectItem[] {
	return [...experiments]
		.sort(
			(a, b) =>
				STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (b.timestamp ?? Infinity) - (a.timestamp ?? Infinity),
		)
		.map((e) => ({
			id: e.id,
			label: e.name,
			description: [e.status, e.rev === 'workspace' ? '' : e.rev.slice(0, 7), e.message ?? '']
				.filter((p) => p)
				.join(' · '),
			picked: isSelected(e.id),
		}));
}
