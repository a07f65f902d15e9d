/**
 * The experiment model: projects of the workspace folders, their revision rows and data, kept up
 * to date from file-watcher notifications (coalesced, serialised, at most one rerun pending) and
 * a poll of live series files. Nothing throws out of it: failures become FileErrors or
 * `Experiment.error`.
 */
import * as path from 'node:path';
import { Emitter } from '../util/event';
import type { ExperimentsModel, ModelChange, SeriesAppend } from './api';
import { discoverProjects } from './discovery';
import { retainParsePool } from './parse/parsePool';
import type { GitRepo } from './projectState';
import { ProjectState, openRepo } from './projectState';
import { SeriesAccess } from './seriesAccess';
import type { Entry } from './snapshot';
import { buildSnapshot, mergeErrors } from './snapshot';
import { UpdateRunner } from './updateRunner';
import type { Work } from './watchRouting';
import { markRunning, routeChange, watchedPaths } from './watchRouting';
import type { LogLevel, ModelOptions } from './modelOptions';
import type { Experiment, FileError, Project, SeriesTable } from './types';

export type { LogLevel, ModelOptions } from './modelOptions';

export class ExperimentsModelImpl implements ExperimentsModel {
	private readonly changeEmitter = new Emitter<ModelChange>();
	private readonly appendEmitter = new Emitter<SeriesAppend>();
	readonly onDidChangeExperiments = this.changeEmitter.event;
	readonly onDidAppendSeries = this.appendEmitter.event;
	readonly ready: Promise<void>;
	private states: ProjectState[] = [];
	private projects: Project[] = [];
	private byId = new Map<string, Entry>();
	private readonly repos = new Map<string, GitRepo | undefined>();
	private readonly series = new SeriesAccess();
	private readonly updates: UpdateRunner;
	private poller: NodeJS.Timeout | undefined;
	private disposed = false;
	private readonly log: (level: LogLevel, msg: string) => void;
	/** The parse worker thread lives while some model does (parsePool.ts). */
	private readonly releaseParsePool = retainParsePool();

	private opts: ModelOptions;

	constructor(opts: ModelOptions) {
		this.opts = { ...opts, folders: [...opts.folders] };
		this.log = opts.log ?? (() => undefined);
		this.updates = new UpdateRunner(
			(work) => this.process(work),
			this.log,
			() => this.opts.debounceMs ?? 100,
		);
		this.ready = this.updates.kick();
	}

	/** Workspace trust granted (or revoked): reopen every project with or without git. */
	setAllowGit(allow: boolean): Promise<void> {
		if (allow === this.opts.allowGit) {
			return this.updates.running ?? Promise.resolve();
		}
		this.opts.allowGit = allow;
		return this.rescanFresh();
	}

	/** Workspace folders changed: projects of removed folders go, new ones are discovered. */
	setFolders(folders: string[]): Promise<void> {
		this.opts.folders = [...folders];
		this.updates.pending.discover = true;
		return this.updates.kick();
	}

	setOptions(
		options: Partial<
			Pick<ModelOptions, 'commitsPerBranch' | 'showAllBranches' | 'showRemoteBranches' | 'pollIntervalMs'>
		>,
	): Promise<void> {
		const listing = () =>
			`${this.opts.commitsPerBranch}|${this.opts.showAllBranches}|${this.opts.showRemoteBranches ?? true}`;
		const before = listing();
		this.opts = { ...this.opts, ...options };
		if (this.poller && options.pollIntervalMs !== undefined) {
			clearInterval(this.poller);
			this.poller = undefined;
		}
		if (before === listing()) {
			this.updatePoller();
			return this.updates.running ?? Promise.resolve();
		}
		return this.rescanFresh();
	}

	/** A rescan whose project states are all rebuilt (their git handles and settings change). */
	private rescanFresh(): Promise<void> {
		this.updates.pending.discover = true;
		this.updates.pending.fresh = true;
		return this.updates.kick();
	}

	getProjects(): readonly Project[] {
		return this.projects;
	}

	getExperiments(): readonly Experiment[] {
		return this.projects.flatMap((p) => p.experiments);
	}

	getExperiment(id: string): Experiment | undefined {
		return this.byId.get(id)?.exp;
	}

	refresh(): Promise<void> {
		for (const s of this.states) {
			s.invalidateAll();
		}
		this.updates.pending.discover = true;
		return this.updates.kick();
	}

	/** Called by the file watcher with absolute paths; coalesced for `debounceMs`. */
	notifyFilesChanged(absPaths: string[]): void {
		for (const abs of absPaths) {
			routeChange(this.states, path.resolve(abs), this.updates.pending);
		}
		this.updates.schedule();
	}

	/** Watchers miss nested dirs made in a burst: forget everything under the new dir now. */
	notifyDirectoryCreated(absPath: string): void {
		routeChange(this.states, path.resolve(absPath), this.updates.pending);
		this.updates.pending.discover = true;
		void this.updates.kick();
	}

