/**
 * Bodies of Studio live events, built as dvc_studio_client's `post_live_metrics` builds them (same
 * key order) from what DVCLive would send (dvclive/studio.py): plot rows not yet accepted, typed as
 * `_cast_to_numbers` types them, and images logged since the last accepted step.
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { ExperimentsModel } from '../model/api';
import type { Experiment, Project } from '../model/types';

export const CLIENT = 'runlens';

export type StudioBody = Record<string, unknown>;
export type JsonObject = Record<string, unknown>;

/** Everything that identifies an experiment's stream in Studio; persisted with each event. */
export interface EventMeta {
	experimentId: string;
	repoUrl: string;
	baselineSha: string;
	name: string;
	message?: string;
	subdir?: string;
	experimentRev?: string;
	/** Where the run's files are: lets a pending event be built (and the run ended) once its row is gone. */
	files?: StreamFiles;
}

/** A workspace run's project root and the files Studio gets from it, persisted with its events. */
export interface StreamFiles {
	root: string;
	params: string[];
	metrics: string[];
	plots: string[];
}

/** What the bodies are built from: the model, or (for a run whose row is gone) its files on disk. */
export type FileReader = Pick<ExperimentsModel, 'readFile'>;

export interface DataParts {
	params?: Record<string, JsonObject>;
	metrics?: Record<string, { data: JsonObject }>;
	plots?: Record<string, { data: JsonObject[] } | { image: string }>;
}

/** What Studio has accepted so far for one experiment. */
export interface PlotCursor {
	/** plot file -> number of rows accepted. */
	rows: Record<string, number>;
	/** Highest step of a stepped image (`name/{step}.png`) accepted. */
	imageStep: number;
	/** Image file -> content hash accepted, for images overwritten in place. */
	images: Record<string, string>;
	/**
	 * The step label of the last data event whose first request (params and metrics) Studio accepted
	 * while its plots were still owed: the retry, even after a crash, sends only the plots.
	 */
	metricsStep?: number;
}

export const emptyCursor = (): PlotCursor => ({ rows: {}, imageStep: -1, images: {} });

function baseBody(type: 'start' | 'data' | 'done', meta: EventMeta, parts: DataParts = {}): StudioBody {
	const body: StudioBody = {
		type,
		repo_url: meta.repoUrl,
		baseline_sha: meta.baselineSha,
		name: meta.name,
		client: CLIENT,
	};
	if (parts.params && Object.keys(parts.params).length > 0) {
		body.params = parts.params;
	}
	if (parts.metrics && Object.keys(parts.metrics).length > 0) {
		body.metrics = parts.metrics;
	}
	return body;
}

export function startBody(meta: EventMeta): StudioBody {
	const body = baseBody('start', meta);
	if (meta.message) {
		// The commit-title length limit, as the client cuts it (Python slices code points).
		body.message = [...meta.message].slice(0, 72).join('');
	}
	if (meta.subdir) {
		body.subdir = meta.subdir;
	}
	return body;
}

export function dataBody(meta: EventMeta, step: number, parts: DataParts): StudioBody {
	const body = baseBody('data', meta, parts);
	body.step = Math.trunc(step);
	if (parts.plots && Object.keys(parts.plots).length > 0) {
		body.plots = parts.plots;
	}
	return body;
}

/** `parts.metrics`: the final metrics of a run with no experiment commit Studio could read them from. */
export function doneBody(meta: EventMeta, parts: Pick<DataParts, 'metrics'> = {}): StudioBody {
	const body = baseBody('done', meta, parts);
	if (meta.experimentRev) {
		body.experiment_rev = meta.experimentRev;
	}
	return body;
}

const SHA = /^[0-9a-f]{40}$/i;

/** The Studio identity of an experiment, or why it cannot be pushed. */
export function metaOf(exp: Experiment, project: Project | undefined, repoUrl: string): EventMeta | string {
	const baselineSha = exp.baselineSha ?? (exp.kind === 'commit' ? exp.rev : undefined);
	if (!baselineSha || !SHA.test(baselineSha)) {
		return `${exp.name} has no baseline commit: commit the project first, then run the experiment.`;
	}
	const meta: EventMeta = { experimentId: exp.id, repoUrl, baselineSha, name: exp.name };
	if (exp.message) {
		meta.message = exp.message;
	}
	if (project?.subdir) {
		meta.subdir = project.subdir;
	}
	if (exp.kind === 'experiment' && SHA.test(exp.rev)) {
		meta.experimentRev = exp.rev;
	}
	if (project && exp.rev === 'workspace') {
		meta.files = streamFiles(exp, project.root);
	}
	return meta;
}

/** The files of a run read from the project's working tree (a running or workspace row). */
export function streamFiles(exp: Experiment, root: string): StreamFiles {
	return { root, params: Object.keys(exp.params), metrics: Object.keys(exp.metrics), plots: plotFiles(exp) };
}

/** Python's `float(text)` for the literals DVCLive writes; undefined when Python would raise. */
function pyFloat(text: string): number | undefined {
	const t = text.trim();
	if (/^[+-]?(inf|infinity|nan)$/i.test(t)) {
		return t.toLowerCase().includes('nan') ? NaN : t.startsWith('-') ? -Infinity : Infinity;
	}
	if (!/^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/.test(t)) {
		return undefined;
	}
	return Number(t.replace(/_/g, ''));
}

