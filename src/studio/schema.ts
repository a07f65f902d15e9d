/**
 * Validation of Studio `api/live` bodies, equivalent to dvc_studio_client's voluptuous schema
 * (schema.py): every key optional unless required, unknown keys rejected at every level. Error texts
 * follow voluptuous' humanize_error so users see what the Python client would have logged.
 */

export type EventType = 'start' | 'data' | 'done';

interface Issue {
	path: string[];
	message: string;
	/** voluptuous adds "for dictionary value" when the failing value sits under a dict key. */
	dictValue: boolean;
	value: unknown;
}

type Check = (value: unknown, path: string[], dictValue: boolean, out: Issue[]) => void;

interface KeySpec {
	check: Check;
	required?: boolean;
	/** Keys sharing a group are mutually exclusive (voluptuous `Exclusive`). */
	exclusive?: string;
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeCheck(name: string, test: (v: unknown) => boolean): Check {
	return (value, path, dictValue, out) => {
		if (!test(value)) {
			out.push({ path, message: `expected ${name}`, dictValue, value });
		}
	};
}

const str = typeCheck('str', (v) => typeof v === 'string');
const dict = typeCheck('dict', isDict);
// Python's bool is an int subclass, so `True` passes `int` in the client.
const int = typeCheck('int', (v) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)));
const sha = typeCheck('a length 40 commit sha', (v) => typeof v === 'string' && /^[0-9a-h]{40}$/.test(v.toLowerCase()));
const eventType = typeCheck('one of start, done, data', (v) => v === 'start' || v === 'done' || v === 'data');

function object(spec: Record<string, KeySpec>): Check {
	return (value, path, dictValue, out) => {
		if (!isDict(value)) {
			out.push({ path, message: 'expected a dictionary', dictValue, value });
			return;
		}
		const groups = new Map<string, string>();
		for (const [key, item] of Object.entries(value)) {
			const keySpec = spec[key];
			const keyPath = [...path, `['${key}']`];
			if (!keySpec) {
				out.push({ path: keyPath, message: 'extra keys not allowed', dictValue: false, value: item });
				continue;
			}
			if (keySpec.exclusive !== undefined) {
				const group = keySpec.exclusive;
				if (groups.has(group)) {
					const first = groups.get(group) as string;
					const message = `two or more values in the same group of exclusion '${group}'`;
					out.push({ path: [...path, `[<${group}>]`], message, dictValue: false, value: value[first] });
					continue;
				}
				groups.set(group, key);
			}
			keySpec.check(item, keyPath, true, out);
		}
		for (const [key, keySpec] of Object.entries(spec)) {
			if (keySpec.required && !(key in value)) {
				out.push({
					path: [...path, `['${key}']`],
					message: 'required key not provided',
					dictValue: false,
					value: null,
				});
			}
		}
	};
}

function mapOf(valueCheck: Check): Check {
	return (value, path, dictValue, out) => {
		if (!isDict(value)) {
			out.push({ path, message: 'expected a dictionary', dictValue, value });
			return;
		}
		for (const [key, item] of Object.entries(value)) {
			valueCheck(item, [...path, `['${key}']`], true, out);
		}
	};
}

function listOf(itemCheck: Check): Check {
	return (value, path, dictValue, out) => {
		if (!Array.isArray(value)) {
			out.push({ path, message: 'expected a list', dictValue, value });
			return;
		}
		value.forEach((item, i) => itemCheck(item, [...path, `[${i}]`], false, out));
	};
}

const errorObject = object({ cls: { check: str, required: true }, text: { check: str, required: true } });

const base: Record<string, KeySpec> = {
	type: { check: eventType, required: true },
	repo_url: { check: str, required: true },
	baseline_sha: { check: sha, required: true },
	name: { check: str },
	env: { check: dict },
	client: { check: str },
	errors: { check: listOf(errorObject) },
	params: { check: mapOf(dict) },
	metrics: { check: mapOf(object({ data: { check: dict }, error: { check: errorObject } })) },
	machine: { check: dict },
};

const plotEntry = object({
	data: { check: listOf(dict), exclusive: 'data' },
	props: { check: dict },
	error: { check: errorObject },
	image: { check: str, exclusive: 'data' },
});

const schemas: Record<EventType, Check> = {
	start: object({ ...base, message: { check: str }, subdir: { check: str } }),
	data: object({ ...base, step: { check: int, required: true }, plots: { check: mapOf(plotEntry) } }),
	done: object({ ...base, experiment_rev: { check: sha } }),
};

/** Python `repr` of a JSON value, for the "Got ..." suffix of humanized errors. */
export function pyRepr(value: unknown): string {
	if (value === null || value === undefined) {
		return 'None';
	}
	if (typeof value === 'boolean') {
		return value ? 'True' : 'False';
	}
	if (typeof value === 'string') {
		return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
	}
	if (Array.isArray(value)) {
		return `[${value.map(pyRepr).join(', ')}]`;
	}
	if (typeof value === 'object') {
		const items = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`);
		return `{${items.join(', ')}}`;
	}
	return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? '');
}

function humanize(issue: Issue): string {
	const where = issue.dictValue ? ' for dictionary value' : '';
	return `${issue.message}${where} @ data${issue.path.join('')}. Got ${pyRepr(issue.value)}`;
}

/**
 * Validates a body the way `SCHEMAS_BY_TYPE[body.type]` does. Returns undefined when valid, else the
 * humanized errors (one per line, sorted: voluptuous' own order is not part of its contract).
 */
export function validateBody(body: unknown): string | undefined {
	const type = isDict(body) && typeof body.type === 'string' && body.type in schemas ? body.type : 'start';
	const issues: Issue[] = [];
	schemas[type as EventType](body, [], false, issues);
	if (issues.length === 0) {
		return undefined;
	}
	return issues.map(humanize).sort().join('\n');
}
