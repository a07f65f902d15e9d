import type { RunEvent } from '../model/types';
import type { EventMarker, XAxis } from '../shared/protocol';
import type { RunInput } from './runInput';

/** The lifecycle name of coalesced progress events (see src/examples/lifecycle.ts). */
const STEP_COMPLETED = 'step completed';

/**
 * The events a chart marks: file events and recorded lifecycle, except "step completed", which the
 * lines themselves already show and which would draw a marker every few steps of a live run.
 */
export function chartEvents(events: readonly RunEvent[]): RunEvent[] {
	return events.filter((e) => !(e.origin === 'runlens' && e.name === STEP_COMPLETED));
}

/** Run events (events.jsonl, observed lifecycle) as vertical markers at the chart's x axis. */
export function eventMarkers(run: RunInput, axis: XAxis, t0: number | undefined): EventMarker[] {
	return run.experiment.events.flatMap((event) => {
		const x = eventX(event, axis, t0);
		return x === undefined
			? []
			: [{ x, name: event.name, colour: run.colour, experimentId: run.experiment.id, detail: eventDetail(run, event) }];
	});
}

function eventX(event: RunEvent, axis: XAxis, t0: number | undefined): number | undefined {
	if (axis === 'wall') {
		return event.wallclock;
	}
	if (axis === 'relative') {
		return event.wallclock !== undefined && t0 !== undefined ? (event.wallclock - t0) / 1000 : undefined;
	}
	return event.step;
}

function eventDetail(run: RunInput, event: RunEvent): string[] {
	const lines = [`experiment: ${run.experiment.name}`];
	if (event.step !== undefined) {
		lines.push(`step: ${event.step}`);
	}
	if (event.wallclock !== undefined) {
		lines.push(`time: ${new Date(event.wallclock).toISOString()}`);
	}
	if (event.source) {
		lines.push(`source: ${event.source}`);
	}
	for (const [k, v] of Object.entries(event.metadata ?? {})) {
		lines.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
	}
	return lines;
}

export function dedupeMarkers(markers: EventMarker[]): EventMarker[] {
	const seen = new Set<string>();
	return markers.filter((m) => {
		const id = `${m.experimentId}\u0000${m.name}\u0000${m.x}`;
		return seen.has(id) ? false : (seen.add(id), true);
	});
}
