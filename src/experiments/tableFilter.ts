import { Emitter } from '../util/event';

/**
 * Where the experiments table and the charts' custom plots meet, without importing each other:
 * parallel-coordinates brushing in the charts narrows the table, and the table's filtered rows are
 * what custom plots draw when no experiment is ticked. Column ids are `params:<file>:<key>`,
 * `metrics:<file>:<key>` and `deps:<path>`, as the table names them. No `vscode` here.
 */
export interface ColumnRange {
	readonly column: string;
	readonly min: number;
	readonly max: number;
}

export class TableFilterBridge {
	private brushRanges: readonly ColumnRange[] = [];
	private filtered: readonly string[] | undefined;
	private readonly brushEmitter = new Emitter<readonly ColumnRange[]>();
	private readonly filteredEmitter = new Emitter<readonly string[] | undefined>();
	/** Fired when the charts' brushing changes; an empty list clears it. */
	readonly onDidChangeBrush = this.brushEmitter.event;
	/** Fired when the table's visible rows change (`undefined`: the table is not open). */
	readonly onDidChangeFilteredIds = this.filteredEmitter.event;

	get brush(): readonly ColumnRange[] {
		return this.brushRanges;
	}

	get filteredIds(): readonly string[] | undefined {
		return this.filtered;
	}

	setBrush(ranges: readonly ColumnRange[]): void {
		this.brushRanges = ranges;
		this.brushEmitter.fire(ranges);
	}

	setFilteredIds(ids: readonly string[] | undefined): void {
		this.filtered = ids;
		this.filteredEmitter.fire(ids);
	}

	dispose(): void {
		this.brushEmitter.dispose();
		this.filteredEmitter.dispose();
	}
}
