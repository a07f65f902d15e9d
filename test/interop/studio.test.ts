/**
 * Interop with the real Python clients: dvc_studio_client.post_live_metrics and a DVCLive run post to
 * the stand-in (so its validation is checked against real traffic), the real schema validates the
 * bodies Runlens builds, and Runlens' bodies for the same inputs equal theirs field for field.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { chunkDataBody } from '../../src/studio/chunk';
import type { EventMeta, StudioBody } from '../../src/studio/events';
import { collectData, dataBody, doneBody, emptyCursor, startBody } from '../../src/studio/events';
import { StudioStandIn } from '../support/studioServer';
import { experiment, FsModel } from '../unit/studio/fsModel';

const run = promisify(execFile);
const PYTHON = process.env.RUNLENS_PYTHON || '/tmp/pyvenv/bin/python';
const TOKEN = 'isat_interopToken0000000000000001';
const REPO_URL = 'git@example.com:acme/proj.git';

async function python(script: string, cwd: string, env: Record<string, string> = {}): Promise<string> {
	const { stdout } = await run(PYTHON, ['-c', script], {
		cwd,
		env: { ...process.env, ...env },
		maxBuffer: 64 * 1024 * 1024,
	});
	return stdout;
}

const withoutClient = (body: Record<string, unknown>) => {
	const { client: _client, ...rest } = body;
	return rest;
};

describe('studio interop with dvc_studio_client and DVCLive', function () {
	this.timeout(120_000);
	let dir: string;
	let server: StudioStandIn;
	beforeEach(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-studio-interop-'));
		server = await StudioStandIn.start({ token: TOKEN });
	});
	afterEach(async () => {
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('post_live_metrics requests are accepted by the stand-in and equal ours', async () => {
		const sha = 'ab'.repeat(20);
		const meta: EventMeta = {
			experimentId: 'x',
			repoUrl: REPO_URL,
			baselineSha: sha,
			name: 'azure-bump',
			subdir: 'project_a',
		};
		meta.message = 'try lr 1e-3 ' + 'é'.repeat(80);
		const parts = {
			params: { 'dvclive/params.yaml': { lr: 0.001, epochs: 10 } },
			metrics: { 'dvclive/metrics.json': { data: { train: { loss: 0.25 }, step: 3 } } },
			plots: {
				'dvclive/plots/metrics/train/loss.tsv': { data: [{ step: 3, loss: 0.25 }] },
				'dvclive/plots/images/img/3.png': { image: 'iVBORw0KGgo=' },
			},
		};
		const script = `
import json, sys
from dvc_studio_client.post_live_metrics import post_live_metrics
a = json.loads(sys.argv[1]) if len(sys.argv) > 1 else None
p = json.loads(${JSON.stringify(JSON.stringify(parts))})
common = dict(studio_token="${TOKEN}", studio_repo_url="${REPO_URL}", studio_url="${server.url}")
r = [post_live_metrics("start", "${sha}", "azure-bump", "dvclive", message=${JSON.stringify(meta.message)}, subdir="project_a", **common),
     post_live_metrics("data", "${sha}", "azure-bump", "dvclive", step=3, **p, **common),
     post_live_metrics("done", "${sha}", "azure-bump", "dvclive", experiment_rev="${'c'.repeat(40)}", **common),
     post_live_metrics("done", "${sha}", "azure-bump", "dvclive", metrics=p["metrics"], **common)]
print(json.dumps(r))`;
		assert.equal((await python(script, dir, { PYTHONIOENCODING: 'utf8' })).trim(), '[true, true, true, true]');
		assert.deepEqual(server.rejected, []);
		const ours = [
			startBody(meta),
			...chunkDataBody(dataBody(meta, 3, parts)).requests,
			doneBody({ ...meta, experimentRev: 'c'.repeat(40) }),
			// A run that ended with no experiment commit: done carries the final metrics instead.
			doneBody(meta, { metrics: parts.metrics }),
		];
		assert.deepEqual(server.events().map(withoutClient), ours.map(withoutClient));
	});

	it('the real schema accepts every body Runlens builds and agrees on rejections', async () => {
		const meta: EventMeta = { experimentId: 'x', repoUrl: REPO_URL, baselineSha: 'H'.repeat(40), name: 'n' };
		const bodies: StudioBody[] = [
			startBody({ ...meta, message: 'm', subdir: 's' }),
			...chunkDataBody(dataBody(meta, 0, { plots: { a: { data: [] }, b: { image: '' } } })).requests,
			doneBody({ ...meta, experimentRev: 'g'.repeat(40) }),
			{ ...startBody(meta), step: 1 },
			{ ...dataBody(meta, 1, {}), plots: { a: { data: [], image: 'x' } } },
		];
		const script = `
import json, sys
from dvc_studio_client.schema import SCHEMAS_BY_TYPE
out = []
for b in json.load(sys.stdin):
    try:
        SCHEMAS_BY_TYPE[b["type"]](b); out.append(True)
    except Exception:
        out.append(False)
print(json.dumps(out))`;
		const child = execFile(PYTHON, ['-c', script]);
		child.stdin?.end(JSON.stringify(bodies));
		let stdout = '';
		child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
		await new Promise((resolve) => child.on('close', resolve));
		const real = JSON.parse(stdout) as boolean[];
		const { checkLiveBody } = await import('../support/studioServer');
		assert.deepEqual(real, [true, true, true, true, false, false]);
		assert.deepEqual(
			bodies.map((b) => checkLiveBody(b) === undefined),
			real,
			'the stand-in agrees with the real schema',
		);
	});

	it('a DVCLive run posts to the stand-in, and our bodies from its files equal its bodies', async () => {
		const git = (...args: string[]) => run('git', args, { cwd: dir });
		await git('init', '-q');
		await git('config', 'user.email', 'a@b.c');
		await git('config', 'user.name', 'a');
		await run(PYTHON.replace(/python[\d.]*$/, 'dvc'), ['init', '-q'], { cwd: dir });
		await git('add', '-A');
		await git('commit', '-qm', 'init');
		const message = 'interop run ' + 'x'.repeat(80);
		writeFileSync(
			path.join(dir, 'train.py'),
			`from dvclive import Live
with Live(exp_message=${JSON.stringify(message)}, report=None) as live:
    live.log_params({"lr": 0.001, "epochs": 3, "nested": {"a": [1, 2]}})
    for i in range(4):
        live.log_metric("train/loss", 1 / (i + 1))
        live.log_metric("acc", i * 0.5)
        live.log_metric("odd", float("nan") if i == 1 else i)
        live.next_step()
`,
		);
		await run(PYTHON, ['train.py'], {
			cwd: dir,
			env: { ...process.env, DVC_STUDIO_TOKEN: TOKEN, DVC_STUDIO_URL: server.url, DVC_STUDIO_REPO_URL: REPO_URL },
		});
		assert.deepEqual(server.rejected, []);
		const theirs = server.events();
		const start = theirs[0];
		assert.equal(start.type, 'start');
		const meta: EventMeta = {
			experimentId: 'x',
			repoUrl: REPO_URL,
			baselineSha: String(start.baseline_sha),
			name: String(start.name),
			message,
		};
		assert.deepEqual(withoutClient(startBody(meta)), withoutClient(start));
		const done = theirs.at(-1) as Record<string, unknown>;
		assert.deepEqual(
			withoutClient(doneBody({ ...meta, experimentRev: String(done.experiment_rev) })),
			withoutClient(done),
		);

		const model = new FsModel(dir);
		const tsvs = listFiles(dir, 'dvclive/plots/metrics');
		const exp = model.add(
			experiment({
				params: { 'dvclive/params.yaml': {} },
				metrics: { 'dvclive/metrics.json': {} },
				series: tsvs.map((file) => ({ id: file, name: file, file, column: 'x', x: 'step' })),
				status: 'success',
			}),
		);
		const theirData = theirs.filter((b) => b.type === 'data');
		const last = theirData.filter((b) => 'metrics' in b).at(-1) as Record<string, unknown>;
		const collected = await collectData(model, exp, emptyCursor(), true, Number(last.step));
		const [first, second] = chunkDataBody(dataBody(meta, Number(last.step), collected.parts)).requests;
		assert.deepEqual(withoutClient(first), withoutClient(last));
		// DVCLive spreads the rows over one data event per step; together they are our one event's rows.
		const merged: Record<string, unknown[]> = {};
		for (const body of theirData) {
			for (const [file, entry] of Object.entries((body.plots ?? {}) as Record<string, { data: unknown[] }>)) {
				merged[file] = [...(merged[file] ?? []), ...entry.data];
			}
		}
		const ourPlots = Object.fromEntries(
			Object.entries(second.plots as Record<string, { data: unknown[] }>).map(([f, e]) => [f, e.data]),
		);
		assert.deepEqual(ourPlots, merged);
		assert.ok(JSON.stringify(merged).includes('"nan"'), 'a nan value travels as its text');
	});
});

function listFiles(root: string, rel: string): string[] {
	return readdirSync(path.join(root, rel)).flatMap((name) => {
		const child = `${rel}/${name}`;
		return statSync(path.join(root, child)).isDirectory() ? listFiles(root, child) : [child];
	});
}
