import type { SelectionModel } from '../experiments/selection';
import type { ExperimentsModel } from '../model/api';
import type { ChartsHostMessage, ChartsInbound, ChartsSnapshot } from '../shared/protocol';
import type { CustomPlotsTesting } from './custom/testing';

/**
 * What integration tests see of the chart panel (exposed as `api.testing.charts` when
 * RUNLENS_TEST=1): the handshake, the last snapshot and the webview's render reports, as
 * promises so tests wait on events rather than sleeping. No `vscode` here.
 */
export interface RenderedReport {
	charts: { id: string; lines: number; points: number }[];
}

export interface ChartsTesting {
	/** Resolves when the current (or next) panel's webview has sent `ready`. */
	whenReady(): Promise<void>;
	/** Resolves with the first render report (already received or future) that satisfies `accept`. */
	whenRendered(accept?: (report: RenderedReport) => boolean): Promise<RenderedReport>;
	lastSnapshot(): ChartsSnapshot | undefined;
	/** Messages posted to / received from the webview since the panel was created (last 200 each). */
	readonly postedMessages: readonly ChartsHostMessage[];
	readonly receivedMessages: readonly ChartsInbound[];
	/** The model and selection the panel reads, so tests can select experiments. */
	readonly model: ExperimentsModel;
	readonly selection: SelectionModel;
	/** The "Custom plots" section (src/charts/custom). */
	readonly customPlots?: CustomPlotsTesting;
}

const KEEP = 200;

export class ChartsTestProbe implements ChartsTesting {
	readonly postedMessages: ChartsHostMessage[] = [];
	readonly receivedMessages: ChartsInbound[] = [];
	customPlots?: CustomPlotsTesting;
	private last: ChartsSnapshot | undefined;
	private readyWaiters: (() => void)[] = [];
	private isReady = false;
	private renderWaiters: { accept: (r: RenderedReport) => boolean; resolve: (r: RenderedReport) => void }[] = [];
	private reports: RenderedReport[] = [];

	constructor(
		readonly model: ExperimentsModel,
		readonly selection: SelectionModel,
	) {}

	reset(): void {
		this.isReady = false;
		this.reports = [];
		this.postedMessages.length = 0;
		this.receivedMessages.length = 0;
	}

	whenReady(): Promise<void> {
		return this.isReady ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
	}

	whenRendered(accept: (report: RenderedReport) => boolean = () => true): Promise<RenderedReport> {
		const found = [...this.reports].reverse().find(accept);
		return found ? Promise.resolve(found) : new Promise((resolve) => this.renderWaiters.push({ accept, resolve }));
	}

	lastSnapshot(): ChartsSnapshot | undefined {
		return this.last;
	}

	snapshot(snapshot: ChartsSnapshot): void {
		this.last = snapshot;
	}

	posted(message: ChartsHostMessage): void {
		push(this.postedMessages, message);
	}

	received(message: ChartsInbound): void {
		push(this.receivedMessages, message);
		if (message.type === 'ready') {
			this.isReady = true;
			this.readyWaiters.splice(0).forEach((resolve) => resolve());
		} else if (message.type === 'charts/rendered') {
			const report = { charts: message.charts };
			push(this.reports, report);
			this.renderWaiters = this.renderWaiters.filter((w) => (w.accept(report) ? (w.resolve(report), false) : true));
		}
	}
}

function push<T>(list: T[], item: T): void {
	list.push(item);
	if (list.length > KEEP) {
		list.shift();
	}
}
