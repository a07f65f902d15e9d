/** Options of `createExperimentsModel` (settings the extension reads and passes in). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ModelOptions {
	folders: string[];
	allowGit: boolean;
	commitsPerBranch: number;
	showAllBranches: boolean;
	/** List remote-tracking branches' commits too (default true, as `dvc exp show -A`). */
	showRemoteBranches?: boolean;
	pollIntervalMs?: number;
	/** Coalescing window for watcher notifications. */
	debounceMs?: number;
	log?: (level: LogLevel, msg: string) => void;
}
