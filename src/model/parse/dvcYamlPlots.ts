/**
 * The three `plots:` syntaxes of dvc.yaml (plain path, `{path: props}`, `{id: {y: {file: fields}}}`)
 * and stage-level plot outputs, normalised to `PlotDefinition` (see `_resolve_definitions`,
 * `_id_is_path` and `_adjust_sources` in `dvc/repo/plots/__init__.py`). A directory id stays one
 * definition keyed by the directory: expanding it to files is the caller's job.
 */
import type { PlotDefinition } from '../types';
import type { StageSpec } from './dvcYamlStages';
import { joinNorm } from './dvcYamlStages';

const PLOT_KEYS = new Set(['x', 'y', 'x_label', 'y_label', 'title', 'template']);

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

export function normalisePlots(items: unknown[], err: (m: string) => void): PlotDefinition[] {
	const out: PlotDefinition[] = [];
	items.forEach((item, i) => {
		if (isStr(item)) {
			out.push({ id: item, template: 'linear', y: { [joinNorm('', item)]: [] } });
			return;
		}
		const first = isObject(item) ? Object.entries(item)[0] : undefined;
		if (!first) {
			return err(`'plots[${i}]' must be a path or a {id: props} mapping`);
		}
		// DVC reads only the first key of each list item.
		const [id, props] = first;
		const problem = propsProblem(props);
		if (problem) {
			return err(`plot '${id}': ${problem}`);
		}
		out.push(definition(id, (props ?? {}) as Record<string, unknown>));
	});
	return out;
}

function propsProblem(props: unknown): string | undefined {
	if (props === null || props === undefined) {
		return undefined;
	}
	if (!isObject(props)) {
		return 'properties must be a mapping';
	}
	const extra = Object.keys(props).filter((k) => !PLOT_KEYS.has(k));
	if (extra.length > 0) {
		return `extra keys not allowed: ${extra.join(', ')}`;
	}
	for (const k of ['x_label', 'y_label', 'title', 'template']) {
		if (props[k] !== undefined && !isStr(props[k])) {
			return `'${k}' must be a string`;
		}
	}
	const { x, y } = props;
	if (x !== undefined && !isStr(x) && !(isObject(x) && Object.values(x).every(isStr))) {
		return `'x' must be a field or a {file: field} mapping`;
	}
	if (y === undefined || isStr(y) || isStrList(y)) {
		return undefined;
	}
	if (isObject(y) && Object.values(y).every((v) => isStr(v) || isStrList(v))) {
		return undefined;
	}
	return `'y' must be a field, a list of fields or a {file: fields} mapping`;
}

function definition(id: string, props: Record<string, unknown>): PlotDefinition {
	const def: PlotDefinition = { id, template: isStr(props.template) ? props.template : 'linear', y: {} };
	const { x, y } = props;
	if (isObject(y)) {
		for (const [file, fields] of Object.entries(y)) {
			def.y[joinNorm('', file)] = isStr(fields) ? [fields] : (fields as string[]);
		}
	} else {
		def.y[joinNorm('', id)] = isStr(y) ? [y] : isStrList(y) ? y : [];
	}
	if (isStr(x)) {
		def.x = Object.fromEntries(Object.keys(def.y).map((file) => [file, x]));
	} else if (isObject(x)) {
		def.x = Object.fromEntries(Object.entries(x).map(([file, f]) => [joinNorm('', file), f as string]));
	}
	for (const k of ['title', 'x_label', 'y_label'] as const) {
		if (isStr(props[k])) {
			def[k] = props[k];
		}
	}
	return def;
}

/** Stage `plots:` outputs: one definition per output, `x`/`y` being single field names. */
export function stagePlotDefinitions(stage: StageSpec): PlotDefinition[] {
	return stage.plots.map((p) => {
		const def: PlotDefinition = { id: p.path, template: p.template ?? 'linear', y: { [p.path]: p.y ? [p.y] : [] } };
		if (p.x) {
			def.x = { [p.path]: p.x };
		}
		if (p.title !== undefined) {
			def.title = p.title;
		}
		if (p.x_label !== undefined) {
			def.x_label = p.x_label;
		}
		if (p.y_label !== undefined) {
			def.y_label = p.y_label;
		}
		if (p.header !== undefined) {
			def.header = p.header;
		}
		return def;
	});
}
