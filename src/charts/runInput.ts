import type { Experiment, SeriesTable } from '../model/types';

/**
 * What the chart transforms read of one selected experiment. Its own module so that the pure
 * transforms (chartModel, events, xAxes) import it without importing each other in a circle.
 */
export type RunExperiment = Pick<Experiment, 'id' | 'name' | 'series' | 'events' | 'images' | 'plots'>;

export interface RunInput {
	experiment: RunExperiment;
	colour: string;
	/** Loaded series tables of this experiment, by file. */
	tables: ReadonlyMap<string, SeriesTable>;
}
