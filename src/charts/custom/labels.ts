import type { CustomColumn } from '../../shared/protocol';

/** `lr · params.yaml`: the key first (what people look for), its file after. Shared with the page. */
export function columnLabel(column: Pick<CustomColumn, 'key' | 'file'>): string {
	return `${column.key} \u00b7 ${column.file}`;
}
