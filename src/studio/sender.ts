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
import type { PlotCursor, StudioBody } from './events';
import { collectData, dataBody, doneBody, startBody } from './events';
import type { OutboxSender, SendOutcome } from './outbox';
import type { OutboxEvent } from './outboxStore';
import { validateBody } from './schema';

export interface SenderDeps {
	model: ExperimentsModel;
	/** Resolved per send: the DVC config files depend on the experiment's project. */
	getConfig(experimentId: string): StudioConfig;
	post?: (url: string, body: StudioBody, token: string) => Promise<PostOutcome>;
	env?: Env;
}

const OFFLINE_RETRY_MS = 60_000;

export function createStudioSender(deps: SenderDeps): OutboxSender {
	const post = deps.post ?? ((url, body, token) => postJson(url, body, token));
	return {
		async send(event, cursor) {
			const config = deps.getConfig(event.meta.experimentId);
			if (!config.configured) {
				return notConfigured(config.reason);
			}
			const built = await buildRequests(deps.model, event, cursor);
			if ('kind' in built) {
				return built;
			}
			const url = liveEndpoint(config.url, deps.env);
			let link: string | undefined;
			for (const body of built.chunks.requests) {
				const outcome = await post(url, body, config.token);
				if (outcome.kind !== 'ok') {
					return outcome;
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
	if (event.kind !== 'data') {
		const body = event.kind === 'start' ? startBody(event.meta) : doneBody(event.meta);
		return checked(body, () => ({ chunks: { requests: [body], sent: [], skipped: [], warnings: [] }, warnings: [] }));
	}
	await model.ready;
	const exp = model.getExperiment(event.meta.experimentId);
	if (!exp) {
		return { kind: 'invalid', message: `${event.meta.name} no longer exists: its Studio push stopped.` };
	}
	const step = event.step ?? 0;
	const collected = await collectData(model, exp, cursor, event.final === true, step);
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
