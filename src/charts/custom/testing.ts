import type { TableFilterBridge } from '../../experiments/tableFilter';
import type { CustomPlotsSnapshot, CustomPlotsWebviewMessage } from '../../shared/protocol';

/**
 * What integration tests see of the custom plots section (`api.testing.charts.customPlots` when
 * RUNLENS_TEST=1): the last snapshot, the page's render reports as promises, and the bridge the
 * brush goes to. No `vscode` here.
 */
export type CustomRendered = Extract<CustomPlotsWebviewMessage, { type: 'custom/rendered' }>['plots'];

export interface CustomPlotsTesting {
	lastSnapshot(): CustomPlotsSnapshot | undefined;
	/** Resolves with the first render report (already received or future) that satisfies `accept`. */
	whenRendered(accept: (plots: CustomRendered) => boolean): Promise<CustomRendered>;
	/** Resolves with the first snapshot (the last one sent, or a future one) that satisfies `accept`. */
	whenSnapshot(accept: (snapshot: CustomPlotsSnapshot) => boolean): Promise<CustomPlotsSnapshot>;
	readonly receivedMessages: readonly CustomPlotsWebviewMessage[];
	readonly tableFilter: TableFilterBridge | undefined;
	/** Asks the page to drag on a parallel plot's axis from one value to another; false without a page. */
	simulateBrush(plotId: string, column: string, from: number, to: number): boolean;
	/** Removes every custom plot and turns the section off, so later test files see the default panel. */
	reset(): void;
}

const KEEP = 200;

export class CustomPlotsProbe implements CustomPlotsTesting {
	readonly receivedMessages: CustomPlotsWebviewMessage[] = [];
	tableFilter: TableFilterBridge | undefined;
	simulateBrush: (plotId: string, column: string, from: number, to: number) => boolean = () => false;
	reset: () => void = () => undefined;
	private last: CustomPlotsSnapshot | undefined;
	private lastRendered: CustomRendered | undefined;
	private renderWaiters: { accept: (p: CustomRendered) => boolean; resolve: (p: CustomRendered) => void }[] = [];
	private snapshotWaiters: {
		accept: (s: CustomPlotsSnapshot) => boolean;
		resolve: (s: CustomPlotsSnapshot) => void;
	}[] = [];

	lastSnapshot(): CustomPlotsSnapshot | undefined {
		return this.last;
	}

	whenRendered(accept: (plots: CustomRendered) => boolean): Promise<CustomRendered> {
		const done = this.lastRendered && accept(this.lastRendered) ? this.lastRendered : undefined;
		return done ? Promise.resolve(done) : new Promise((resolve) => this.renderWaiters.push({ accept, resolve }));
	}

	whenSnapshot(accept: (snapshot: CustomPlotsSnapshot) => boolean): Promise<CustomPlotsSnapshot> {
		const done = this.last && accept(this.last) ? this.last : undefined;
		return done ? Promise.resolve(done) : new Promise((resolve) => this.snapshotWaiters.push({ accept, resolve }));
	}

	snapshot(snapshot: CustomPlotsSnapshot): void {
		this.last = snapshot;
		this.snapshotWaiters = this.snapshotWaiters.filter((w) =>
			w.accept(snapshot) ? (w.resolve(snapshot), false) : true,
		);
	}

	received(message: CustomPlotsWebviewMessage): void {
		this.receivedMessages.push(message);
		if (this.receivedMessages.length > KEEP) {
			this.receivedMessages.shift();
		}
		if (message.type === 'custom/rendered') {
			const plots = (this.lastRendered = message.plots);
			this.renderWaiters = this.renderWaiters.filter((w) => (w.accept(plots) ? (w.resolve(plots), false) : true));
		}
	}
}
