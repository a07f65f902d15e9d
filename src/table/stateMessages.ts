import { assertNever } from '../shared/protocol';
import type { TableColumn, TableWebviewMessage } from '../shared/tableProtocol';
import { nextSort } from './sort';
import { clampWidth, moveColumn } from './state';
import type { TableState } from './state';

/** The page's messages that only change the user's table set-up (sort, columns, options). */
export type StateMessage = Extract<
	TableWebviewMessage,
	{
		type:
			| 'table/sort'
			| 'table/sortStarred'
			| 'table/removeSort'
			| 'table/clearSort'
			| 'table/removeFilter'
			| 'table/setOption'
			| 'table/hideColumn'
			| 'table/showColumn'
			| 'table/moveColumn'
			| 'table/resizeColumn';
	}
>;

/**
 * The change a set-up message makes to the table state; undefined when it changes nothing (an
 * unknown option, a width that is not a number, hiding the Experiment column). Pure.
 */
export function statePatch(
	s: TableState,
	message: StateMessage,
	visible: readonly TableColumn[],
): Partial<TableState> | undefined {
	switch (message.type) {
		case 'table/sort':
			return { sort: nextSort(s.sort, String(message.column), message.add === true) };
		case 'table/sortStarred':
			return { sortStarred: message.on === true };
		case 'table/removeSort':
			return { sort: s.sort.filter((l) => l.column !== message.column) };
		case 'table/clearSort':
			return { sort: [], sortStarred: false };
		case 'table/removeFilter':
			return { filters: s.filters.filter((_, i) => i !== message.index) };
		case 'table/setOption':
			return message.option === 'changedOnly' || message.option === 'pinExperiment'
				? { options: { ...s.options, [message.option]: message.value === true } }
				: undefined;
		case 'table/hideColumn':
			return message.column === 'experiment' ? undefined : { hidden: [...new Set([...s.hidden, message.column])] };
		case 'table/showColumn':
			return { hidden: s.hidden.filter((id) => id !== message.column) };
		case 'table/moveColumn':
			return {
				order: moveColumn(
					visible.map((c) => c.id),
					String(message.column),
					message.before,
				),
			};
		case 'table/resizeColumn':
			return typeof message.width === 'number' && Number.isFinite(message.width)
				? { widths: { ...s.widths, [String(message.column)]: clampWidth(message.width) } }
				: undefined;
		default:
			return assertNever(message);
	}
}
