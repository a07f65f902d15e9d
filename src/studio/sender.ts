/**
 * Turns an outbox event into Studio requests at send time: builds the body from the experiment's
 * current files and the stream's cursor, validates it against the schema (an invalid body is a bug
 * reported to the user, never sent), splits plots into the second request and posts in order.
 */
import type { ExperimentsModel } from '../model/api';
import type { PostOutcome } from './client';
import { postJson, studioLinkOf } from './client';
import { chunkDataBody } from './chunk';
import type { ChunkedRequests } from './chunk';
import type { Env, StudioConfig } from './config';
import { liveEndpoint } from './config';
import { WorkspaceSource } from '../model/fileSource';
import { blankExperiment } from '../model/blankExperiment';
import type { Experiment } from '../model/types';
import type { DataParts, EventMeta, FileReader, PlotCursor, StudioBody } from './events';
import { collectData, collectMetrics, dataBody, doneBody, startBody } from './events';
import type { OutboxSender, SendOutcome } from './outbox';
import type { OutboxEvent } from './outboxStore';
import { validateBody } from './schema';

export interface SenderDeps {
	model: ExperimentsModel;
	/**
	 * Resolved per send: the DVC config files depend on the experiment's project. `repoUrl` is the one
	 * the event was queued with: it stands when nothing can be inferred (the run's row is gone).
	 */
	getConfig(experimentId: string, repoUrl: string): StudioConfig;
	post?: (url: string, body: StudioBody, token: string) => Promise<PostOutcome>;
	env?: Env;
}

const OFFLINE_RETRY_MS = 60_000;

export function createStudioSender(deps: SenderDeps): OutboxSender {
	const post = deps.post ?? ((url, body, token) => postJson(url, body, token));
	return {
		async send(event, cursor) {
			// After a restart the outbox replays at once: projects (and their git remotes) are known once ready.
			await deps.model.ready;
			const config = deps.getConfig(event.meta.experimentId, event.meta.repoUrl);
			if (!config.configured) {
				return notConfigured(config.reason);
			}
			const built = await buildRequests(deps.model, event, cursor);
			if ('kind' in built) {
				return built;
			}
			const url = liveEndpoint(config.url, deps.env);
			const { requests } = built.chunks;
			// The label, not the event's seq or queued step: an event that merged with a newer one can
			// find the same rows on disk, carry the same label, and its metrics went already.
			const label = requests[0]?.step as number | undefined;
			const skip = requests.length > 1 && label !== undefined && label === cursor.metricsStep ? 1 : 0;
			let link: string | undefined;
			for (let i = skip; i < requests.length; i++) {
				const outcome = await post(url, requests[i], config.token);
				if (outcome.kind !== 'ok') {
					// The first request went: the cursor (kept in the journal) says so for the retry.
					const sent = i > 0 && label !== undefined ? { cursor: { ...cursor, metricsStep: label } } : {};
					return outcome.kind === 'retryable' ? { ...outcome, ...sent } : outcome;
				}
				link ??= studioLinkOf(outcome.body);
			}
			return {
				kind: 'ok',
				warnings: built.warnings,
				...(built.next ? { cursor: built.next } : {}),
				...(link === undefined ? {} : { link }),
			};
		},
	};
}

function notConfigured(reason: 'offline' | 'no-token' | 'no-repo-url'): SendOutcome {
	if (reason === 'no-token') {
		return { kind: 'fatal', auth: true, status: 0, message: 'No DVC Studio token: sign in to push experiments.' };
	}
	const message =
		reason === 'offline' ? 'Studio is offline (offline setting).' : 'No repo URL for Studio: set a git remote.';
	return { kind: 'retryable', reason: 'network', message, retryAfterMs: OFFLINE_RETRY_MS };
}

interface Built {
	chunks: ChunkedRequests;
	next?: PlotCursor;
	warnings: string[];
}

