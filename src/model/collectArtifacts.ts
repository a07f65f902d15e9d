/**
 * Artifacts of one revision: `dvc.yaml` artifacts, DVCLive `artifacts/` files and stage outs,
 * each with size, md5 and mime when present, or marked missing.
 */
import * as path from 'node:path';
import type { ArtifactDef, DvcYamlSpec, OutDef } from './parse/dvcYaml';
import { mimeOf } from './parse/artifactInfo';
import type { FileSource } from './fileSource';
import { joinPosix } from './fileSource';
import type { Artifact } from './types';

type ArtifactDecl = ArtifactDef;

async function describe(source: FileSource, decl: ArtifactDecl, kind: Artifact['source']): Promise<Artifact> {
	const art: Artifact = { ...decl, source: kind, missing: false };
	for (const k of ['type', 'desc', 'labels', 'meta'] as const) {
		if (art[k] === undefined) {
			delete art[k];
		}
	}
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(decl.path)) {
		return art;
	}
	const st = await source.stat?.(decl.path);
	if (!st) {
		const refused = await source.refusal?.(decl.path);
		if (refused) {
			return { ...art, error: refused };
		}
		// A DVC output not pulled yet is expected, not a warning: `dvc pull` fetches it.
		return (await source.isTrackedOut?.(decl.path))
			? { ...art, missing: true, notPulled: true }
			: { ...art, missing: true };
	}
	if (st.isDirectory) {
		return art;
	}
	art.size = st.size;
	art.mime = mimeOf(decl.path);
	art.md5 = await source.md5?.(decl.path);
	return art;
}

export async function collectArtifacts(
	source: FileSource,
	specs: { dir: string; spec: DvcYamlSpec }[],
	dvcliveDirs: string[],
): Promise<Artifact[]> {
	const out: Artifact[] = [];
	const seen = new Set<string>();
	const push = async (decl: ArtifactDecl, kind: Artifact['source']) => {
		if (seen.has(decl.path)) {
			return;
		}
		seen.add(decl.path);
		out.push(await describe(source, decl, kind));
	};
	for (const { dir, spec } of specs) {
		for (const d of spec.artifacts) {
			await push({ ...d, path: /:\/\//.test(d.path) ? d.path : joinPosix(dir, d.path) }, 'dvc.yaml');
		}
	}
	for (const dir of dvcliveDirs) {
		const artDir = joinPosix(dir, 'artifacts');
		for (const file of await source.list(artDir, false)) {
			await push({ name: path.posix.basename(file), path: file }, 'dvclive');
		}
		for (const sub of await source.listDirs(artDir)) {
			await push({ name: sub, path: joinPosix(artDir, sub) }, 'dvclive');
		}
	}
	for (const { dir, spec } of specs) {
		for (const stage of spec.stages) {
			for (const o of stage.outs) {
				await push(stageOut(dir, o), 'stage-out');
			}
		}
	}
	return out;
}

function stageOut(dir: string, o: OutDef): ArtifactDecl {
	const decl: ArtifactDecl = { name: path.posix.basename(o.path), path: joinPosix(dir, o.path) };
	if (o.type !== undefined) {
		decl.type = o.type;
	}
	if (o.desc !== undefined) {
		decl.desc = o.desc;
	}
	if (o.labels !== undefined) {
		decl.labels = o.labels;
	}
	if (o.meta !== undefined) {
		decl.meta = o.meta;
	}
	return decl;
}
