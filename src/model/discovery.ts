/**
 * Finds projects in a workspace folder: DVC roots (a `.dvc` dir; nested roots are their own
 * projects), dvc.yaml trees without `.dvc`, and bare DVCLive dirs (`metrics.json` next to
 * `plots/metrics`) not covered by either.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { SKIPPED_DIRS } from './fileSource';

export interface DiscoveredProject {
	root: string;
	kind: 'dvc' | 'bare';
	/** Bare projects: the DVCLive dir relative to `root`. */
	bareDir?: string;
	/** Project-relative dirs holding nested projects (excluded from this one's scan). */
	excludeDirs: string[];
}

const MAX_DEPTH = 8;
const MAX_DIRS = 50_000;

interface DirInfo {
	abs: string;
	hasDvcDir: boolean;
	hasDvcYaml: boolean;
	isDvcLive: boolean;
}

async function inspect(abs: string): Promise<{ info: DirInfo; children: string[] } | undefined> {
	let entries;
	try {
		entries = await fsp.readdir(abs, { withFileTypes: true });
	} catch {
		return undefined;
	}
	const names = new Set(entries.map((e) => e.name));
	const children = entries
		.filter((e) => e.isDirectory() && !SKIPPED_DIRS.has(e.name))
		.map((e) => path.join(abs, e.name));
	let isDvcLive = false;
	if (names.has('metrics.json') && names.has('plots')) {
		isDvcLive = await fsp.stat(path.join(abs, 'plots', 'metrics')).then(
			(s) => s.isDirectory(),
			() => false,
		);
	}
	const hasDvcDir = entries.some((e) => e.name === '.dvc' && e.isDirectory());
	return { info: { abs, hasDvcDir, hasDvcYaml: names.has('dvc.yaml'), isDvcLive }, children };
}

async function walk(folder: string): Promise<DirInfo[]> {
	const out: DirInfo[] = [];
	const seen = new Set<string>();
	let level = [folder];
	for (let depth = 0; depth <= MAX_DEPTH && level.length && out.length < MAX_DIRS; depth++) {
		const next: string[] = [];
		for (const dir of level) {
			const real = await fsp.realpath(dir).catch(() => undefined);
			if (!real || seen.has(real)) {
				continue;
			}
			seen.add(real);
			const r = await inspect(dir);
			if (!r) {
				continue;
			}
			out.push(r.info);
			next.push(...r.children);
		}
		level = next;
	}
	return out;
}

function rel(root: string, abs: string): string {
	return path.relative(root, abs).split(path.sep).join('/');
}

function inside(abs: string, root: string): boolean {
	return abs === root || abs.startsWith(root + path.sep);
}

export async function discoverProjects(folder: string): Promise<DiscoveredProject[]> {
	const dirs = await walk(path.resolve(folder));
	const roots: string[] = dirs.filter((d) => d.hasDvcDir).map((d) => d.abs);
	for (const d of dirs) {
		if (d.hasDvcYaml && !roots.some((r) => inside(d.abs, r))) {
			roots.push(d.abs);
		}
	}
	// Inside a DVC root, a DVCLive dir is its own (bare) project unless a dvc.yaml sits next to it or
	// in it (DVCLive writes its dvc.yaml there, so the DVC project reads it like `dvc exp show`).
	const withYaml = new Set(dirs.filter((d) => d.hasDvcYaml).map((d) => d.abs));
	const bare = dirs.filter(
		(d) => d.isDvcLive && !withYaml.has(d.abs) && !withYaml.has(path.dirname(d.abs)) && !roots.includes(d.abs),
	);
	const projects: DiscoveredProject[] = roots.map((root) => ({
		root,
		kind: 'dvc',
		excludeDirs: roots.filter((r) => r !== root && inside(r, root)).map((r) => rel(root, r)),
	}));
	for (const d of bare) {
		projects.push({ root: path.dirname(d.abs), kind: 'bare', bareDir: path.basename(d.abs), excludeDirs: [] });
	}
	return projects.sort((a, b) => a.root.localeCompare(b.root));
}
