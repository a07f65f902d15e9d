/**
 * Hostile strings in both webview panels (real bundles, real CSP, headless Chromium): HTML,
 * scripts, 10,000-character names, RTL overrides, emoji and zero-width characters in metric
 * names, run names, titles, event names, image groups and example-table headers and cells all
 * render as text, nothing executes, long names are truncated with the full text as a tooltip, and
 * the CSP reports and blocks inline scripts.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildPlot } from '../../src/charts/plots';
import { parsePlotRows } from '../../src/charts/plotRows';
import { ExampleQuery } from '../../src/examples/query';
import { readMetricsTable } from '../../src/examples/table';
import type { ExamplesSnapshot, HostToWebview } from '../../src/shared/protocol';
import { range, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';

const LONG = `${'x'.repeat(9_990)}-long-name`;
const HOSTILE = [
	'<script>window.__pwned = 1</script>',
	'<img src=x onerror="window.__pwned = 2">',
	'<b onmouseover="window.__pwned = 3">bold</b> & &amp; "quoted" \'single\'',
	LONG,
	'\u202Egnp.exe\u202C loss (RTL override)',
	'\u05D0\u05D1\u05D2 \u0627\u0644\u062E\u0633\u0627\u0631\u0629 mixed RTL',
	'\u{1F525}\u{1F4C9} loss \u{1F469}\u200D\u{1F469}\u200D\u{1F467}',
	'lo\u200Bss\u200C\u200D\uFEFF zero-width',
];
const WIDTH = 1200;

interface PageState {
	pwned: unknown;
	injected: number;
	scrollWidth: number;
	violations: string[];
}

function pageState(p: Page): Promise<PageState> {
	return p.evaluate(() => ({
		pwned: (window as unknown as { __pwned?: unknown }).__pwned,
		// Elements or attributes a string could have smuggled in (the app's own image cards have no src yet).
		injected: document.querySelectorAll('#root script, #root b, [onerror], [onmouseover], img[src$="/x"]').length,
		scrollWidth: document.documentElement.scrollWidth,
		violations: (window as unknown as { __violations: string[] }).__violations,
	}));
}

/** Text nodes and tooltips of every element matching `selector`. */
function texts(p: Page, selector: string): Promise<{ text: string; tip: string; clipped: boolean; width: number }[]> {
	return p.locator(selector).evaluateAll((els) =>
		els.map((e) => {
			const h = e as HTMLElement;
			return {
				text: h.textContent ?? '',
				tip: h.title,
				clipped: h.scrollWidth > h.clientWidth,
				width: h.getBoundingClientRect().width,
			};
		}),
	);
}

function watchDialogs(p: Page): { count: number } {
	const seen = { count: 0 };
	p.on('dialog', (d) => {
		seen.count++;
		void d.dismiss();
	});
	return seen;
}

/** Appends an inline script and an inline handler; resolves with the CSP reports and whether either ran. */
function injectInline(p: Page): Promise<{ directives: string[]; ran: boolean }> {
	return p.evaluate(
		() =>
			new Promise<{ directives: string[]; ran: boolean }>((resolve) => {
				const directives: string[] = [];
				document.addEventListener('securitypolicyviolation', (e) => {
					directives.push(e.violatedDirective);
					if (directives.length === 2) {
						resolve({ directives, ran: (window as unknown as { __inline?: number }).__inline !== undefined });
					}
				});
				const s = document.createElement('script');
				s.textContent = 'window.__inline = 1;';
				document.body.append(s);
				const b = document.createElement('button');
				b.setAttribute('onclick', 'window.__inline = 2');
				document.body.append(b);
				b.click();
			}),
	);
}

