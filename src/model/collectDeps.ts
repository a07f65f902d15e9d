/**
 * The stage deps `dvc exp show` reports per revision (`SerializableExp.from_repo` in
 * `dvc/repo/experiments/serialize.py`): every `deps:` entry of every stage, keyed by its path
 * relative to the project root, with what the dvc.lock beside its dvc.yaml recorded for it.
 */
import { joinPosix } from './fileSource';
import type { FileSource } from './fileSource';
import { cachedDvcLock } from './parseCache';
import type { DvcLock } from './parse/dvcLock';
import { NO_DEP, setOwn } from './parse/dvcLock';
import type { DvcYamlSpec, StageSpec } from './parse/dvcYaml';
import { joinNorm } from './parse/dvcYamlStages';
import { readText } from './readText';
import type { DepInfo, FileError } from './types';

/**
 * Dataset deps (`ds://`) are left out as DVC leaves them out; remote deps (`s3://`, `remote://`)
 * too: DVC keys them by a cloud path that is no path in the repository.
 */
const NOT_A_PATH = /^[a-z][a-z0-9+.-]*:\/\//i;

export async function collectDeps(
	source: FileSource,
	specs: readonly { dir: string; spec: DvcYamlSpec }[],
	errors: FileError[],
): Promise<Record<string, DepInfo>> {
	const out: Record<string, DepInfo> = {};
	for (const { dir, spec } of specs) {
		const stages = spec.stages.filter((s) => s.deps.some((d) => !NOT_A_PATH.test(d.def)));
		if (stages.length === 0) {
			continue;
		}
		const lock = await readLock(source, joinPosix(dir, 'dvc.lock'), errors);
		for (const stage of stages) {
			addStage(out, dir, stage, lock);
		}
	}
	return out;
}

function addStage(out: Record<string, DepInfo>, dir: string, stage: StageSpec, lock: DvcLock | undefined): void {
	const recorded = lock && Object.prototype.hasOwnProperty.call(lock.stages, stage.name) ? lock.stages[stage.name] : {};
	for (const dep of stage.deps) {
		if (NOT_A_PATH.test(dep.def)) {
			continue;
		}
		// The lock keys a dep by the path as written; the stage's wdir is applied only to the column's path.
		const info = Object.prototype.hasOwnProperty.call(recorded, dep.def) ? recorded[dep.def] : NO_DEP;
		setOwn(out, joinNorm(dir, dep.path), info);
	}
}

/** A missing lock (a stage never run) is no error: its deps are reported with null values. */
async function readLock(source: FileSource, file: string, errors: FileError[]): Promise<DvcLock | undefined> {
	const text = await readText(source, file, errors);
	if (text === undefined) {
		return undefined;
	}
	const parsed = await cachedDvcLock(text, file);
	if (!parsed.ok) {
		errors.push({ file, message: parsed.error, line: parsed.line });
		return undefined;
	}
	for (const p of parsed.value.problems) {
		errors.push({ file, message: p.message, line: p.line });
	}
	return parsed.value;
}
