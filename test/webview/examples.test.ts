import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ExampleQuery } from '../../src/examples/query';
import { readForeignTable, readMetricsTable } from '../../src/examples/table';
import type { ExamplesFromWebview, ExamplesSnapshot, ExamplesToWebview } from '../../src/shared/protocol';
import type { HostToWebview } from '../../src/shared/protocol';
import { useWebviewHarness } from './harness';

/** A host stand-in driven by the real query: answers the page's row requests from `posted`. */
class FakeHost {
	private seen = 0;
	version = 1;

	constructor(
		private readonly page: Page,
		readonly query: ExampleQuery,
	) {}

	async send(message: ExamplesToWebview): Promise<void> {
		await this.page.evaluate(
			(m) => window.postMessage(m, '*'),
			message as unknown as HostToWebview as unknown as Record<string, unknown>,
		);
	}

	async snapshot(): Promise<void> {
		const q = this.query;
		const snap: ExamplesSnapshot = {
			title: 'Validation set',
			experiments: [{ label: 'brisk-lark', colour: '#3794ff', table: 'dvclive/ex.csv' }],
			columns: q.columns,
			steps: q.steps,
			total: q.length,
			filter: { global: '', columns: {} },
			errors: [],
			version: ++this.version,
		};
		if (q.sortSpec) {
			snap.sort = q.sortSpec;
		}
		await this.send({ type: 'examples/snapshot', snapshot: snap });
	}

	/** Answers pending row requests; returns the messages that were not row requests. */
	async pump(): Promise<ExamplesFromWebview[]> {
		const all = await this.page.evaluate(() => (window as unknown as { __posted: ExamplesFromWebview[] }).__posted);
		const fresh = all.slice(this.seen);
		this.seen = all.length;
		for (const m of fresh) {
			if (m.type === 'examples/requestRows' && m.version === this.version) {
				const w = this.query.rows(m.start, m.count);
				await this.send({
					type: 'examples/rows',
					requestId: m.requestId,
					version: m.version,
					start: w.start,
					total: w.total,
					rows: w.rows,
				});
			}
		}
		return fresh.filter((m) => m.type !== 'examples/requestRows');
	}

	/** Pumps until the rendered first row shows `text` in column `col`. */
	async untilCell(row: number, col: number, text: string): Promise<void> {
		for (let i = 0; i < 100; i++) {
			await this.pump();
			const got = await cellText(this.page, row, col);
			if (got === text) {
				return;
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		assert.equal(await cellText(this.page, row, col), text);
	}
}

function cellText(p: Page, row: number, col: number): Promise<string | null> {
	return p.evaluate(
		([r, c]) => {
			const el = document.querySelector(`.grid-body .grid-row[data-index="${r}"]:not(.loading)`);
			return el ? (el.children[c] as HTMLElement).textContent : null;
		},
		[row, col] as const,
	);
}

function bigTable(n: number): ExampleQuery {
	const lines = ['example_id,loss'];
	for (let i = 0; i < n; i++) {
		lines.push(`${i},${i}`);
	}
	return new ExampleQuery({ a: readMetricsTable(lines.join('\n'), 'dvclive/ex.csv').table! });
}

describe('examples webview (headless Chromium, real bundle, strict CSP)', function () {
	const harness = useWebviewHarness();

	it('renders rows, and shows hostile strings as text', async () => {
		const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
		const foreign = readForeignTable(`text\n"${hostile.replace(/"/g, '""')}"\nplain\n`, 'data/val.csv').table;
		const metrics = readMetricsTable('example_id,loss\n0,0.5\n1,0.25\n', 'dvclive/ex.csv').table!;
		const p = await harness.open({ bundle: 'examples' });
		const host = new FakeHost(p, new ExampleQuery({ a: metrics, foreign }));
		await host.snapshot();
		await host.untilCell(0, 1, hostile);
		await host.untilCell(1, 2, '0.25');
		const state = await p.evaluate(() => ({
			pwned: (window as unknown as { __pwned?: number }).__pwned,
			imgs: document.querySelectorAll('.grid-body img').length,
			bold: document.querySelectorAll('.grid-body b').length,
		}));
		assert.deepEqual(state, { pwned: undefined, imgs: 0, bold: 0 });
		const title = await p.evaluate(
			() => (document.querySelector('.grid-body .grid-row[data-index="0"]')!.children[1] as HTMLElement).title,
		);
		assert.equal(title, hostile);
		await p.close();
	});

	it('scrolling a 1,000,000-row table shows the right window with few rows in the DOM', async () => {
		const p = await harness.open({ bundle: 'examples', height: 600 });
		const host = new FakeHost(p, bigTable(1_000_000));
		await host.snapshot();
		await host.untilCell(0, 1, '0');
		await p.evaluate(() => {
			const s = document.querySelector('.grid-scroller')!;
			s.scrollTop = s.scrollHeight / 2;
		});
		// The grid re-renders on the scroll event (next frame): wait for it instead of reading at once.
		const firstRow = () => Number(document.querySelector('.grid-body .grid-row')?.getAttribute('data-index') ?? 0);
		await p.waitForFunction(firstRow, undefined, { timeout: 20_000 }).catch(() => undefined);
		const first = await p.evaluate(firstRow);
		assert.ok(first > 400_000 && first < 600_000, `first visible row ${first}`);
		await host.untilCell(first, 1, String(first));
		await p.evaluate(() => {
			const s = document.querySelector('.grid-scroller')!;
			s.scrollTop = s.scrollHeight;
		});
		await host.untilCell(999_999, 1, '999999');
		const rowsInDom = await p.evaluate(() => document.querySelectorAll('.grid-body .grid-row').length);
		assert.ok(rowsInDom < 60, `${rowsInDom} rows in the DOM`);
		await p.close();
	});

	it('clicking a header sends the sort message; the sorted view then renders', async () => {
		const p = await harness.open({ bundle: 'examples' });
		const host = new FakeHost(p, bigTable(1000));
		await host.snapshot();
		await host.untilCell(0, 1, '0');
		await p.click('.header-cell[data-column="a:loss"]');
		let sort: ExamplesFromWebview | undefined;
		for (let i = 0; i < 50 && !sort; i++) {
			sort = (await host.pump()).find((m) => m.type === 'examples/setSort');
		}
		assert.deepEqual(sort, { type: 'examples/setSort', column: 'a:loss', descending: false });
		host.query.setSort({ column: 'a:loss', descending: false });
		await host.snapshot();
		await host.untilCell(0, 1, '0');
		await p.click('.header-cell[data-column="a:loss"]');
		let second: ExamplesFromWebview | undefined;
		for (let i = 0; i < 50 && !second; i++) {
			second = (await host.pump()).find((m) => m.type === 'examples/setSort');
		}
		assert.deepEqual(second, { type: 'examples/setSort', column: 'a:loss', descending: true });
		host.query.setSort({ column: 'a:loss', descending: true });
		await host.snapshot();
		await host.untilCell(0, 1, '999');
		await p.click('.grid-body .grid-row[data-index="0"] .grid-cell:nth-child(2)');
		let reveal: ExamplesFromWebview | undefined;
		for (let i = 0; i < 50 && !reveal; i++) {
			reveal = (await host.pump()).find((m) => m.type === 'examples/reveal');
		}
		assert.deepEqual(reveal, { type: 'examples/reveal', index: 0, column: 'a:loss' });
		await p.close();
	});
});
