import type { Experiment } from './types';

type Identity = Pick<Experiment, 'id' | 'projectId' | 'kind' | 'rev' | 'name' | 'status'>;

/**
 * An experiment row with nothing read yet. The model fills rows from files; this is for rows made
 * without it (a Studio stream whose row is gone, replayed from the outbox) and for test builders,
 * so a field added to `Experiment` gets its empty value in one place.
 */
export function blankExperiment(identity: Identity & Partial<Experiment>): Experiment {
	return {
		params: {},
		metrics: {},
		deps: {},
		series: [],
		images: [],
		artifacts: [],
		plots: [],
		events: [],
		tables: [],
		errors: [],
		...identity,
	};
}
