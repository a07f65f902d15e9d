import type { Page } from 'playwright-core';
import { SelectionModel } from '../../src/experiments/selection';
import { TableFilterBridge } from '../../src/experiments/tableFilter';
import type { ModelChange } from '../../src/model/api';
import type { Experiment, Project } from '../../src/model/types';
import type { TableHostMessage, TableWebviewMessage } from '../../src/shared/tableProtocol';
import { TableController } from '../../src/table/controller';
import { Emitter } from '../../src/util/event';

/**
 * The real host-side TableController (it is vscode-free) wired to the page in Chromium: the
 * page's posted messages are fed to it and its replies delivered with window.postMessage.
 */
export class TableHost {
	readonly selection = new SelectionModel();
	readonly tableFilter = new TableFilterBridge();
	readonly changes = new Emitter<ModelChange>();
	readonly exported: string[] = [];
	readonly received: TableWebviewMessage[] = [];
	readonly controller: TableController;
	private outbox: TableHostMessage[] = [];
	private seen = 0;

	constructor(
		private readonly page: Page,
		public project: Project,
		state?: unknown,
	) {
		const stars = new Emitter<unknown>();
		this.controller = new TableController({
			model: {
				getProjects: () => [this.project],
				getExperiments: () => this.project.experiments,
				onDidChangeExperiments: this.changes.event,
			},
			selection: this.selection,
			tableFilter: this.tableFilter,
			starred: { ids: () => new Set<string>(), onDidChange: stars.event },
			state,
			save: () => undefined,
			post: (m) => this.outbox.push(m),
			exportText: (format, text) => {
				this.exported.push(`${format}:${text}`);
			},
			warn: () => undefined,
		});
	}

	/** Replaces one experiment (a live run wrote) and tells the controller, as the model would. */
	update(id: string, patch: Partial<Experiment>): void {
		this.project = {
			...this.project,
			experiments: this.project.experiments.map((e) => (e.id === id ? { ...e, ...patch } : e)),
		};
		this.changes.fire({ changed: [id], removed: [], structure: false });
	}

	/** Delivers page -> host (unless `inbound` is false: then they are dropped) and host -> page messages once. */
	async pump(inbound = true): Promise<void> {
		// Only the messages not seen yet cross the page boundary (the page's list only grows).
		const fresh = await this.page.evaluate(
			(seen) => (window as unknown as { __posted: TableWebviewMessage[] }).__posted.slice(seen),
			this.seen,
		);
		this.seen += fresh.length;
		for (const m of inbound ? fresh : []) {
			this.received.push(m);
			this.controller.receive(m);
		}
		const out = this.outbox.splice(0);
		if (out.length) {
			// One JSON string (playwright's own argument encoding is slow for large snapshots).
			await this.page.evaluate((json) => {
				for (const m of JSON.parse(json) as unknown[]) {
					window.postMessage(m, '*');
				}
			}, JSON.stringify(out));
		}
	}

	/** Pumps until `predicate` (run in the page) is true; fails with what the page showed. */
	async until(predicate: string, what: string, timeoutMs = 20_000): Promise<void> {
		const end = Date.now() + timeoutMs;
		while (Date.now() < end) {
			await this.pump();
			if (await this.page.evaluate(predicate)) {
				return;
			}
			await new Promise((r) => setTimeout(r, 30));
		}
		const body = await this.page.evaluate(() => document.body.innerText.slice(0, 500));
		throw new Error(`timed out waiting for ${what}; page shows: ${body}`);
	}
}

/** Texts of the rendered rows' Experiment labels, top to bottom. */
export const ROW_LABELS = `[...document.querySelectorAll('.grid-body .row:not(.loading)')]
	.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
	.map((r) => r.querySelector('.label')?.textContent ?? '')`;
