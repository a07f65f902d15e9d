/**
 * Files and commits at a revision, straight from git objects through one cat-file process:
 * never a checkout, never a process per file. Commits and trees are immutable, so they are cached
 * by sha for the life of the repository.
 */
import { CatFileProcess } from './catFile';

export interface CommitObject {
	sha: string;
	tree: string;
	parents: string[];
	/** Committer time, ms since epoch. */
	time: number;
	message: string;
	subject: string;
}

export interface TreeEntry {
	name: string;
	mode: string;
	sha: string;
	kind: 'blob' | 'tree' | 'commit' | 'link';
}

const MAX_CACHED_TREES = 20_000;
const MAX_CACHED_BLOBS = 2000;
const MAX_CACHED_BLOB_BYTES = 64 * 1024;

export class GitObjects {
	private readonly commits = new Map<string, CommitObject>();
	private readonly trees = new Map<string, TreeEntry[]>();
	private readonly treeReads = new Map<string, Promise<TreeEntry[] | undefined>>();
	private readonly blobs = new Map<string, Buffer>();

	constructor(readonly catFile: CatFileProcess) {}

	static forRepo(topLevel: string, log?: (msg: string) => void): GitObjects {
		return new GitObjects(new CatFileProcess(topLevel, 'git', log));
	}

	async commit(rev: string): Promise<CommitObject | undefined> {
		const cached = this.commits.get(rev);
		if (cached) {
			return cached;
		}
		let obj = await this.catFile.get(rev);
		if (obj?.type === 'tag') {
			obj = await this.catFile.get(`${rev}^{commit}`);
		}
		if (obj?.type !== 'commit') {
			return undefined;
		}
		const commit = parseCommit(obj.sha, obj.data.toString('utf8'));
		this.commits.set(obj.sha, commit);
		return commit;
	}

	/** First-parent chain from `sha`, at most `n` commits (DVC's `rev~i`); stops at shallow/missing parents. */
	async firstParents(sha: string, n: number): Promise<CommitObject[]> {
		const out: CommitObject[] = [];
		let next: string | undefined = sha;
		while (next && out.length < n) {
			const c: CommitObject | undefined = await this.commit(next);
			if (!c) {
				break;
			}
			out.push(c);
			next = c.parents[0];
		}
		return out;
	}

	async tree(sha: string): Promise<TreeEntry[] | undefined> {
		const cached = this.trees.get(sha);
		if (cached) {
			return cached;
		}
		// Rows are read concurrently and share most trees: one request per tree in flight.
		let inFlight = this.treeReads.get(sha);
		if (!inFlight) {
			inFlight = this.catFile.get(sha).then((obj) => (obj?.type === 'tree' ? parseTree(obj.data) : undefined));
			this.treeReads.set(sha, inFlight);
			void inFlight.finally(() => this.treeReads.delete(sha));
		}
		const entries = await inFlight;
		if (!entries) {
			return undefined;
		}
		if (this.trees.size >= MAX_CACHED_TREES) {
			this.trees.clear();
		}
		this.trees.set(sha, entries);
		return entries;
	}

	/** The entry at `path` (POSIX, relative to the repo root) in `treeSha`; '' is the root tree. */
	async entryAt(treeSha: string, path: string): Promise<TreeEntry | undefined> {
		let entry: TreeEntry = { name: '', mode: '40000', sha: treeSha, kind: 'tree' };
		for (const part of path.split('/').filter((p) => p && p !== '.')) {
			if (entry.kind !== 'tree') {
				return undefined;
			}
			const entries = await this.tree(entry.sha);
			const found = entries?.find((e) => e.name === part);
			if (!found) {
				return undefined;
			}
			entry = found;
		}
		return entry;
	}

	/** Small blobs are cached by sha: experiments of one baseline share most files (dvc.yaml, params). */
	async blob(sha: string): Promise<Buffer | undefined> {
		const hit = this.blobs.get(sha);
		if (hit) {
			return hit;
		}
		const obj = await this.catFile.get(sha);
		if (obj?.type !== 'blob') {
			return undefined;
		}
		if (obj.data.length <= MAX_CACHED_BLOB_BYTES) {
			if (this.blobs.size >= MAX_CACHED_BLOBS) {
				this.blobs.delete(this.blobs.keys().next().value as string);
			}
			this.blobs.set(sha, obj.data);
		}
		return obj.data;
	}

	dispose(): void {
		this.catFile.dispose();
	}
}

export function parseCommit(sha: string, text: string): CommitObject {
	const split = text.indexOf('\n\n');
	const head = split < 0 ? text : text.slice(0, split);
	const message = split < 0 ? '' : text.slice(split + 2);
	let tree = '';
	const parents: string[] = [];
	let time = 0;
	for (const line of head.split('\n')) {
		if (line.startsWith('tree ')) {
			tree = line.slice(5).trim();
		} else if (line.startsWith('parent ')) {
			parents.push(line.slice(7).trim());
		} else if (line.startsWith('committer ')) {
			const m = /> (\d+) [+-]\d{4}$/.exec(line);
			if (m) {
				time = Number(m[1]) * 1000;
			}
		}
	}
	const subject = message.split('\n\n')[0].replace(/\n/g, ' ').trim();
	return { sha, tree, parents, time, message, subject };
}

/** Binary tree format: `<mode> <name>\0<raw sha>` repeated; sha length depends on the hash algorithm. */
export function parseTree(data: Buffer, shaBytes = 20): TreeEntry[] {
	const entries: TreeEntry[] = [];
	let pos = 0;
	while (pos < data.length) {
		const sp = data.indexOf(32, pos);
		const nul = data.indexOf(0, sp + 1);
		if (sp < 0 || nul < 0 || nul + 1 + shaBytes > data.length) {
			break;
		}
		const mode = data.toString('latin1', pos, sp);
		const name = data.toString('utf8', sp + 1, nul);
		const sha = data.toString('hex', nul + 1, nul + 1 + shaBytes);
		entries.push({ name, mode, sha, kind: kindOfMode(mode) });
		pos = nul + 1 + shaBytes;
	}
	return entries;
}

function kindOfMode(mode: string): TreeEntry['kind'] {
	if (mode === '40000') {
		return 'tree';
	}
	if (mode === '160000') {
		return 'commit';
	}
	if (mode === '120000') {
		return 'link';
	}
	return 'blob';
}