describe('hostile strings in the webviews (headless Chromium, real bundles, strict CSP)', function () {
	const harness = useWebviewHarness();

	it('charts: metric names, run names, event names, plot titles and image groups render as text', async () => {
		const runs: TestRun[] = HOSTILE.map((name, i) => ({
			id: `exp-${i}`,
			name,
			colour: '#3794ff',
			metrics: { [name]: { step: range(5), value: range(5) } },
		}));
		const snapshot = snapshotOf(runs);
		snapshot.charts[0].events = HOSTILE.map((name, i) => ({
			x: i % 5,
			name,
			colour: '#3794ff',
			experimentId: 'exp-0',
			detail: [name],
		}));
		const rows = parsePlotRows('cm.json', new TextEncoder().encode(JSON.stringify([{ a: HOSTILE[0], p: HOSTILE[3] }])));
		snapshot.plots = HOSTILE.map((title, i) =>
			buildPlot({ id: `p${i}`, template: 'confusion', x: { 'cm.json': 'a' }, y: { 'cm.json': ['p'] }, title }, [
				{ id: 'exp-0', label: HOSTILE[i], colour: '#3794ff', rows: new Map([['cm.json', rows]]) },
			]),
		);
		snapshot.images = HOSTILE.map((name, i) => ({
			experimentId: `exp-${i}`,
			experimentLabel: name,
			colour: '#3794ff',
			name,
			images: [{ file: `${i}.png`, step: 1 }],
		}));
		const p = await harness.open({ width: WIDTH });
		const dialogs = watchDialogs(p);
		await send(p, { type: 'charts/snapshot', snapshot });
		await waitForPosted(p, 'charts/rendered');

		const titles = await texts(p, '.chart-card .chart-title');
		assert.deepEqual(titles.map((t) => t.text).sort(), snapshot.charts.map((c) => c.title).sort());
		assert.deepEqual(new Set(snapshot.charts.map((c) => c.title)), new Set(HOSTILE), 'titles are the metric names');
		for (const t of titles) {
			assert.equal(t.tip, t.text, 'the full name is the tooltip');
		}
		const long = titles.find((t) => t.text === LONG)!;
		assert.ok(long.clipped && long.width <= WIDTH, 'the 10,000-character title is cut off inside its card');

		const legend = await texts(p, '.legend-label');
		assert.deepEqual(
			legend.map((l) => l.text),
			HOSTILE,
		);
		const longChip = legend.find((l) => l.text === LONG)!;
		assert.ok(longChip.width <= WIDTH, `the long run name stays inside the window (${longChip.width}px)`);
		const chips = await p.locator('.legend-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).title));
		assert.ok(
			chips.some((tip) => tip.includes(LONG)),
			'a clipped run name is readable in its tooltip',
		);

		const eventTexts = await p.evaluate((id) => {
			const view = (window as unknown as { runlensCharts: { view(id: string): unknown } }).runlensCharts.view(id) as {
				data: { events: unknown[] };
				showEvent(m: unknown, x: number, y: number): void;
			};
			const tip = document.querySelector<HTMLElement>('.chart-card .event-tip')!;
			return view.data.events.map((m) => {
				view.showEvent(m, 10, 10);
				return tip.querySelector('strong')!.textContent;
			});
		}, snapshot.charts[0].id);
		assert.deepEqual(eventTexts, HOSTILE);

		const plotTitles = await p.locator('.plot-card .chart-head').allTextContents();
		assert.deepEqual(plotTitles, HOSTILE);
		const imageTitles = await p.locator('.image-title').allTextContents();
		assert.deepEqual(
			imageTitles,
			HOSTILE.map((n) => `${n} \u00b7 ${n}`),
		);
		const confusionHeads = await p.locator('.confusion-table th').allTextContents();
		assert.ok(confusionHeads.includes(HOSTILE[0]) && confusionHeads.includes(HOSTILE[3]));

		const state = await pageState(p);
		assert.deepEqual(
			{ ...state, scrollWidth: state.scrollWidth <= WIDTH },
			{ pwned: undefined, injected: 0, scrollWidth: true, violations: [] },
		);
		assert.equal(dialogs.count, 0);
		await p.close();
	});

	it('examples: title, run labels, column names and cells render as text', async () => {
		const header = ['example_id', ...HOSTILE.map((_, i) => `c${i}`)];
		const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
		const lines = [header.join(','), ...HOSTILE.map((h, r) => [r, ...HOSTILE.map(() => csvCell(h))].join(','))];
		const table = readMetricsTable(lines.join('\n'), 'dvclive/ex.csv').table!;
		const query = new ExampleQuery({ a: table });
		const columns = query.columns.map((c, i) => (i === 0 ? c : { ...c, name: HOSTILE[(i - 1) % HOSTILE.length] }));
		const snap: ExamplesSnapshot = {
			title: HOSTILE[3],
			experiments: HOSTILE.slice(0, 2).map((label) => ({ label, colour: '#3794ff', table: LONG })),
			columns,
			steps: query.steps,
			total: query.length,
			filter: { global: '', columns: {} },
			errors: HOSTILE,
			version: 1,
		};
		const p = await harness.open({ bundle: 'examples', width: WIDTH });
		const dialogs = watchDialogs(p);
		await send(p, { type: 'examples/snapshot', snapshot: snap } as unknown as HostToWebview);
		const [request] = await waitForPosted(p, 'examples/requestRows' as never);
		const req = request as unknown as { requestId: number; start: number; count: number; version: number };
		const w = query.rows(req.start, req.count);
		await send(p, {
			type: 'examples/rows',
			requestId: req.requestId,
			version: req.version,
			start: w.start,
			total: w.total,
			rows: w.rows,
		} as unknown as HostToWebview);
		await p.waitForSelector('.grid-body .grid-row[data-index="0"]:not(.loading)');

		const heads = await texts(p, '.header-cell');
		assert.deepEqual(
			heads.map((h) => h.text),
			columns.map((c) => c.name),
		);
		const cells = await p.evaluate(() =>
			[...document.querySelectorAll('.grid-body .grid-row:not(.loading)')].map((r) =>
				[...r.children].slice(1).map((c) => ({ text: c.textContent, tip: (c as HTMLElement).title })),
			),
		);
		assert.ok(cells.length >= HOSTILE.length, `${cells.length} rows rendered`);
		for (let r = 0; r < HOSTILE.length; r++) {
			for (const cell of cells[r]) {
				assert.equal(cell.tip, HOSTILE[r], 'the tooltip holds the full cell');
				assert.ok(
					HOSTILE[r].startsWith(cell.text.replace(/\u2026$/, '')),
					'the cell text is the value (maybe shortened)',
				);
			}
		}
		const title = (await texts(p, '.title'))[0];
		assert.equal(title.text, LONG);
		assert.ok(title.clipped, 'the long title is cut off');
		const legend = await p.locator('.legend-item').allTextContents();
		assert.deepEqual(
			legend,
			HOSTILE.slice(0, 2).map((l, i) => `${i ? 'B' : 'A'}: ${l}`),
		);
		assert.deepEqual(await p.locator('.error-list li').allTextContents(), HOSTILE);

		const state = await pageState(p);
		assert.deepEqual(
			{ ...state, scrollWidth: state.scrollWidth <= WIDTH },
			{ pwned: undefined, injected: 0, scrollWidth: true, violations: [] },
		);
		assert.equal(dialogs.count, 0);
		await p.close();
	});

	for (const bundle of ['charts', 'examples']) {
		it(`${bundle}: the CSP reports and blocks an inline script and an inline event handler`, async () => {
			const p = await harness.open({ bundle });
			const result = await injectInline(p);
			assert.deepEqual(
				result.directives.map((d) => d.replace(/-(elem|attr)$/, '')),
				['script-src', 'script-src'],
			);
			assert.equal(result.ran, false);
			await p.close();
		});
	}
});
