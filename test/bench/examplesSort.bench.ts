import { ExampleQuery } from '../../src/examples/query';
import { readMetricsTable } from '../../src/examples/table';

/** Builds a metrics table of `rows` rows (loss in pseudo-random order) and times one descending sort by loss. */
export function benchExamplesSort(rows: number): { sortMs: number } {
	const lines = ['example_id,epoch,loss,label'];
	for (let i = 0; i < rows; i++) {
		lines.push(`${i},1,${((i * 2654435761) % 1_000_003) / 1_000_003},${i % 10 === 0 ? 'cat' : 'dog'}`);
	}
	const { table } = readMetricsTable(lines.join('\n'), 'bench.csv');
	const query = new ExampleQuery({ a: table! });
	const started = performance.now();
	query.setSort({ column: 'a:loss', descending: true });
	return { sortMs: performance.now() - started };
}
