/**
 * Draws the two benchmark charts of the README from bench/results.json, as plain SVG (no packages)
 * rendered to PNG: media/bench-points.png (chart draw and decimation time vs points) and
 * media/bench-experiments.png (model read time vs experiments, with DVC's time where measured).
 *
 *   node --import tsx test/bench/svg.ts bench/results.json media
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stat } from './stats';

export interface SvgSeries {
	name: string;
	colour: string;
	/** x, then the median with its min and max (drawn as a whisker). */
	points: { x: number; y: Stat }[];
}

export interface SvgChart {
	title: string;
	xLabel: string;
	yLabel: string;
	logX: boolean;
	logY: boolean;
	series: SvgSeries[];
	note?: string;
}

const W = 800;
const H = 420;
const PAD = { left: 70, right: 240, top: 44, bottom: 62 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function scale(values: number[], log: boolean, from: number, to: number): { map(v: number): number; ticks: number[] } {
	const lo = Math.min(...values);
	const hi = Math.max(...values);
	if (log) {
		const a = Math.floor(Math.log10(lo));
		const b = Math.ceil(Math.log10(hi));
		const ticks = Array.from({ length: b - a + 1 }, (_, i) => 10 ** (a + i));
		return { map: (v) => from + ((Math.log10(v) - a) / Math.max(1, b - a)) * (to - from), ticks };
	}
	const step = niceStep(hi / 5);
	const top = Math.ceil(hi / step) * step;
	const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
	return { map: (v) => from + (v / top) * (to - from), ticks };
}

function niceStep(raw: number): number {
	const p = 10 ** Math.floor(Math.log10(raw));
	return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

const label = (v: number) =>
	v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : v < 1 ? String(Number(v.toPrecision(2))) : String(v);

function axes(c: SvgChart, xs: ReturnType<typeof scale>, ys: ReturnType<typeof scale>): string[] {
	const out: string[] = [];
	const [x0, x1, y0, y1] = [PAD.left, W - PAD.right, H - PAD.bottom, PAD.top];
	for (const t of ys.ticks) {
		const y = ys.map(t);
		out.push(`<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="#8884" />`);
		out.push(`<text x="${x0 - 6}" y="${y + 4}" text-anchor="end">${label(t)}</text>`);
	}
	for (const t of xs.ticks) {
		const x = xs.map(t);
		out.push(`<line x1="${x}" x2="${x}" y1="${y0}" y2="${y0 + 5}" stroke="#888" />`);
		out.push(`<text x="${x}" y="${y0 + 20}" text-anchor="middle">${label(t)}</text>`);
	}
	out.push(`<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#888" />`);
	out.push(`<line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}" stroke="#888" />`);
	out.push(`<text x="${(x0 + x1) / 2}" y="${H - 22}" text-anchor="middle">${esc(c.xLabel)}</text>`);
	out.push(`<text transform="translate(18 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
	out.push(`<text x="${x0}" y="26" font-size="16" font-weight="bold">${esc(c.title)}</text>`);
	if (c.note) {
		out.push(`<text x="${x0}" y="${H - 4}" font-size="11" fill="#888">${esc(c.note)}</text>`);
	}
	return out;
}

function seriesSvg(s: SvgSeries, i: number, xs: ReturnType<typeof scale>, ys: ReturnType<typeof scale>): string[] {
	const pts = [...s.points].sort((a, b) => a.x - b.x);
	const path = pts.map((p, k) => `${k ? 'L' : 'M'}${xs.map(p.x).toFixed(1)},${ys.map(p.y.median).toFixed(1)}`).join(' ');
	const out = [`<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2" />`];
	for (const p of pts) {
		const x = xs.map(p.x).toFixed(1);
		out.push(`<line x1="${x}" x2="${x}" y1="${ys.map(p.y.min)}" y2="${ys.map(p.y.max)}" stroke="${s.colour}" />`);
		out.push(`<circle cx="${x}" cy="${ys.map(p.y.median)}" r="3.5" fill="${s.colour}"><title>${esc(s.name)}: ${label(p.x)} → ${p.y.median.toFixed(1)} (min ${p.y.min.toFixed(1)}, max ${p.y.max.toFixed(1)})</title></circle>`);
	}
	const ly = PAD.top + 10 + i * 22;
	out.push(`<line x1="${W - PAD.right + 14}" x2="${W - PAD.right + 38}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="3" />`);
	out.push(`<text x="${W - PAD.right + 44}" y="${ly + 4}">${esc(s.name)}</text>`);
	return out;
}

export function chartSvg(c: SvgChart): string {
	const series = c.series.filter((s) => s.points.length > 0);
	const xs = scale(series.flatMap((s) => s.points.map((p) => p.x)), c.logX, PAD.left, W - PAD.right);
	const ys = scale(series.flatMap((s) => s.points.flatMap((p) => [p.y.min, p.y.max])), c.logY, H - PAD.bottom, PAD.top);
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="12" fill="#555">`,
		`<rect width="${W}" height="${H}" fill="#fff" />`,
		...axes(c, xs, ys),
		...series.flatMap((s, i) => seriesSvg(s, i, xs, ys)),
		'</svg>',
		'',
	].join('\n');
}

interface Results {
	date: string;
	machine: { cpus: number; loadAverageAtStart: number[] };
	chartDraw?: { pointsPerSeries: number; series: number; drawMs: Stat; decimateMs: Stat }[];
	experiments?: { experiments: number; runlensMs: Stat; dvcColdMs?: Stat; dvcWarmMs?: Stat }[];
}

function note(r: Results): string {
	return `Median of runs, whiskers min-max. ${r.date.slice(0, 10)}, ${r.machine.cpus} shared cores, load ${r.machine.loadAverageAtStart[0]}.`;
}

export function pointsChart(r: Results): SvgChart {
	const draws = Array.isArray(r.chartDraw) ? r.chartDraw : [];
	return {
		title: 'Chart panel: time vs points (4 series)',
		xLabel: 'points per series (log)',
		yLabel: 'ms (log)',
		logX: true,
		logY: true,
		note: note(r),
		series: [
			{ name: 'decimate + smooth (host)', colour: '#d6762c', points: draws.map((d) => ({ x: d.pointsPerSeries, y: d.decimateMs })) },
			{ name: 'message → drawn (Chromium)', colour: '#3574c4', points: draws.map((d) => ({ x: d.pointsPerSeries, y: d.drawMs })) },
		],
	};
}

export function experimentsChart(r: Results): SvgChart {
	const list = Array.isArray(r.experiments) ? r.experiments : [];
	const dvc = (k: 'dvcColdMs' | 'dvcWarmMs') => list.flatMap((p) => (p[k] ? [{ x: p.experiments, y: p[k] }] : []));
	return {
		title: 'Reading every experiment: time vs experiments',
		xLabel: 'experiments in the repo',
		yLabel: 'ms (log)',
		logX: false,
		logY: true,
		note: note(r),
		series: [
			{ name: 'Runlens model (cold)', colour: '#3574c4', points: list.map((p) => ({ x: p.experiments, y: p.runlensMs })) },
			{ name: 'dvc exp show, cold', colour: '#c43535', points: dvc('dvcColdMs') },
			{ name: 'dvc exp show, warm', colour: '#e0a030', points: dvc('dvcWarmMs') },
		],
	};
}

/**
 * The marketplace (and vsce) refuse SVG images in a README, so the charts are rendered to PNG in
 * headless Chromium (the same Debian Chromium the webview tier uses) and kept in media/.
 */
async function writePngs(outDir: string, charts: Record<string, string>): Promise<void> {
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
	});
	try {
		const page = await browser.newPage({ deviceScaleFactor: 1 });
		for (const [name, svg] of Object.entries(charts)) {
			await page.setContent(`<!DOCTYPE html><body style="margin:0;background:#fff">${svg}</body>`);
			await page.locator('svg').first().screenshot({ path: join(outDir, `${name}.png`) });
		}
	} finally {
		await browser.close();
	}
}

if (require.main === module) {
	const [input = 'bench/results.json', outDir = 'media'] = process.argv.slice(2);
	const results = JSON.parse(readFileSync(input, 'utf8')) as Results;
	const charts = { 'bench-points': chartSvg(pointsChart(results)), 'bench-experiments': chartSvg(experimentsChart(results)) };
	writePngs(outDir, charts).then(
		() => console.error(`[bench] wrote ${Object.keys(charts).map((n) => join(outDir, `${n}.png`)).join(' and ')}`),
		(err: unknown) => {
			console.error('[bench] could not render the charts:', err);
			process.exitCode = 1;
		},
	);
}
