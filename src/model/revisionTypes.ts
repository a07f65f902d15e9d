/**
 * Types shared by the revision lister (revisions.ts) and its helpers (baselines, queue, running),
 * kept apart so the helpers never import the lister back.
 */
import type { GitAdapter } from '../git/gitAdapter';
import type { GitObjects } from '../git/gitObjects';
import type { FileSource } from './fileSource';
import type { Experiment } from './types';

export type RowSource = { type: 'workspace' } | { type: 'commit'; sha: string } | { type: 'dir'; root: string };

/** One row of `dvc exp show`: the experiment's identity and state, before its files are read. */
export interface RevisionRow extends Pick<
	Experiment,
	| 'id'
	| 'kind'
	| 'rev'
	| 'name'
	| 'baselineSha'
	| 'branches'
	| 'tags'
	| 'remoteBranches'
	| 'remoteOnly'
	| 'message'
	| 'timestamp'
	| 'status'
	| 'error'
> {
	source: RowSource;
	/** Step from DVCLIVE_STEP_COMPLETED, for rows read live from the workspace. */
	liveStep?: number;
	/** The project does not exist at this commit (added later): nothing to read, `error` says so. */
	projectAbsent?: boolean;
}

export interface RevisionInput {
	projectId: string;
	/** Project-root files (the `.dvc/tmp/exps/run` infofiles live under the DVC root). */
	workspace: FileSource;
	git?: { adapter: GitAdapter; objects: GitObjects };
	/** The project's directory relative to the git top level ('' at the top). */
	subdir?: string;
	commitsPerBranch: number;
	showAllBranches: boolean;
	/** Also list commits of remote-tracking branches (`refs/remotes/*`), as `dvc exp show -A` does. */
	showRemoteBranches?: boolean;
	/** Whether project data at commits should be listed at all (bare DVCLive dirs: no). */
	withCommits: boolean;
	isPidAlive?: (pid: number) => boolean;
	dirExists?: (abs: string) => Promise<boolean>;
}
