import type { ChartDataset } from 'chart.js';
import type { PlotChart } from '../../src/shared/protocol';
import type { Theme } from '../shared/theme';
import { el, withAlpha } from '../shared/theme';
import type { Chart } from './setup';
import { registerChartJs } from './setup';

/** dvc.yaml plots: lines, scatter, horizontal bars (Chart.js) and confusion matrices (a text grid). */
export function renderPlot(plot: PlotChart, theme: Theme): { element: HTMLElement; chart?: Chart } {
	const card = el('div', 'chart-card plot-card');
	card.dataset.chartId = plot.id;
	card.append(el('div', 'chart-head', plot.title));
	for (const error of plot.errors) {
		card.append(el('div', 'plot-error', error));
	}
	if (plot.kind === 'confusion') {
		for (const m of plot.matrices ?? []) {
			card.append(confusionGrid(m, plot, theme));
		}
		return { element: card };
	}
	const body = el('div', 'chart-body');
	const canvas = el('canvas');
	body.append(canvas);
	card.append(body);
	const ChartJs = registerChartJs();
	const scale = (text: string) => ({
		title: { display: !!text, text, color: theme.muted },
		ticks: { color: theme.foreground },
		grid: { color: theme.grid },
	});
	if (plot.kind === 'bar') {
		const labels = plot.series[0]?.categories ?? [];
		const datasets: ChartDataset<'bar'>[] = plot.series.map((s) => {
			const byCategory = new Map((s.categories ?? []).map((c, i) => [c, s.x[i]]));
			return {
				label: s.label,
				data: labels.map((c) => byCategory.get(c) ?? NaN),
				backgroundColor: withAlpha(s.colour, 0.7),
				borderColor: s.colour,
			};
		});
		const chart = new ChartJs(canvas, {
			type: 'bar',
			data: { labels, datasets },
			options: {
				indexAxis: 'y',
				animation: false,
				maintainAspectRatio: false,
				scales: { x: scale(plot.xLabel), y: scale(plot.yLabel) },
			},
		});
		return { element: card, chart: chart };
	}
	const datasets = plot.series.map((s) => ({
		label: s.label,
		data: s.x.map((x, i) => ({ x, y: s.y[i] })),
		borderColor: s.colour,
		backgroundColor: s.colour,
		pointRadius: plot.kind === 'scatter' ? 2 : 0,
		showLine: plot.kind !== 'scatter',
		borderWidth: 1.5,
	}));
	const chart = new ChartJs(canvas, {
		type: 'scatter',
		data: { datasets },
		options: {
			animation: false,
			parsing: false,
			maintainAspectRatio: false,
			scales: { x: { type: 'linear', ...scale(plot.xLabel) }, y: scale(plot.yLabel) },
		},
	});
	return { element: card, chart: chart };
}

function confusionGrid(m: NonNullable<PlotChart['matrices']>[number], plot: PlotChart, theme: Theme): HTMLElement {
	const wrap = el('div', 'confusion');
	wrap.append(el('div', 'confusion-title', `${m.label} \u00b7 rows: ${plot.yLabel}, columns: ${plot.xLabel}`));
	const table = el('table', 'confusion-table');
	const head = el('tr');
	head.append(el('th'), ...m.classes.map((c) => el('th', undefined, c)));
	table.append(head);
	m.counts.forEach((row, r) => {
		const sum = row.reduce((a, b) => a + b, 0) || 1;
		const max = Math.max(...row, 1);
		const tr = el('tr');
		tr.append(el('th', undefined, m.classes[r]));
		for (const count of row) {
			const share = count / sum;
			const text = m.normalized ? `${(share * 100).toFixed(1)}% (${count})` : String(count);
			const td = el('td', undefined, text);
			td.style.background = withAlpha(m.colour, 0.1 + 0.8 * (m.normalized ? share : count / max));
			td.style.color = theme.foreground;
			tr.append(td);
		}
		table.append(tr);
	});
	wrap.append(table);
	return wrap;
}
