/** A tiny ExperimentsModel over real files in a temp dir, for Studio tests (no git, one project). */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ExperimentsModel, ModelChange, SeriesAppend } from '../../../src/model/api';
import { blankExperiment } from '../../../src/model/blankExperiment';
import type { Experiment, Project } from '../../../src/model/types';
import { Emitter } from '../../../src/util/event';

export function experiment(overrides: Partial<Experiment> = {}): Experiment {
	return blankExperiment({
		id: 'p|exp|' + 'a'.repeat(40) + '|bold-run',
		projectId: 'p',
		kind: 'experiment',
		rev: 'b'.repeat(40),
		name: 'bold-run',
		baselineSha: 'a'.repeat(40),
		status: 'running',
		...overrides,
	});
}

export class FsModel implements ExperimentsModel {
	readonly changes = new Emitter<ModelChange>();
	readonly appends = new Emitter<SeriesAppend>();
	readonly onDidChangeExperiments = this.changes.event;
	readonly onDidAppendSeries = this.appends.event;
	readonly ready = Promise.resolve();
	readonly experiments = new Map<string, Experiment>();

	constructor(readonly root: string) {}

	add(exp: Experiment): Experiment {
		this.experiments.set(exp.id, exp);
		return exp;
	}

	/** Applies a change to an experiment and tells listeners, as the model does after a scan. */
	change(id: string, patch: Partial<Experiment>): void {
		Object.assign(this.experiments.get(id) as Experiment, patch);
		this.changes.fire({ changed: [id], removed: [], structure: false });
	}

	/** The row disappears, as a finished run without an experiment ref does from the real model. */
	remove(id: string): void {
		this.experiments.delete(id);
		this.changes.fire({ changed: [], removed: [id], structure: true });
	}

	getProjects(): readonly Project[] {
		return [{ id: 'p', root: this.root, subdir: '', experiments: [...this.experiments.values()] }];
	}
	getExperiments(): readonly Experiment[] {
		return [...this.experiments.values()];
	}
	getExperiment(id: string): Experiment | undefined {
		return this.experiments.get(id);
	}
	readSeriesTable(): Promise<undefined> {
		return Promise.resolve(undefined);
	}
	async readFile(_id: string, file: string): Promise<Uint8Array | undefined> {
		try {
			return await readFile(path.join(this.root, file));
		} catch {
			return undefined;
		}
	}
	async refresh(): Promise<void> {}
}
