/**
 * Durable state of the Studio outbox: an append-only journal of operations plus a snapshot written
 * atomically (tmp + rename). Replaying the journal over the snapshot is idempotent, so a crash
 * between writing a snapshot and truncating the journal is harmless; a torn last line is ignored.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EventMeta, PlotCursor } from './events';

export type EventKind = 'start' | 'data' | 'done';

export interface OutboxEvent {
	seq: number;
	/** One stream per experiment: its events are delivered in order. */
	stream: string;
	kind: EventKind;
	step?: number;
	/** The run has ended: the last, unterminated line of a plot file may be sent. */
	final?: boolean;
	meta: EventMeta;
	/** Unix ms at enqueue, for wait-time statistics. */
	queuedAt: number;
}

export interface OutboxSnapshot {
	version: 1;
	nextSeq: number;
	events: OutboxEvent[];
	cursors: Record<string, PlotCursor>;
	stopped: Record<string, string>;
}

export type JournalOp =
	| { op: 'add'; event: OutboxEvent }
	| { op: 'update'; seq: number; step?: number; final?: boolean; meta?: EventMeta }
	| { op: 'ack'; seq: number; stream: string; cursor?: PlotCursor }
	/** Part of an event was accepted (its first request): the stream's cursor moves, the event stays. */
	| { op: 'progress'; stream: string; cursor: PlotCursor }
	| { op: 'drop'; seq: number }
	| { op: 'stop'; stream: string; message?: string };

const emptySnapshot = (): OutboxSnapshot => ({ version: 1, nextSeq: 1, events: [], cursors: {}, stopped: {} });

export function applyOp(state: OutboxSnapshot, op: JournalOp): void {
	switch (op.op) {
		case 'add':
			// Seqs only grow, so a seq above the last one is new: replay stays idempotent without a scan.
			if ((state.events.at(-1)?.seq ?? 0) < op.event.seq || !state.events.some((e) => e.seq === op.event.seq)) {
				state.events.push(op.event);
			}
			state.nextSeq = Math.max(state.nextSeq, op.event.seq + 1);
			break;
		case 'update': {
			const event = state.events.find((e) => e.seq === op.seq);
			if (event) {
				event.step = op.step ?? event.step;
				event.final = op.final ?? event.final;
				event.meta = op.meta ?? event.meta;
			}
			break;
		}
		case 'ack':
			state.events = state.events.filter((e) => e.seq !== op.seq);
			if (op.cursor) {
				state.cursors[op.stream] = op.cursor;
			}
			break;
		case 'progress':
			state.cursors[op.stream] = op.cursor;
			break;
		case 'drop':
			state.events = state.events.filter((e) => e.seq !== op.seq);
			break;
		case 'stop':
			if (op.message === undefined) {
				delete state.stopped[op.stream];
			} else {
				state.stopped[op.stream] = op.message;
			}
			break;
	}
}

export class OutboxStore {
	private readonly journal: string;
	private readonly snapshotFile: string;
	private appended = 0;

	constructor(
		dir: string,
		private readonly compactEvery = 500,
	) {
		mkdirSync(dir, { recursive: true });
		this.journal = path.join(dir, 'journal.jsonl');
		this.snapshotFile = path.join(dir, 'snapshot.json');
	}

	load(): OutboxSnapshot {
		const state = readJson(this.snapshotFile) ?? emptySnapshot();
		let text = '';
		try {
			text = readFileSync(this.journal, 'utf8');
		} catch {
			// No journal yet.
		}
		if (text !== '' && !text.endsWith('\n')) {
			// Terminate a torn line so the next append starts a line of its own.
			appendFileSync(this.journal, '\n');
		}
		for (const line of text.split('\n')) {
			const op = parseLine(line);
			if (op) {
				applyOp(state, op);
			}
		}
		return state;
	}

	/**
	 * Appends one op; after `compactEvery` ops, or as many ops as there are pending events if more (a
	 * snapshot of a long queue costs as much as that many ops: writes stay linear), the state is
	 * snapshotted and the journal restarted.
	 */
	append(op: JournalOp, current: () => OutboxSnapshot): void {
		appendFileSync(this.journal, `${JSON.stringify(op)}\n`);
		if (++this.appended >= this.compactEvery) {
			const state = current();
			if (this.appended >= state.events.length) {
				this.compact(state);
			}
		}
	}

	compact(state: OutboxSnapshot): void {
		const tmp = `${this.snapshotFile}.tmp`;
		writeFileSync(tmp, JSON.stringify(state));
		renameSync(tmp, this.snapshotFile);
		writeFileSync(this.journal, '');
		this.appended = 0;
	}
}

function readJson(file: string): OutboxSnapshot | undefined {
	try {
		const value = JSON.parse(readFileSync(file, 'utf8')) as OutboxSnapshot;
		return value.version === 1 ? value : undefined;
	} catch {
		return undefined;
	}
}

function parseLine(line: string): JournalOp | undefined {
	if (line.trim() === '') {
		return undefined;
	}
	try {
		return JSON.parse(line) as JournalOp;
	} catch {
		// A line torn by a crash mid-append.
		return undefined;
	}
}
