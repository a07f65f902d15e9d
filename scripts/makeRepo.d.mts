export type RepoKind = 'full' | 'dvclive' | 'bare' | 'bench';
export interface MakeRepoOptions {
	kind?: RepoKind;
	experiments?: number;
	steps?: number;
	metrics?: number;
	/** false: no queued/failed experiments (faster). */
	queue?: boolean;
	python?: string;
}
export interface RepoSummary {
	kind: RepoKind;
	dir: string;
	seconds: number;
	commits?: Record<string, string>;
	experiments?: string[] | Record<string, unknown>;
}
export declare const GEN_DIR: string;
export declare function makeRepo(dir: string, opts?: MakeRepoOptions): Promise<RepoSummary>;
export declare function ensureBenchRepo(
	experiments: number,
	opts?: { steps?: number; metrics?: number; python?: string },
): Promise<string>;
