/**
 * The experiment model's data types: the contract between parsers, the git layer, the model and
 * every view. No `vscode` import here or anywhere under src/model.
 *
 * Paths are POSIX and relative to the project root (the folder holding the root dvc.yaml) unless
 * a field says otherwise.
 */

export type Scalar = string | number | boolean | null;
export type ParamValue = Scalar | ParamValue[] | { [key: string]: ParamValue };

/** Nested keys joined with `.` exactly as DVC flattens them; lists stay one value. */
export type FlatValues = Record<string, ParamValue>;

/** Result type for everything that parses untrusted input: parsers never throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; line?: number };

export function ok<T>(value: T): Result<T> {
	return { ok: true, value };
}

export function fail<T>(error: string, line?: number): Result<T> {
	return line === undefined ? { ok: false, error } : { ok: false, error, line };
}

/** An error attached to one file (at one revision): shown in the tree, never thrown. */
export interface FileError {
	file: string;
	message: string;
	line?: number;
	/**
	 * Not an error: the file is a DVC-tracked output that is neither in the workspace nor in the
	 * local cache (`dvc pull` fetches it). `remote` is the project's default DVC remote, if any.
	 */
	notPulled?: { remote?: string };
}

/**
 * A stage dependency as `dvc exp show` reports it (`ExpDep`): what the stage's dvc.lock entry
 * recorded (`.dir` hashes for directories), all null when the lock has no entry for it.
 */
export interface DepInfo {
	readonly hash: string | null;
	readonly size: number | null;
	readonly nfiles: number | null;
}

export type ExperimentStatus = 'queued' | 'running' | 'success' | 'failed';
export type ExperimentKind = 'workspace' | 'commit' | 'experiment';

/**
 * Columnar numeric table of one plot-data file (TSV/CSV/JSON). Columns hold numbers; cells that
 * are not numbers are NaN, except the strings `nan`, `inf`, `-inf` which map to NaN/±Infinity.
 * Arrays may be longer than `length` (spare capacity for appends): only [0, length) is valid.
 */
export interface SeriesTable {
	file: string;
	columns: string[];
	data: Record<string, Float64Array>;
	length: number;
	/**
	 * String-valued columns (a label such as `env=cartpole`), dictionary-encoded: `codes[row]` indexes
	 * `values`, -1 where the cell was numeric or empty. Their `data` column holds NaN for those rows.
	 */
	labels?: Record<string, LabelColumn>;
}

export interface LabelColumn {
	codes: Int32Array;
	values: string[];
}

/** One plotted quantity: a y column of a table. */
export interface MetricSeries {
	/** `${file}#${column}`: unique within an experiment. */
	id: string;
	/** Display name: for DVCLive `plots/metrics/train/loss.tsv` it is `train/loss`. */
	name: string;
	file: string;
	column: string;
	/** Preferred x column (`step` for DVCLive); other numeric columns are alternative x axes. */
	x: string;
}

export interface ImageRef {
	/** DVCLive image name relative to plots/images, e.g. `samples/3.png` or `cm.png`. */
	name: string;
	file: string;
	/** For `name/{step}.png` folders: the step; the folder is the group. */
	group?: string;
	step?: number;
}

/** A `dvc.yaml` artifact entry as declared (the GTO-named `artifacts:` map). */
export interface ArtifactDef {
	name: string;
	path: string;
	type?: string;
	desc?: string;
	labels?: string[];
	meta?: ParamValue;
}

/** An artifact as shown: its declaration plus what was found on disk or at the revision. */
export interface Artifact extends ArtifactDef {
	source: 'dvc.yaml' | 'dvclive' | 'stage-out';
	size?: number;
	md5?: string;
	mime?: string;
	missing: boolean;
	/** Why nothing about the file is shown ("outside the repository"): no size, hash or mime. */
	error?: string;
	/** Missing because it is a DVC-tracked output that was not pulled (not in the local cache). */
	notPulled?: boolean;
}

export type PlotTemplate =
	| 'linear'
	| 'simple'
	| 'smooth'
	| 'scatter'
	| 'scatter_jitter'
	| 'confusion'
	| 'confusion_normalized'
	| 'bar_horizontal'
	| 'bar_horizontal_sorted'
	// Custom templates (.dvc/plots/*.json) have any name; `string & {}` keeps the known names in completions.
	| (string & {});

/** A normalised `dvc.yaml` plot definition (all three syntaxes end up here). */
export interface PlotDefinition {
	id: string;
	template: PlotTemplate;
	/** file -> x field; absent means DVC's auto `step` index. */
	x?: Record<string, string>;
	/** file -> y fields; a file's empty list means "the last field of the first datapoint". */
	y: Record<string, string[]>;
	title?: string;
	x_label?: string;
	y_label?: string;
	header?: boolean;
}

/** One line of a DVCLive dir's `events.jsonl`, or a lifecycle event Runlens observed itself. */
export interface RunEvent {
	name: string;
	source?: string;
	/** Unix ms. */
	wallclock?: number;
	step?: number;
	metadata?: Record<string, ParamValue>;
	/** `file` for events.jsonl lines, `runlens` for observed lifecycle events. */
	origin: 'file' | 'runlens';
}

/** A per-example metrics table found next to an experiment's DVCLive output (issue: examples). */
export interface ExampleTableRef {
	file: string;
	rows?: number;
	foreignTable?: string;
	displayName?: string;
	/** Validation errors (with row numbers) of the table; empty when valid. */
	errors: FileError[];
}

export interface Experiment {
	/** Stable across refreshes: `${projectId}|workspace`, `${projectId}|<sha>`, `${projectId}|exp|<baselineSha>|<name>`, ... */
	id: string;
	projectId: string;
	kind: ExperimentKind;
	/** `workspace` or a full commit sha (the experiment commit for experiments, the stash commit for queued). */
	rev: string;
	name: string;
	/** For experiments: the baseline commit sha. */
	baselineSha?: string;
	/** Commits: local branches pointing at it. */
	branches?: string[];
	/** Commits: tags pointing at it (annotated tags peeled). */
	tags?: string[];
	/** Commits: remote-tracking branches pointing at it (`origin/feature`). */
	remoteBranches?: string[];
	/** Commits listed only because a remote-tracking branch reaches them (shown grouped apart). */
	remoteOnly?: boolean;
	message?: string;
	/** Commit time, ms since epoch. */
	timestamp?: number;
	status: ExperimentStatus;
	/** params file -> flattened values. */
	params: Record<string, FlatValues>;
	/** metrics file -> flattened values (only number/string/bool leaves, as DVC keeps). */
	metrics: Record<string, FlatValues>;
	/** Stage dep path (project-relative, every dvc.yaml's stages) -> its dvc.lock record. */
	deps: Record<string, DepInfo>;
	series: MetricSeries[];
	images: ImageRef[];
	artifacts: Artifact[];
	plots: PlotDefinition[];
	events: RunEvent[];
	tables: ExampleTableRef[];
	errors: FileError[];
	/** Revision-level failure (unreadable ref, corrupt object...). */
	error?: string;
	progress?: { step: number; total?: number };
	/**
	 * A running experiment read from the workspace's own files (DVCLive writing there, `dvc exp run`
	 * in place): the same run as the running workspace, so views show it once.
	 */
	inWorkspace?: boolean;
}

export interface Project {
	id: string;
	/** Absolute path of the DVC root (or bare DVCLive dir's parent). */
	root: string;
	/** Absolute git top-level, when in a git repo. */
	gitRoot?: string;
	/** DVC root relative to the git root ('' when equal): Studio's `subdir`. */
	subdir: string;
	experiments: Experiment[];
}
