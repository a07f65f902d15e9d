/** Builds generator repos (test/fixtures/gen/make_repo.py) in temp dirs with the venv's python. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ExperimentsModelImpl } from '../../../src/model/model';
import { createExperimentsModel } from '../../../src/model/model';

const GEN = join(__dirname, '..', '..', 'fixtures', 'gen', 'make_repo.py');

export interface BuiltRepo {
	root: string;
	dir: string;
	summary: { commits?: Record<string, string>; experiments?: unknown; dir?: string; subdir?: string; seconds: number };
	cleanup(): void;
}

export function buildRepo(kind: string, extra: string[] = []): Promise<BuiltRepo> {
	const python = process.env.RUNLENS_PYTHON;
	if (!python) {
		throw new Error('RUNLENS_PYTHON not set: run the interop tier via scripts/runInterop.mjs');
	}
	const root = mkdtempSync(join(tmpdir(), `runlens-interop-${kind}-`));
	const dir = join(root, 'repo');
	return new Promise((resolve, reject) => {
		execFile(python, [GEN, dir, '--kind', kind, ...extra], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
			if (err) {
				rmSync(root, { recursive: true, force: true });
				reject(new Error(`make_repo.py --kind ${kind} failed: ${err.message}\n${stderr}`));
				return;
			}
			const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
			resolve({ root, dir, summary, cleanup: () => rmSync(root, { recursive: true, force: true }) });
		});
	});
}

export async function openModel(folder: string): Promise<ExperimentsModelImpl> {
	const model = createExperimentsModel({
		folders: [folder],
		allowGit: true,
		commitsPerBranch: 50,
		showAllBranches: true,
	});
	await model.ready;
	return model;
}

/** The y files of a `dvc.yaml` top-level plot id (the third plot form), in declaration order. */
export function plotIdFiles(dvcYamlPath: string, id: string): string[] | undefined {
	const doc = parse(readFileSync(dvcYamlPath, 'utf8')) as { plots?: Array<string | Record<string, unknown>> };
	for (const entry of doc.plots ?? []) {
		if (typeof entry === 'string' || !(id in entry)) {
			continue;
		}
		const y = (entry[id] as { y?: unknown } | null)?.y;
		if (y && typeof y === 'object' && !Array.isArray(y)) {
			return Object.keys(y);
		}
	}
	return undefined;
}
