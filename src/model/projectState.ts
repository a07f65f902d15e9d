/**
 * One project's live state: its git repo (shared per top-level), cached workspace source, the
 * revision rows, and the collected data per row. Commit data is cached forever by sha.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { GitAdapter } from '../git/gitAdapter';
import { GitObjects } from '../git/gitObjects';
import { CachingSource } from './cachingSource';
import { Containment } from './containment';
import type { RevisionData } from './collect';
import { collectRevision, findDvcYamlFiles, progressTotal } from './collect';
import type { DiscoveredProject } from './discovery';
import { DvcCacheSource } from './dvcCacheSource';
import { RevisionSource, WorkspaceSource } from './fileSource';
import type { FileSource } from './fileSource';
import type { RevisionRow } from './revisions';
import { listRevisions } from './revisions';
import type { Experiment, Project } from './types';

const COLLECT_CONCURRENCY = 16;

export interface GitRepo {
	adapter: GitAdapter;
	objects: GitObjects;
}

export interface ProjectSettings {
	commitsPerBranch: number;
	showAllBranches: boolean;
	showRemoteBranches?: boolean;
	log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string) => void;
}

export class ProjectState {
	readonly id: string;
	readonly workspace: CachingSource;
	rows: RevisionRow[] = [];
	private dvcYamlFiles: string[] | undefined;
	private wsData: RevisionData | undefined;
	private readonly commitData = new Map<string, Promise<RevisionData>>();

	constructor(
		readonly found: DiscoveredProject,
		readonly git: GitRepo | undefined,
		private readonly settings: ProjectSettings,
	) {
		this.id = found.kind === 'bare' ? path.join(found.root, found.bareDir ?? '') : found.root;
		this.workspace = new CachingSource(found.root);
	}

	get subdir(): string {
		return this.git ? path.relative(this.git.adapter.topLevel, this.found.root).split(path.sep).join('/') : '';
	}

	project(experiments: Experiment[]): Project {
		return {
			id: this.id,
			root: this.found.root,
			gitRoot: this.git?.adapter.topLevel,
			subdir: this.subdir,
			experiments,
		};
	}

	/** Forgets cached workspace answers under `rel`; a dvc.yaml change also re-lists dvc.yaml files. */
	invalidate(rel: string): void {
		this.workspace.invalidate(rel);
		this.wsData = undefined;
		if (rel.endsWith('dvc.yaml') || !path.posix.extname(rel)) {
			this.dvcYamlFiles = undefined;
		}
	}

	invalidateAll(): void {
		this.workspace.clear();
		this.wsData = undefined;
		this.dvcYamlFiles = undefined;
	}

	async listRows(): Promise<void> {
		this.rows = await listRevisions({
			projectId: this.id,
			workspace: this.workspace.inner,
			git: this.git,
			commitsPerBranch: this.settings.commitsPerBranch,
			showAllBranches: this.settings.showAllBranches,
			showRemoteBranches: this.settings.showRemoteBranches,
			subdir: this.subdir,
			withCommits: this.found.kind === 'dvc',
			dirExists: (abs) => dirInside(abs, this.found.root),
		});
	}

	sourceOf(row: RevisionRow): FileSource | undefined {
		if (row.source.type === 'workspace') {
			// As DVC, a workspace output that is not checked out is read from the cache (and else is
			// known as not pulled). A fresh wrapper per use: the workspace dvc.lock changes.
			return this.found.kind === 'dvc' ? new DvcCacheSource(this.workspace, this.found.root) : this.workspace;
		}
		if (row.source.type === 'dir') {
			return new WorkspaceSource(path.join(row.source.root, ...this.subdir.split('/')));
		}
		if (!this.git) {
			return undefined;
		}
		const source = new RevisionSource(this.git.objects, row.source.sha, this.subdir);
		return this.found.kind === 'dvc' ? new DvcCacheSource(source, this.found.root) : source;
	}

	/** The on-disk source of rows read from disk (live tables); undefined for commits. */
	diskSource(row: RevisionRow): WorkspaceSource | undefined {
		if (row.source.type === 'workspace') {
			return this.workspace.inner;
		}
		if (row.source.type === 'dir') {
			return new WorkspaceSource(path.join(row.source.root, ...this.subdir.split('/')));
		}
		return undefined;
	}

	async dataOf(row: RevisionRow): Promise<RevisionData | undefined> {
		const source = row.projectAbsent ? undefined : this.sourceOf(row);
		if (!source) {
			return undefined;
		}
		const opts = { kind: this.found.kind, bareDir: this.found.bareDir, excludeDirs: this.found.excludeDirs };
		if (row.source.type === 'commit') {
			const sha = row.source.sha;
			let data = this.commitData.get(sha);
			if (!data) {
				data = collectRevision(source, opts);
				this.commitData.set(sha, data);
			}
			return data;
		}
		if (row.source.type === 'dir') {
			return collectRevision(source, opts);
		}
		if (!this.wsData) {
			this.dvcYamlFiles ??=
				this.found.kind === 'dvc' ? await findDvcYamlFiles(this.workspace, this.found.excludeDirs) : [];
			this.wsData = await collectRevision(source, { ...opts, dvcYamlFiles: this.dvcYamlFiles });
		}
		return this.wsData;
	}

	/** Rows are collected a few at a time: their object reads pipeline through the one cat-file process. */
	async experiments(): Promise<Experiment[]> {
		const out = new Array<Experiment>(this.rows.length);
		let next = 0;
		const worker = async () => {
			for (let i = next++; i < this.rows.length; i = next++) {
				const row = this.rows[i];
				const data = await this.dataOf(row).catch((err: unknown) => {
					this.settings.log('error', `collect ${row.id} failed: ${String(err)}`);
					return undefined;
				});
				out[i] = toExperiment(this.id, row, data);
			}
		};
		await Promise.all(Array.from({ length: Math.min(COLLECT_CONCURRENCY, this.rows.length) }, worker));
		return out;
	}

	/** Project-relative files and dirs the watcher should cover, from the last workspace read. */
	watchedFiles(): string[] {
		const out = new Set<string>(this.dvcYamlFiles ?? []);
		// `dvc commit` rewrites a dvc.lock alone: its deps must refresh without a metrics change.
		for (const file of this.dvcYamlFiles ?? []) {
			out.add(path.posix.join(path.posix.dirname(file), 'dvc.lock'));
		}
		for (const dir of this.wsData?.dvcliveDirs ?? []) {
			out.add(dir);
		}
		return [...out];
	}
}

