import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { availableXAxes, buildLineCharts } from '../../src/charts/chartModel';
import type { RunInput } from '../../src/charts/chartModel';
import type { MetricSeries, SeriesTable } from '../../src/model/types';
import type { ChartsSnapshot, HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import { contentSecurityPolicy } from '../../src/shared/csp';
import type { ThemeName } from './themes';
import { THEMES } from './themes';
export type { ThemeName } from './themes';

/**
 * Loads the real webview bundle (dist/webview/<bundle>.js + .css) in headless Chromium under the
 * same CSP as src/shared/csp.ts, with a stubbed `acquireVsCodeApi` that records posted
 * messages. Host messages are delivered with `window.postMessage`, as VS Code does.
 */
const ROOT = join(__dirname, '..', '..');
const NONCE = 'dGVzdG5vbmNlMTIzNDU2Nw==';

// The extension's own policy (src/shared/csp.ts), with `data:` images as the chart panel allows.
export function testCsp(cspSource: string): string {
	return contentSecurityPolicy(cspSource, NONCE, ['data:']);
}

function themeParam(value: string | null): ThemeName {
	return value !== null && value in THEMES ? (value as ThemeName) : 'dark';
}

function themeCss(name: ThemeName): string {
	const vars = Object.entries(THEMES[name]).map(([k, v]) => `--vscode-${k}: ${v};`);
	vars.push(
		'--vscode-font-family: system-ui, sans-serif;',
		'--vscode-font-size: 13px;',
		'--vscode-focusBorder: #0078d4;',
	);
	return `:root, body { ${vars.join(' ')} }`;
}

const STUB = `
(() => {
	const params = new URLSearchParams(location.search);
	const theme = params.get('theme');
	document.body.className = theme === 'light' ? 'vscode-light' : theme === 'hc' ? 'vscode-high-contrast' : 'vscode-dark';
	window.__posted = [];
	window.__violations = [];
	document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
	window.__state = JSON.parse(params.get('state') || 'null');
	window.acquireVsCodeApi = () => ({
		postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
		getState: () => window.__state,
		setState: (s) => { window.__state = s; },
	});
})();`;

function page(bundle: string, cspSource: string, theme: ThemeName): string {
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${testCsp(cspSource)}">
<link rel="stylesheet" href="${cspSource}/theme-${theme}.css">
<link rel="stylesheet" href="${cspSource}/dist/webview/${bundle}.css">
<title>test</title></head>
<body><div id="root"></div>
<script nonce="${NONCE}" src="${cspSource}/stub.js"></script>
<script nonce="${NONCE}" src="${cspSource}/dist/webview/${bundle}.js"></script>
</body></html>`;
}

export class WebviewHarness {
	private constructor(
		readonly browser: Browser,
		private readonly server: Server,
		readonly origin: string,
	) {}

	static async launch(): Promise<WebviewHarness> {
		const server = createServer((req, res) => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const send = (type: string, body: string | Buffer) => res.writeHead(200, { 'content-type': type }).end(body);
			if (url.pathname === '/stub.js') {
				return send('text/javascript', STUB);
			}
			const theme = /^\/theme-(dark|light|hc)\.css$/.exec(url.pathname);
			if (theme) {
				return send('text/css', themeCss(theme[1] as ThemeName));
			}
			const asset = /^\/dist\/webview\/([a-z]+)\.(js|css)$/.exec(url.pathname);
			if (asset) {
				return send(
					asset[2] === 'js' ? 'text/javascript' : 'text/css',
					readFileSync(join(ROOT, 'dist', 'webview', `${asset[1]}.${asset[2]}`)),
				);
			}
			const bundle = /^\/page\/([a-z]+)$/.exec(url.pathname);
			if (bundle) {
				const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
				return send('text/html', page(bundle[1], origin, themeParam(url.searchParams.get('theme'))));
			}
			res.writeHead(404).end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		});
		return new WebviewHarness(browser, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	}

	/** Opens a page with the bundle and waits for its `ready` handshake. */
	async open(
		opts: { bundle?: string; theme?: ThemeName; state?: unknown; width?: number; height?: number } = {},
	): Promise<Page> {
		const p = await this.browser.newPage({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 } });
		const query = new URLSearchParams({ theme: opts.theme ?? 'dark', state: JSON.stringify(opts.state ?? null) });
		await p.goto(`${this.origin}/page/${opts.bundle ?? 'charts'}?${query.toString()}`);
		await waitForPosted(p, 'ready');
		return p;
	}

	async close(): Promise<void> {
		await this.browser.close();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

export async function send(p: Page, message: HostToWebview): Promise<void> {
	await p.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
}

export async function posted(p: Page): Promise<WebviewToHost[]> {
	return p.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted);
}

/** Waits until at least `count` messages of `type` were posted; returns them all. */
export async function waitForPosted<T extends WebviewToHost['type']>(
	p: Page,
	type: T,
	count = 1,
): Promise<Extract<WebviewToHost, { type: T }>[]> {
	await p.waitForFunction(
		([t, n]) =>
			(window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t).length >= n,
		[type, count] as const,
	);
	return (await posted(p)).filter((m): m is Extract<WebviewToHost, { type: T }> => m.type === type);
}

export interface TestRun {
	id: string;
	name: string;
	colour: string;
	/** metric name -> columns (`step` and the value column at least). */
	metrics: Record<string, Record<string, ArrayLike<number>>>;
}

/** A test run as the host-side transforms see it: in-memory DVCLive tables, one per metric. */
export function runInput(run: TestRun): RunInput {
	const tables = new Map<string, SeriesTable>();
	const series: MetricSeries[] = [];
	for (const [name, columns] of Object.entries(run.metrics)) {
		const file = `dvclive/plots/metrics/${name}.tsv`;
		const column = name.split('/').pop() ?? name;
		const data = Object.fromEntries(
			Object.entries(columns).map(([k, v]) => [k === 'value' ? column : k, Float64Array.from(v)]),
		);
		tables.set(file, { file, columns: Object.keys(data), data, length: columns.value.length });
		series.push({ id: `${file}#${column}`, name, file, column, x: 'step' });
	}
	return {
		experiment: { id: run.id, name: run.name, series, events: [], images: [], plots: [] },
		colour: run.colour,
		tables,
	};
}

