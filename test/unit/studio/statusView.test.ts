import * as assert from 'node:assert/strict';
import type { OutboxState } from '../../../src/studio/outbox';
import { statusView } from '../../../src/studio/statusView';

const state = (patch: Partial<OutboxState> = {}, counters: Partial<OutboxState['counters']> = {}): OutboxState => ({
	pending: 0,
	inFlight: 0,
	stopped: {},
	blocked: 0,
	links: {},
	...patch,
	counters: { delivered: 0, attempts: 0, retries: 0, dropped: 0, waitedMs: 0, ...counters },
});

describe('studio status bar view', () => {
	it('is hidden before anything was pushed', () => {
		assert.equal(statusView(state(), true), undefined);
	});

	it('shows the count of dropped events in text and tooltip, in every state', () => {
		const pushing = statusView(state({ pending: 7 }, { dropped: 3 }), true);
		assert.equal(pushing?.text, '$(cloud-upload) Studio: pushing 7 (3 dropped)');
		assert.match(pushing?.tooltip.join('\n') ?? '', /3 event\(s\) dropped because the outbox was full/);
		const idle = statusView(state({}, { delivered: 10, dropped: 2 }), true);
		assert.equal(idle?.text, '$(cloud) Studio (2 dropped)');
		assert.deepEqual(statusView(state({}, { delivered: 10 }), true), {
			text: '$(cloud) Studio',
			tooltip: ['Connected: 10 event(s) delivered'],
		});
	});

	it('says when pushes wait for room (policy block)', () => {
		const view = statusView(state({ pending: 5, blocked: 1 }), true);
		assert.equal(view?.text, '$(watch) Studio: pushing 5, outbox full');
		assert.deepEqual(view?.tooltip, ['The outbox is full: 1 push(es) wait for room']);
	});

	it('puts errors first', () => {
		const view = statusView(state({ pending: 5, blocked: 1, authError: 'HTTP 401' }, { dropped: 1 }), true);
		assert.equal(view?.text, '$(error) Studio (1 dropped)');
		assert.equal(view?.tooltip[0], 'HTTP 401');
	});
});
