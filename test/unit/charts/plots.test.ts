import assert from 'node:assert/strict';
import { parsePlotRows } from '../../../src/charts/plotRows';
import { buildPlot, confusion, plotKind } from '../../../src/charts/plots';
import type { PlotRun } from '../../../src/charts/plots';
import type { PlotDefinition } from '../../../src/model/types';

const bytes = (text: string) => new TextEncoder().encode(text);

function runWith(id: string, files: Record<string, string>): PlotRun {
	return {
		id,
		label: id,
		colour: '#123456',
		rows: new Map(Object.entries(files).map(([f, text]) => [f, parsePlotRows(f, bytes(text))])),
	};
}

describe('plots: dvc.yaml plot data', () => {
	it('reads JSON lists, DVCLive sklearn objects, CSV with quotes and TSV', () => {
		assert.deepEqual(parsePlotRows('a.json', bytes('[{"x":1}]')), { ok: true, value: [{ x: 1 }] });
		assert.deepEqual(parsePlotRows('roc.json', bytes('{"roc":[{"fpr":0,"tpr":1}]}')), {
			ok: true,
			value: [{ fpr: 0, tpr: 1 }],
		});
		assert.deepEqual(parsePlotRows('a.csv', bytes('name,v\n"a, b",2\n')), {
			ok: true,
			value: [{ name: 'a, b', v: '2' }],
		});
		assert.deepEqual(parsePlotRows('a.tsv', bytes('k\tv\r\nx\t1\r\n')), { ok: true, value: [{ k: 'x', v: '1' }] });
	});

	it('reports bad input with the line, never throws', () => {
		assert.deepEqual(parsePlotRows('a.csv', bytes('a,b\n1\n')), {
			ok: false,
			error: 'expected 2 fields, found 1',
			line: 2,
		});
		assert.equal(parsePlotRows('a.json', bytes('{')).ok, false);
		assert.equal(parsePlotRows('a.json', bytes('[1]')).ok, false);
		assert.equal(parsePlotRows('a.yaml', bytes('')).ok, false);
	});

	it('maps templates to chart kinds', () => {
		assert.deepEqual(
			['linear', 'simple', 'smooth', 'scatter_jitter', 'bar_horizontal_sorted', 'confusion_normalized', 'custom'].map(
				plotKind,
			),
			['line', 'line', 'line', 'scatter', 'bar', 'confusion', 'line'],
		);
	});

	it('draws a line plot per revision with its x/y fields, title and labels', () => {
		const def: PlotDefinition = {
			id: 'roc',
			template: 'simple',
			x: { 'roc.json': 'fpr' },
			y: { 'roc.json': ['tpr'] },
			title: 'ROC',
			y_label: 'TPR',
		};
		const rows = '{"roc":[{"fpr":0,"tpr":0},{"fpr":0.5,"tpr":0.8},{"fpr":1,"tpr":1}]}';
		const plot = buildPlot(def, [runWith('main', { 'roc.json': rows }), runWith('exp', { 'roc.json': '{' })]);
		assert.equal(plot.title, 'ROC');
		assert.equal(plot.xLabel, 'fpr');
		assert.equal(plot.yLabel, 'TPR');
		assert.deepEqual(
			plot.series.map((s) => [s.label, s.x, s.y]),
			[['main', [0, 0.5, 1], [0, 0.8, 1]]],
		);
		assert.match(plot.errors[0], /^exp: roc\.json: invalid JSON/);
	});

	it('uses the row index for a missing x and the last field for an empty y list (DVC defaults)', () => {
		const def: PlotDefinition = { id: 'p', template: 'linear', y: { 'p.json': [] } };
		const plot = buildPlot(def, [runWith('r', { 'p.json': '[{"a":1,"b":10},{"a":2,"b":20}]' })]);
		assert.deepEqual(
			[plot.series[0].x, plot.series[0].y],
			[
				[0, 1],
				[10, 20],
			],
		);
	});

	it('counts a confusion matrix (rows: y field, columns: x field) with classes sorted', () => {
		const rows = [
			{ actual: '1', predicted: '1' },
			{ actual: '1', predicted: '0' },
			{ actual: '0', predicted: '0' },
			{ actual: '10', predicted: '1' },
		];
		assert.deepEqual(confusion(rows, 'actual', 'predicted'), {
			classes: ['0', '1', '10'],
			counts: [
				[1, 1, 0],
				[0, 1, 1],
				[0, 0, 0],
			],
		});
		const def: PlotDefinition = {
			id: 'cm',
			template: 'confusion_normalized',
			x: { 'cm.json': 'actual' },
			y: { 'cm.json': ['predicted'] },
		};
		const plot = buildPlot(def, [runWith('r', { 'cm.json': JSON.stringify(rows) })]);
		assert.equal(plot.kind, 'confusion');
		assert.equal(plot.matrices?.[0].normalized, true);
	});

	it('sorts horizontal bars by value for bar_horizontal_sorted', () => {
		const def: PlotDefinition = {
			id: 'imp',
			template: 'bar_horizontal_sorted',
			x: { 'imp.csv': 'importance' },
			y: { 'imp.csv': ['feature'] },
		};
		const plot = buildPlot(def, [runWith('r', { 'imp.csv': 'feature,importance\nage,0.1\nincome,0.7\nzip,0.2\n' })]);
		assert.deepEqual(plot.series[0].categories, ['income', 'zip', 'age']);
		assert.deepEqual(plot.series[0].x, [0.7, 0.2, 0.1]);
	});
});