/** DVCLive's `_cast_to_numbers`: step int, timestamp kept as text, others float; nan/inf keep their text. */
export function castRow(row: Record<string, string>): JsonObject {
	const out: JsonObject = {};
	for (const [key, value] of Object.entries(row)) {
		if (key === 'step') {
			out[key] = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
		} else if (key === 'timestamp') {
			out[key] = value;
		} else {
			const n = pyFloat(value);
			out[key] = n === undefined || !Number.isFinite(n) ? value : n;
		}
	}
	return out;
}

/**
 * Rows of a TSV/CSV file from index `from` (csv.DictReader semantics for DVCLive's files: blank lines
 * skipped). A last line without newline is still being written unless `complete` says the run ended.
 */
export function tableRows(
	text: string,
	delimiter: string,
	from: number,
	complete: boolean,
): { rows: JsonObject[]; total: number } {
	const lines = text.split('\n');
	const tail = lines.pop() ?? '';
	if (complete && tail.trim() !== '') {
		lines.push(tail);
	}
	const data = lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
	if (data.length === 0) {
		return { rows: [], total: 0 };
	}
	const header = data[0].split(delimiter);
	const body = data.slice(1);
	const start = from > body.length ? 0 : from;
	const rows = body.slice(start).map((line) => {
		const cells = line.split(delimiter);
		const row: Record<string, string> = {};
		header.forEach((h, i) => {
			if (i < cells.length) {
				row[h] = cells[i];
			}
		});
		return castRow(row);
	});
	return { rows, total: body.length };
}

export function parseDocument(file: string, text: string): JsonObject | undefined {
	try {
		const value: unknown = /\.toml$/i.test(file)
			? parseToml(text)
			: /\.json$/i.test(file)
				? JSON.parse(text)
				: parseYaml(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
	} catch {
		return undefined;
	}
}

export function hashBytes(bytes: Uint8Array): string {
	return createHash('sha1').update(bytes).digest('hex');
}

export interface CollectedData {
	parts: DataParts;
	/** The cursor to store once Studio accepted every plot of `parts`. */
	next: PlotCursor;
	warnings: string[];
}

async function readText(model: FileReader, exp: Experiment, file: string): Promise<string | undefined> {
	const bytes = await model.readFile(exp.id, file);
	return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

async function readDocuments(model: FileReader, exp: Experiment, files: string[], warnings: string[]) {
	const out: Record<string, JsonObject> = {};
	for (const file of files) {
		const text = await readText(model, exp, file);
		const doc = text === undefined ? undefined : parseDocument(file, text);
		if (doc) {
			out[file] = doc;
		} else if (text !== undefined) {
			warnings.push(`${file} is not a JSON/YAML/TOML object: not sent to Studio.`);
		}
	}
	return out;
}

/** Plot files Studio receives: DVCLive sends its `plots/metrics` TSVs; CSVs are sent alike. */
export function plotFiles(exp: Experiment): string[] {
	return [...new Set(exp.series.map((s) => s.file))].filter((f) => /\.(tsv|csv)$/i.test(f));
}

/** The metrics documents of an experiment, as a `data` (or final `done`) body carries them. */
export async function collectMetrics(model: FileReader, exp: Experiment, warnings: string[] = []) {
	const docs = await readDocuments(model, exp, Object.keys(exp.metrics), warnings);
	return Object.fromEntries(Object.entries(docs).map(([f, data]) => [f, { data }]));
}

export async function collectData(
	model: FileReader,
	exp: Experiment,
	cursor: PlotCursor,
	complete: boolean,
	step: number,
) {
	const warnings: string[] = [];
	const next: PlotCursor = { rows: { ...cursor.rows }, imageStep: cursor.imageStep, images: { ...cursor.images } };
	const params = await readDocuments(model, exp, Object.keys(exp.params), warnings);
	const metrics = await collectMetrics(model, exp, warnings);
	const plots: NonNullable<DataParts['plots']> = {};
	for (const file of plotFiles(exp)) {
		const text = await readText(model, exp, file);
		if (text === undefined) {
			continue;
		}
		const accepted = cursor.rows[file] ?? 0;
		const { rows, total } = tableRows(text, /\.csv$/i.test(file) ? ',' : '\t', accepted, complete);
		plots[file] = { data: rows };
		next.rows[file] = total;
	}
	for (const image of exp.images) {
		const bytes = await model.readFile(exp.id, image.file);
		if (!bytes || !isNewImage(image.step, image.file, bytes, cursor)) {
			continue;
		}
		plots[image.file] = { image: Buffer.from(bytes).toString('base64') };
		next.images[image.file] = hashBytes(bytes);
		next.imageStep = Math.max(next.imageStep, image.step ?? -1);
	}
	next.imageStep = Math.max(next.imageStep, step);
	return { parts: { params, metrics, plots }, next, warnings } satisfies CollectedData;
}

function isNewImage(step: number | undefined, file: string, bytes: Uint8Array, cursor: PlotCursor): boolean {
	if (step !== undefined) {
		return step > cursor.imageStep;
	}
	return cursor.images[file] !== hashBytes(bytes);
}