/** A snapshot built by the real host-side transforms from in-memory tables. */
export function snapshotOf(
	runs: TestRun[],
	opts: { smoothing?: number; xAxis?: string; budget?: number; compose?: string[][] } = {},
): ChartsSnapshot {
	const inputs = runs.map(runInput);
	const options = {
		xAxis: opts.xAxis ?? 'step',
		smoothing: opts.smoothing ?? 0,
		...(opts.compose ? { compose: opts.compose } : {}),
	};
	const { charts } = buildLineCharts(inputs, { ...options, budget: opts.budget ?? 1000 });
	return {
		options,
		xAxes: availableXAxes(inputs),
		experiments: runs.map((r) => ({ id: r.id, label: r.name, colour: r.colour })),
		charts,
		plots: [],
		images: [],
		pointBudget: opts.budget ?? 1000,
		ignoreOutliers: false,
	};
}

export function range(n: number): Float64Array {
	return Float64Array.from({ length: n }, (_, i) => i);
}

/** Where the webview suites write their screenshots (created by useWebviewHarness). */
export const RESULTS = join(ROOT, 'test-results');

/**
 * One harness per suite: launched in the suite's `before`, closed in its `after`. Call it inside a
 * `describe`; the handle opens pages on whichever harness that suite launched.
 */
export function useWebviewHarness(): Pick<WebviewHarness, 'open'> {
	let harness: WebviewHarness | undefined;
	before(async () => {
		harness = await WebviewHarness.launch();
		mkdirSync(RESULTS, { recursive: true });
	});
	after(async () => {
		await harness?.close();
	});
	return {
		open: (...args) => {
			assert.ok(harness, 'the suite launched its webview harness');
			return harness.open(...args);
		},
	};
}
