import assert from 'node:assert/strict';
import type { Experiment, Project } from '../../src/model/types';
import { exp, sampleProject, sha } from '../unit/experiments/helpers';
import { useWebviewHarness } from './harness';
import { ROW_LABELS, TableHost } from './tableHost';

/** One commit with `n` experiments and `columns` param columns (one varying, the rest shared). */
export function bigProject(n: number, columns: number): Project {
	const consts: Record<string, number> = {};
	for (let c = 1; c < columns; c++) {
		consts[`c${c}`] = c;
	}
	const experiments: Experiment[] = [
		exp({ id: 'p|workspace', name: 'workspace', kind: 'workspace', rev: 'workspace' }),
		exp({ id: `p|${sha(1)}`, name: 'main', kind: 'commit', rev: sha(1), timestamp: 1 }),
	];
	for (let i = 0; i < n; i++) {
		experiments.push(
			exp({
				id: `p|exp|${sha(1)}|e${i}`,
				name: `e${i}`,
				baselineSha: sha(1),
				rev: sha(100 + i),
				timestamp: 1000 + i,
				params: { 'params.yaml': { idx: i }, 'consts.yaml': consts },
			}),
		);
	}
	return { id: 'p', root: '/repo', subdir: '', experiments };
}

describe('experiments table webview (headless Chromium, real bundle, real host controller)', function () {
	const harness = useWebviewHarness();

	it('renders rows as the tree orders them, and hostile names and values as text', async () => {
		const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
		const project = sampleProject();
		project.experiments[0].params[`<script>${hostile}`] = { [hostile]: hostile };
		project.experiments[3].name = hostile;
		const p = await harness.open({ bundle: 'table' });
		const host = new TableHost(p, project);
		await host.until(`${ROW_LABELS}.length === 7`, 'seven rows');
		const labels = await p.evaluate<string[]>(ROW_LABELS);
		assert.deepEqual(labels, ['workspace', 'main', 'live', 'new-run', hostile, sha(2).slice(0, 7), 'first']);
		const dom = await p.evaluate(() => ({
			pwned: (window as unknown as { __pwned?: number }).__pwned,
			imgs: document.querySelectorAll('img, b, script:not([src])').length,
			header: [...document.querySelectorAll('.hcell .hlabel')].map((e) => e.textContent),
			groups: [...document.querySelectorAll('.grid-header .group')].map((e) => e.textContent),
			violations: (window as unknown as { __violations: string[] }).__violations,
		}));
		assert.equal(dom.pwned, undefined);
		assert.equal(dom.imgs, 0);
		assert.ok(dom.header.includes(hostile), `header ${dom.header.join(', ')}`);
		assert.ok(dom.groups.includes(`<script>${hostile}`));
		assert.deepEqual(dom.violations, []);
		const cellTitle = await p.evaluate(
			(h) =>
				document.querySelector<HTMLElement>(
					`.row[data-index="0"] .cell[data-column="${CSS.escape(`params:<script>${h}:${h}`)}"]`,
				)?.textContent,
			hostile,
		);
		assert.equal(
			cellTitle,
			hostile.slice(0, 39) + '…',
			'long text is shortened as the tree does, full value in the title',
		);
		// Tooltips are set when the pointer reaches the cell (a title write restyles it).
		const cell = `.row[data-index="0"] .cell[data-column="${await p.evaluate((h) => CSS.escape(`params:<script>${h}:${h}`), hostile)}"]`;
		await p.hover(cell);
		assert.equal(await p.getAttribute(cell, 'title'), hostile, 'the full value, as text, in the tooltip');
		await p.close();
	});

	it('keeps the DOM small at 10,000 rows x 500 columns, in both directions', async () => {
		const p = await harness.open({ bundle: 'table', width: 1200, height: 800 });
		const host = new TableHost(p, bigProject(10_000, 500));
		await host.until(`document.querySelectorAll('.grid-body .row:not(.loading)').length > 10`, 'first rows');
		const count = () => ({
			rows: document.querySelectorAll('.grid-body .row').length,
			cells: document.querySelectorAll('.grid-body .cell').length,
			headers: document.querySelectorAll('.hcell').length,
		});
		const first = await p.evaluate(count);
		assert.ok(first.rows < 80 && first.cells < 2000 && first.headers < 30, JSON.stringify(first));
		await p.evaluate(() => {
			const g = document.querySelector('.grid')!;
			g.scrollTop = g.scrollHeight;
			g.scrollLeft = g.scrollWidth;
		});
		await host.until(
			`[...document.querySelectorAll('.grid-body .row:not(.loading) .label')].some((l) => l.textContent === 'e0')`,
			'the last row (e0: newest first)',
		);
		const last = await p.evaluate(count);
		assert.ok(last.rows < 80 && last.cells < 2000, JSON.stringify(last));
		const rightmost = await p.evaluate(() =>
			[...document.querySelectorAll('.hcell .hlabel')].map((h) => h.textContent),
		);
		assert.ok(rightmost.includes('c499'), `last column in view: ${rightmost.join(',')}`);
		assert.ok(rightmost.includes('Experiment'), 'the pinned Experiment column stays');
		await p.close();
	});

	it('sorts on a header click, adds a level on shift-click, and filters through the toolbar chips', async () => {
		const p = await harness.open({ bundle: 'table' });
		const project = sampleProject();
		const set = (name: string, acc: number | undefined, opt: string) => {
			const e = project.experiments.find((x) => x.name === name)!;
			e.params = { 'params.yaml': { opt } };
			e.metrics = acc === undefined ? {} : { 'm.json': { acc } };
		};
		set('old-run', 0.7, 'adam');
		set('new-run', 0.9, 'sgd');
		set('live', 0.7, 'sgd');
		const host = new TableHost(p, project);
		await host.until(`${ROW_LABELS}.length === 7`, 'rows');
		await p.click('.hcell[data-column="metrics:m.json:acc"] .hlabel');
		await host.until(`${ROW_LABELS}.slice(2, 5).join() === 'live,old-run,new-run'`, 'ascending by acc');
		await p.click('.hcell[data-column="metrics:m.json:acc"] .hlabel');
		await host.until(`${ROW_LABELS}.slice(2, 5).join() === 'new-run,live,old-run'`, 'descending by acc');
		await p.click('.hcell[data-column="params:params.yaml:opt"] .hlabel', { modifiers: ['Shift'] });
		await host.until(`${ROW_LABELS}.slice(2, 5).join() === 'new-run,old-run,live'`, 'acc desc, then opt asc');
		const sorts = await p.evaluate(() =>
			[...document.querySelectorAll('.hcell')].map((h) => h.getAttribute('aria-sort')).filter((s) => s !== 'none'),
		);
		assert.deepEqual(sorts, ['ascending', 'descending'], 'opt (params, left) ascending, acc (metrics) descending');
		assert.equal(await p.locator('.chip-sort').count(), 2);

		await p.click('.hcell[data-column="params:params.yaml:opt"] .hbtn.filter');
		await p.selectOption('.filter-op', '=');
		await p.fill('.filter-value', 'sgd');
		await p.click('.add-filter');
		await host.until(`${ROW_LABELS}.join() === 'main,new-run,live'`, 'filtered to sgd');
		assert.equal(await p.locator('.chip-filter .chip-text').textContent(), 'opt = sgd');
		assert.equal(await p.locator('.row.context').count(), 1, 'main is shown as context');
		await p.click('.chip-filter .chip-remove');
		await host.until(`${ROW_LABELS}.length === 7`, 'filter removed');

		await p.fill('.text-filter', '/^n/');
		await host.until(`${ROW_LABELS}.join() === 'main,new-run'`, 'regex text filter');
		await p.fill('.text-filter', '/(/');
		await host.until(
			`document.querySelector('.text-error')?.textContent?.includes('Invalid filter') === true`,
			'invalid regex message',
		);
		await p.close();
	});

	it('re-fills its pooled rows, cells and headers in place on a sort, a filter and a scroll', async () => {
		const p = await harness.open({ bundle: 'table', width: 900, height: 600 });
		const host = new TableHost(p, bigProject(2000, 30));
		await host.until(`${ROW_LABELS}.length > 10`, 'first rows');
		type Marked = Element & { __mark?: number };
		const mark = (selector: string) =>
			p.evaluate((s) => document.querySelectorAll(s).forEach((el) => ((el as Marked).__mark = 1)), selector);
		const fresh = (selector: string) =>
			p.evaluate((s) => [...document.querySelectorAll(s)].filter((el) => !(el as Marked).__mark).length, selector);
		const count = (selector: string) => p.evaluate((s) => document.querySelectorAll(s).length, selector);
		await mark('.grid-body .row, .grid-body .cell');
		const rows = await count('.grid-body .row');
		const sorted = (dir: string, first: string) =>
			`document.querySelector('.hcell[data-column="params:params.yaml:idx"]')?.getAttribute('aria-sort') === '${dir}' && ${ROW_LABELS}[2] === '${first}'`;
		await p.click('.hcell[data-column="params:params.yaml:idx"] .hlabel');
		await host.until(sorted('ascending', 'e0'), 'ascending by idx');
		await p.click('.hcell[data-column="params:params.yaml:idx"] .hlabel');
		await host.until(sorted('descending', 'e1999'), 'descending by idx');
		assert.equal(await fresh('.grid-body .row'), 0, 'a sort re-fills the row elements, it does not rebuild them');
		assert.equal(await fresh('.grid-body .cell'), 0, 'and their cells');
		// The sort chip takes a line of the grid's height: at most the rows there were before.
		assert.ok((await count('.grid-body .row')) <= rows);

		// Only rows change on a text filter: the header is left as it is.
		await mark('.hcell');
		await p.fill('.text-filter', 'e19');
		await host.until(
			`${ROW_LABELS}.filter((l) => l.startsWith('e')).every((l) => l.startsWith('e19')) && ${ROW_LABELS}.includes('e1999')`,
			'filtered to e19*',
		);
		assert.equal(await fresh('.hcell'), 0, 'no header cell rebuilt');
		assert.equal(await fresh('.grid-body .row'), 0);

		// Cells are kept per column across a horizontal scroll, and still show their own column.
		await p.evaluate(() => (document.querySelector('.grid')!.scrollLeft = 700));
		await p.waitForFunction(() => document.querySelector('.hcell[data-column="params:consts.yaml:c10"]'));
		await p.evaluate(() => (document.querySelector('.grid')!.scrollLeft = 0));
		await p.waitForFunction(() => !document.querySelector('.hcell[data-column="params:consts.yaml:c10"]'));
		const shown = await p.evaluate(() =>
			[...document.querySelectorAll<HTMLElement>('.grid-body .row:not(.loading)')].map((r) => [
				r.querySelector('.label')?.textContent,
				r.querySelector('.cell[data-column="params:params.yaml:idx"]')?.textContent,
				r.querySelector('.cell[data-column="params:consts.yaml:c3"]')?.textContent,
			]),
		);
		for (const [label, idx, c3] of shown.filter(([label]) => label?.startsWith('e'))) {
			assert.deepEqual([idx, c3], [label!.slice(1), '3'], String(label));
		}
		await p.close();
	});

	it('ticks a row into the shared selection, by click and by keyboard, and patches cells in place', async () => {
		const p = await harness.open({ bundle: 'table' });
		const host = new TableHost(p, sampleProject());
		await host.until(`${ROW_LABELS}.length === 7`, 'rows');
		const live = `p|exp|${sha(1)}|live`;
		await p.click('.row[data-index="2"] .check');
		await host.until(
			`document.querySelector('.row[data-index="2"]')?.classList.contains('selected') === true`,
			'row selected',
		);
		assert.deepEqual(host.selection.selected, [live]);
		const colour = await p.evaluate(
			() => (document.querySelector('.row[data-index="2"] .check') as HTMLElement).style.backgroundColor,
		);
		assert.ok(colour, 'the tick has the chart colour');
		const context = await p.evaluate(() =>
			JSON.parse((document.querySelector('.row[data-index="2"]') as HTMLElement).dataset.vscodeContext!),
		);
		assert.deepEqual(context, {
			webviewSection: 'experiment',
			experimentId: live,
			experimentKind: 'experiment',
			experimentStatus: 'running',
			preventDefaultContextMenuItems: true,
		});

		// Keyboard: down to new-run, space selects it, enter on main collapses it.
		await p.focus('.grid');
		await p.keyboard.press('ArrowDown');
		await p.keyboard.press(' ');
		await host.until(
			`document.querySelector('.row[data-index="3"]')?.classList.contains('selected') === true`,
			'keyboard select',
		);
		assert.equal(host.selection.selected.length, 2);
		host.selection.set(live, false);
		await host.until(
			`document.querySelector('.row[data-index="2"]')?.classList.contains('selected') === false`,
			'deselected from outside',
		);

		// A live run writes: the row element is kept and only its cell text changes.
		await p.evaluate(
			() => ((document.querySelector('.row[data-index="2"]') as HTMLElement & { __mark?: number }).__mark = 1),
		);
		host.update(live, { metrics: { 'dvclive/metrics.json': { loss: 0.125 } } });
		await host.until(
			`document.querySelector('.row[data-index="2"] .cell[data-column="metrics:dvclive/metrics.json:loss"]')?.textContent === '0.125'`,
			'live cell',
		);
		assert.equal(
			await p.evaluate(
				() => (document.querySelector('.row[data-index="2"]') as HTMLElement & { __mark?: number }).__mark,
			),
			1,
		);
		assert.equal(
			host.received.filter((m) => m.type === 'table/requestRows').length,
			0,
			'no re-fetch: the patch carried the row',
		);

		await p.keyboard.press('ArrowUp');
		await p.keyboard.press('ArrowUp');
		await p.keyboard.press('Enter');
		await host.until(`${ROW_LABELS}.join() === 'workspace,main,${sha(2).slice(0, 7)},first'`, 'main collapsed');
		await p.click('.export-csv');
		await host.pump();
		assert.match(host.exported[0], /^csv:Experiment,Created,Commit \/ branch/);
		await p.close();
	});
});
