import type { ExampleTableRef, Experiment, FileError, RunEvent } from '../model/types';
import { fullValue } from './format';
import type { TreeNode } from './treeNode';

/** Events beyond this many (the newest are kept) would make the group unusable and slow. */
export const MAX_EVENTS = 100;

/** Recorded events have no file position: a per-object number keeps their node ids stable. */
const recordedIds = new WeakMap<RunEvent, number>();
let nextRecordedId = 0;

function eventKey(event: RunEvent, fileIndex: ReadonlyMap<RunEvent, number>): string {
	const i = fileIndex.get(event);
	if (i !== undefined) {
		return `file/${i}`;
	}
	let id = recordedIds.get(event);
	if (id === undefined) {
		id = nextRecordedId++;
		recordedIds.set(event, id);
	}
	return `runlens/${id}`;
}

/** `events` newest first (as merged); the experiment's own file events keep their line position as id. */
export function eventNodes(exp: Experiment, events: readonly RunEvent[]): TreeNode[] {
	const fileIndex = new Map(exp.events.map((e, i) => [e, i] as const));
	const nodes = events.slice(0, MAX_EVENTS).map((ev) => eventNode(exp.id, ev, eventKey(ev, fileIndex)));
	if (events.length > MAX_EVENTS) {
		nodes.push({
			id: `${exp.id}/events/more`,
			kind: 'message',
			label: `… ${events.length - MAX_EVENTS} earlier events`,
			experimentId: exp.id,
			children: [],
		});
	}
	return nodes;
}

function eventNode(experimentId: string, ev: RunEvent, key: string): TreeNode {
	const when = ev.wallclock === undefined ? undefined : new Date(ev.wallclock).toISOString();
	const description = [ev.step === undefined ? undefined : `step ${ev.step}`, when].filter(Boolean).join(' · ');
	const source = ev.source ?? (ev.origin === 'file' ? 'file' : 'runlens');
	const lines = [ev.name, `source: ${source}`, ev.origin === 'file' ? 'from events.jsonl' : 'recorded by Runlens'];
	if (ev.step !== undefined) {
		lines.push(`step: ${ev.step}`);
	}
	if (when) {
		lines.push(`time: ${when}`);
	}
	for (const [k, v] of Object.entries(ev.metadata ?? {})) {
		lines.push(`${k}: ${fullValue(v)}`);
	}
	return {
		id: `${experimentId}/events/${key}`,
		kind: 'event',
		label: ev.name,
		description,
		tooltip: lines.join('\n'),
		experimentId,
		value: JSON.stringify({ ...ev, origin: undefined }),
		children: [],
	};
}

/** A table with its row count and validation state; its errors (with row numbers) as children. */
export function tableNodes(experimentId: string, tables: readonly ExampleTableRef[]): TreeNode[] {
	return tables.map((t) => {
		const id = `${experimentId}/tables/${t.file}`;
		const rows = t.rows === undefined ? undefined : plural(t.rows, 'row');
		const state = t.errors.length ? plural(t.errors.length, 'error') : rows ? 'valid' : 'not validated yet';
		const tooltip = [
			t.displayName ? `${t.displayName} (${t.file})` : t.file,
			t.foreignTable && `foreign table: ${t.foreignTable}`,
			rows,
			state,
			...t.errors.slice(0, 5).map((e) => `${e.line === undefined ? e.file : `${e.file}:${e.line}`}: ${e.message}`),
			t.errors.length > 5 ? `… ${t.errors.length - 5} more` : undefined,
		];
		const node: TreeNode = {
			id,
			kind: 'table',
			label: t.displayName ?? t.file,
			description: [rows, state].filter(Boolean).join(' · '),
			tooltip: tooltip.filter(Boolean).join('\n'),
			experimentId,
			file: t.file,
			children: t.errors.map((err, i) => fileErrorNode(experimentId, `${id}/errors/${i}`, err)),
		};
		if (t.errors.length > 0) {
			node.error = t.errors[0].message;
		}
		return node;
	});
}

export function fileErrorNode(experimentId: string, id: string, err: FileError): TreeNode {
	const where = err.line === undefined ? err.file : `${err.file}:${err.line}`;
	const node: TreeNode = {
		id,
		kind: 'error',
		label: where,
		description: err.message,
		tooltip: `${where}\n${err.message}`,
		experimentId,
		file: err.file,
		error: err.message,
		children: [],
	};
	if (err.line !== undefined) {
		node.line = err.line;
	}
	if (err.notPulled) {
		Object.assign(node, { description: 'not pulled', tooltip: `${where}\n${err.message}`, notPulled: true });
	}
	return node;
}

export function plural(n: number, word: string): string {
	return n === 1 ? `1 ${word}` : `${n} ${word}s`;
}