export async function buildRequests(
	model: ExperimentsModel,
	event: OutboxEvent,
	cursor: PlotCursor,
): Promise<Built | SendOutcome> {
	if (event.kind === 'start') {
		return single(startBody(event.meta));
	}
	await model.ready;
	const source = runSource(model, event.meta);
	if (event.kind === 'done') {
		// No experiment commit: Studio gets the final metrics with `done`, as DVC sends them.
		const metrics = !event.meta.experimentRev && source ? await collectMetrics(source.reader, source.exp) : {};
		return single(doneBody(event.meta, { metrics }));
	}
	if (!source) {
		return { kind: 'invalid', message: `${event.meta.name} no longer exists: its Studio push stopped.` };
	}
	const collected = await collectData(source.reader, source.exp, cursor, event.final === true, event.step ?? 0);
	// The files are read at send time, so rows (and the metrics with them) may be past the step the
	// pusher saw when it queued the event (a retry, a replay after a crash): label them by the newest
	// row, or Studio files the latest metrics under an old step.
	const step = Math.max(event.step ?? 0, topRowStep(collected.parts));
	collected.next.imageStep = Math.max(collected.next.imageStep, step);
	if (step <= cursor.imageStep && !hasPlots(collected.parts)) {
		// An earlier event already carried this step's rows and metrics: this one would only repeat them.
		return { chunks: { requests: [], sent: [], skipped: [], warnings: [] }, next: collected.next, warnings: [] };
	}
	const body = dataBody(event.meta, step, collected.parts);
	return checked(body, () => {
		const chunks = chunkDataBody(body);
		const next = collected.next;
		for (const { name, reason } of chunks.skipped) {
			// Plots cut by the total-size limit go with the next event; the others never fit.
			if (reason === 'total') {
				restore(next, cursor, name);
			}
		}
		return { chunks, next, warnings: [...collected.warnings, ...chunks.warnings] };
	});
}

function single(body: StudioBody): Built | SendOutcome {
	return checked(body, () => ({ chunks: { requests: [body], sent: [], skipped: [], warnings: [] }, warnings: [] }));
}

function topRowStep(parts: DataParts): number {
	let top = -1;
	for (const plot of Object.values(parts.plots ?? {})) {
		for (const row of 'data' in plot ? plot.data : []) {
			top = typeof row.step === 'number' && row.step > top ? row.step : top;
		}
	}
	return top;
}

function hasPlots(parts: DataParts): boolean {
	return Object.values(parts.plots ?? {}).some((p) => !('data' in p) || p.data.length > 0);
}

/**
 * The experiment a body is built from: the model's row, else (its row is gone: a run that ended
 * without an experiment ref, or a restart after it ended) its files in the project's working tree,
 * read through the same contained file source as everything else.
 */
function runSource(model: ExperimentsModel, meta: EventMeta): { exp: Experiment; reader: FileReader } | undefined {
	const exp = model.getExperiment(meta.experimentId);
	if (exp) {
		return { exp, reader: model };
	}
	const files = meta.files;
	if (!files) {
		return undefined;
	}
	const disk = new WorkspaceSource(files.root);
	const detached = blankExperiment({
		id: meta.experimentId,
		projectId: '',
		kind: 'experiment',
		rev: 'workspace',
		name: meta.name,
		status: 'success',
		params: Object.fromEntries(files.params.map((f) => [f, {}])),
		metrics: Object.fromEntries(files.metrics.map((f) => [f, {}])),
		series: files.plots.map((file) => ({ id: file, name: file, file, column: '', x: 'step' })),
	});
	return { exp: detached, reader: { readFile: (_id, file) => disk.read(file) } };
}

function restore(next: PlotCursor, cursor: PlotCursor, name: string): void {
	if (name in next.rows) {
		next.rows[name] = cursor.rows[name] ?? 0;
	}
	if (name in next.images) {
		const previous = cursor.images[name];
		if (previous === undefined) {
			delete next.images[name];
		} else {
			next.images[name] = previous;
		}
	}
}

function checked(body: StudioBody, then: () => Built): Built | SendOutcome {
	const error = validateBody(body);
	if (error !== undefined) {
		return {
			kind: 'invalid',
			message: `Runlens built a ${String(body.type)} event Studio would reject (not sent): ${error}`,
		};
	}
	return then();
}