function toExperiment(projectId: string, row: RevisionRow, data: RevisionData | undefined): Experiment {
	const exp: Experiment = {
		id: row.id,
		projectId,
		kind: row.kind,
		rev: row.rev,
		name: row.name,
		status: row.status,
		params: data?.params ?? {},
		// `dvc exp show` drops the metrics of queued entries (collect_queued): the stash only holds stale ones.
		metrics: row.status === 'queued' ? {} : (data?.metrics ?? {}),
		deps: data?.deps ?? {},
		series: data?.series ?? [],
		images: data?.images ?? [],
		artifacts: data?.artifacts ?? [],
		plots: data?.plots ?? [],
		events: data?.events ?? [],
		tables: data?.tables ?? [],
		errors: data?.errors ?? [],
	};
	if (row.baselineSha) {
		exp.baselineSha = row.baselineSha;
	}
	for (const key of ['branches', 'tags', 'remoteBranches', 'remoteOnly'] as const) {
		if (row[key] !== undefined) {
			(exp as unknown as Record<string, unknown>)[key] = row[key];
		}
	}
	if (row.message !== undefined) {
		exp.message = row.message;
	}
	if (row.timestamp !== undefined) {
		exp.timestamp = row.timestamp;
	}
	const error = row.error ?? (data ? undefined : 'revision could not be read');
	if (error) {
		exp.error = error;
	}
	if (row.kind === 'experiment' && row.status === 'running' && row.source.type === 'workspace') {
		exp.inWorkspace = true;
	}
	const step = row.liveStep ?? data?.progress?.step;
	if (step !== undefined) {
		exp.progress = { step, total: data ? progressTotal(data.params) : undefined };
	}
	return exp;
}

/** One GitAdapter + cat-file process per repository top-level, shared by its projects. */
export async function openRepo(
	root: string,
	repos: Map<string, GitRepo | undefined>,
	log: ProjectSettings['log'],
): Promise<GitRepo | undefined> {
	const opened = await GitAdapter.open(root);
	if (!opened.ok) {
		log('info', `git unavailable for ${root}: ${opened.error}`);
		return undefined;
	}
	const top = opened.value.topLevel;
	if (!repos.has(top)) {
		repos.set(top, { adapter: opened.value, objects: GitObjects.forRepo(top, (m) => log('warn', m)) });
	}
	return repos.get(top);
}

/**
 * An executor checkout named by an infofile in the repo: read only when its real path is a directory
 * inside the project (DVC keeps them under .dvc/tmp/exps), or a cloned repo could point it anywhere.
 */
async function dirInside(abs: string, root: string): Promise<boolean> {
	const where = await new Containment(root).resolveAbs(abs);
	return (
		where.ok &&
		(await fsp.stat(where.real).then(
			(s) => s.isDirectory(),
			() => false,
		))
	);
}