	private async process(work: Work): Promise<void> {
		if (this.disposed) {
			return;
		}
		if (work.discover) {
			await this.discover(work.fresh === true);
		}
		const relist = work.discover ? new Set(this.states) : work.rows;
		for (const s of relist) {
			await s.listRows().catch((e: unknown) => this.log('error', `list ${s.id}: ${String(e)}`));
		}
		await this.rebuild();
		await this.updateLiveTables();
		this.updatePoller();
	}

	private async discover(fresh: boolean): Promise<void> {
		if (fresh && !this.opts.allowGit) {
			this.closeRepos();
		}
		const found = (await Promise.all(this.opts.folders.map((f) => discoverProjects(f).catch(() => [])))).flat();
		const old = new Map(this.states.map((s) => [s.id, s]));
		const next: ProjectState[] = [];
		for (const f of found) {
			const settings = {
				commitsPerBranch: this.opts.commitsPerBranch,
				showAllBranches: this.opts.showAllBranches,
				showRemoteBranches: this.opts.showRemoteBranches,
				log: this.log,
			};
			const git = this.opts.allowGit ? await openRepo(f.root, this.repos, this.log) : undefined;
			const fresh = new ProjectState(f, git, settings);
			const prev = old.get(fresh.id);
			next.push(
				!fresh && prev && prev.found.kind === f.kind && prev.found.excludeDirs.join() === f.excludeDirs.join()
					? prev
					: fresh,
			);
		}
		this.states = next;
	}

	private async rebuild(): Promise<void> {
		const snap = await buildSnapshot(this.states, this.byId, (id) => this.series.errorsFor(id));
		this.projects = snap.projects;
		this.byId = snap.byId;
		this.series.prune((id) => snap.byId.has(id));
		const { change } = snap;
		if (change.changed.length || change.removed.length || change.structure) {
			this.changeEmitter.fire(change);
		}
	}

	async readSeriesTable(experimentId: string, file: string): Promise<SeriesTable | undefined> {
		try {
			const entry = this.byId.get(experimentId);
			const result = entry ? await this.series.read(entry.state, experimentId, file) : undefined;
			if (result) {
				this.attachErrors(experimentId, result.errors);
			}
			return result?.table;
		} catch (err) {
			this.log('warn', `readSeriesTable ${experimentId} ${file}: ${String(err)}`);
			return undefined;
		}
	}

	/** Table errors are found when a series is read: they join the experiment's file errors. */
	private attachErrors(experimentId: string, errors: readonly FileError[]): void {
		const entry = this.byId.get(experimentId);
		if (!entry || !mergeErrors(entry.exp, errors)) {
			return;
		}
		this.changeEmitter.fire({ changed: [experimentId], removed: [], structure: false });
	}

	async readFile(experimentId: string, file: string): Promise<Uint8Array | undefined> {
		const entry = this.byId.get(experimentId);
		const row = entry?.state.rows.find((r) => r.id === experimentId);
		const source = row ? entry?.state.sourceOf(row) : undefined;
		return source?.read(file).catch(() => undefined);
	}

	/** Checks every live table for appended or rewritten bytes and reports them. */
	async pollRunning(): Promise<void> {
		await this.updateLiveTables();
	}

	private async updateLiveTables(): Promise<void> {
		for (const append of await this.series.update()) {
			this.appendEmitter.fire(append);
			this.attachErrors(append.experimentId, this.series.errorsOf(append.file, append.experimentId));
		}
	}

	private updatePoller(): void {
		const anyRunning = this.getExperiments().some((e) => e.status === 'running');
		if (anyRunning && !this.poller && !this.disposed) {
			this.poller = setInterval(() => void this.poll(), this.opts.pollIntervalMs ?? 1000);
		} else if (!anyRunning && this.poller) {
			clearInterval(this.poller);
			this.poller = undefined;
		}
	}

	/** Safety net for missed watcher events while a run is live: live tables plus a workspace re-collect. */
	private async poll(): Promise<void> {
		if (this.updates.running) {
			return;
		}
		await this.pollRunning();
		markRunning(this.states, this.updates.pending);
		if (this.updates.hasWork()) {
			await this.updates.kick();
		}
	}

	/** What the file watcher should watch (never .dvc/cache). */
	getWatchedPaths(): string[] {
		return watchedPaths(this.states, (s) => this.byId.get(`${s.id}|workspace`)?.exp);
	}

	private closeRepos(): void {
		for (const repo of this.repos.values()) {
			repo?.objects.dispose();
		}
		this.repos.clear();
	}

	dispose(): void {
		this.disposed = true;
		this.updates.dispose();
		clearInterval(this.poller);
		this.closeRepos();
		this.releaseParsePool();
		this.changeEmitter.dispose();
		this.appendEmitter.dispose();
	}
}

export function createExperimentsModel(opts: ModelOptions): ExperimentsModelImpl {
	return new ExperimentsModelImpl(opts);
}
