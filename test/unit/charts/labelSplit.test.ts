import assert from 'node:assert/strict';
import type { RunInput } from '../../../src/charts/chartModel';
import { appendPoints, availableXAxes, buildLineCharts } from '../../../src/charts/chartModel';
import { labelGroups, labelSignature } from '../../../src/charts/labelSplit';
import { chartCsv } from '../../../src/charts/snapshot';
import { parseTable } from '../../../src/model/parse/parseTasks';
import { TableReader } from '../../../src/model/parse/table';
import type { SeriesTable } from '../../../src/model/types';

const FILE = 'dvclive/plots/metrics/reward.tsv';
const enc = (text: string) => new TextEncoder().encode(text);
const read = (text: string): SeriesTable => parseTable(enc(text), FILE, { delimiter: '\t', header: true }).table;

function runOf(table: SeriesTable): RunInput {
	const series = [{ id: `${FILE}#reward`, name: 'reward', file: FILE, column: 'reward', x: 'step' }];
	const experiment = { id: 'e1', name: 'exp-1', series, events: [], images: [], plots: [] };
	return { experiment, colour: '#123456', tables: new Map([[FILE, table]]) };
}

const OPTS = { xAxis: 'step', smoothing: 0, budget: 1000 };

describe('label columns of series tables', () => {
	it('keeps string cells dictionary-encoded beside the numeric columns', () => {
		const t = read('step\tenv\treward\n0\tcartpole\t1\n0\tpong\t2\n1\tcartpole\t3\n1\t"pong"\t4\n');
		assert.deepEqual(t.labels?.env.values, ['cartpole', 'pong']);
		assert.deepEqual([...(t.labels?.env.codes.subarray(0, t.length) ?? [])], [0, 1, 0, 1]);
		assert.deepEqual([...t.data.reward.subarray(0, t.length)], [1, 2, 3, 4]);
		assert.equal(t.labels?.reward, undefined);
	});

	it('does not take nan, inf or blank cells for labels', () => {
		const t = read('step\tloss\n0\tnan\n1\tinf\n2\t\n3\t-NaN\n');
		assert.equal(t.labels, undefined);
	});

	it('marks numeric cells of a label column as unlabelled (-1)', () => {
		const t = read('step\tenv\treward\n0\ta\t1\n1\t7\t2\n');
		assert.deepEqual([...(t.labels?.env.codes.subarray(0, 2) ?? [])], [0, -1]);
	});

	it('drops a column with too many distinct values (free text) to keep memory bounded', () => {
		const rows = Array.from({ length: 300 }, (_v, i) => `${i}\tnote-${i}\t${i}\n`).join('');
		const t = read(`step\tnote\treward\n${rows}`);
		assert.equal(t.labels, undefined);
		assert.equal(t.length, 300);
	});

	it('does not leave the code of a skipped row behind', () => {
		const t = read('step\tenv\treward\n0\tbad\n1\t5\t2\n');
		assert.equal(t.length, 1);
		assert.deepEqual([...(t.labels?.env.codes.subarray(0, 1) ?? [])], [-1]);
	});
});

describe('splitting a series by label', () => {
	const TSV = 'step\tenv\treward\n0\tcartpole\t1\n0\tenv=pong\t10\n1\tcartpole\t2\n1\tenv=pong\t20\n2\tcartpole\t3\n';

	it('draws one line per label value with the label in the legend', () => {
		const { charts, states } = buildLineCharts([runOf(read(TSV))], OPTS);
		assert.equal(charts.length, 1);
		const lines = charts[0].series.map((s) => ({ label: s.label, x: s.x, y: s.y }));
		assert.deepEqual(lines, [
			{ label: 'exp-1 · env=cartpole', x: [0, 1, 2], y: [1, 2, 3] },
			{ label: 'exp-1 · env=pong', x: [0, 1], y: [10, 20] },
		]);
		assert.equal(new Set(states.map((s) => s.key)).size, 2);
	});

	it('does not offer a label column as an x axis', () => {
		assert.deepEqual(availableXAxes([runOf(read(TSV))]), ['step']);
	});

	it('appends live rows only to the line of their label and notices new labels', () => {
		const reader = new TableReader(FILE, { delimiter: '\t', header: true });
		reader.append(enc(TSV));
		const { states } = buildLineCharts([runOf(reader.table)], OPTS);
		reader.append(enc('3\tcartpole\t4\n2\tenv=pong\t30\n'));
		const [cart, pong] = states.map((s) => appendPoints(s, reader.table, 'step', 0));
		assert.deepEqual([cart?.x, cart?.y, pong?.x, pong?.y], [[3], [4], [2], [30]]);
		assert.equal(labelSignature(reader.table, ['reward', 'step']), states[0].labelValues);
		reader.append(enc('4\tacrobot\t1\n'));
		assert.notEqual(labelSignature(reader.table, ['reward', 'step']), states[0].labelValues);
	});

	it('names each row of a CSV export after its line', () => {
		const csv = chartCsv([runOf(read(TSV))], 'metric:reward', 'step').split('\n');
		assert.deepEqual(csv.slice(0, 3), ['experiment,step,value', 'exp-1 · env=cartpole,0,1', 'exp-1 · env=pong,0,10']);
	});

	it('leaves a series without label columns whole', () => {
		assert.equal(labelGroups(read('step\treward\n0\t1\n'), ['reward', 'step']), undefined);
	});
});
