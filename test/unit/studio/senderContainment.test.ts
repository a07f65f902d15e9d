/**
 * The Studio payload never carries a file from outside the repository, through the sender itself:
 * both the bodies built from the model's row and those built from a persisted event's file list
 * once the row is gone (a crash replay reads the project's files straight from disk). The file list
 * is forged to name symlinks out and `..` paths, as a hostile repo or a tampered outbox could.
 */
import * as assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { createExperimentsModel } from '../../../src/model/model';
import type { EventMeta, StudioBody } from '../../../src/studio/events';
import { emptyCursor } from '../../../src/studio/events';
import type { OutboxEvent } from '../../../src/studio/outboxStore';
import { createStudioSender } from '../../../src/studio/sender';
import { cleanup, tempDir, write } from '../git/repoHelpers';

const SECRET = 'SECRET-5c1e';
const SECRET_NUM = 9191.375;
const HOSTILE = {
	params: ['params.yaml', 'linked_params.yaml', '../outside/params.yaml'],
	metrics: ['metrics.json', 'linked_metrics.json', 'chain.json', '../outside/metrics.json'],
	plots: ['loss.tsv', 'linked_loss.tsv', 'linkdir/loss.tsv', '../outside/loss.tsv'],
};

function hostileRepo(base: string): string {
	const outside = path.join(base, 'outside');
	const repo = path.join(base, 'repo');
	write(outside, 'params.yaml', `lr: ${SECRET_NUM}\nnote: ${SECRET}\n`);
	write(outside, 'metrics.json', JSON.stringify({ acc: SECRET_NUM, note: SECRET }));
	write(outside, 'loss.tsv', `step\tloss\n0\t${SECRET_NUM}\n1\t${SECRET_NUM}\n`);
	write(repo, '.dvc/config', '');
	write(repo, 'params.yaml', 'lr: 0.1\n');
	write(repo, 'metrics.json', '{"acc": 0.75, "step": 1}');
	write(repo, 'loss.tsv', 'step\tloss\n0\t1\n1\t0.5\n');
	write(repo, 'dvc.yaml', 'metrics:\n- metrics.json\nplots:\n- loss.tsv\n');
	symlinkSync('../outside/params.yaml', path.join(repo, 'linked_params.yaml'));
	symlinkSync('../outside/metrics.json', path.join(repo, 'linked_metrics.json'));
	symlinkSync('linked_metrics.json', path.join(repo, 'chain.json'));
	symlinkSync('../outside/loss.tsv', path.join(repo, 'linked_loss.tsv'));
	symlinkSync('../outside', path.join(repo, 'linkdir'));
	return repo;
}

describe('studio sender: no file outside the repository reaches the payload', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	for (const rowGone of [false, true]) {
		it(`builds data and done from inside files only (${rowGone ? 'row gone: files from disk' : 'from the row'})`, async () => {
			const base = tempDir();
			dirs.push(base);
			const repo = hostileRepo(base);
			const model = createExperimentsModel({
				folders: [repo],
				allowGit: false,
				commitsPerBranch: 5,
				showAllBranches: true,
				debounceMs: 5,
			});
			await model.ready;
			const ws = model.getExperiments().find((e) => e.kind === 'workspace');
			assert.ok(ws, 'the workspace row');
			const bodies: StudioBody[] = [];
			const sender = createStudioSender({
				model,
				getConfig: (_id, repoUrl) => ({ configured: true, token: 'isat_x', repoUrl, url: 'http://studio.invalid/' }),
				post: (_url, body) => {
					bodies.push(body);
					return Promise.resolve({ kind: 'ok', status: 200, body: '{}' });
				},
				env: {},
			});
			const meta: EventMeta = {
				experimentId: rowGone ? 'gone|exp|run' : ws.id,
				repoUrl: 'git@example.com:o/r.git',
				baselineSha: 'a'.repeat(40),
				name: 'run',
				files: { root: repo, ...HOSTILE },
			};
			const event = (seq: number, kind: 'data' | 'done'): OutboxEvent => ({
				seq,
				stream: meta.experimentId,
				kind,
				meta,
				step: 1,
				final: true,
				queuedAt: 0,
			});
			for (const [seq, kind] of [
				[1, 'data'],
				[2, 'done'],
			] as const) {
				assert.equal((await sender.send(event(seq, kind), emptyCursor())).kind, 'ok', kind);
			}
			const text = JSON.stringify(bodies);
			assert.ok(!text.includes(SECRET) && !text.includes(String(SECRET_NUM)), `outside content sent: ${text}`);
			// What is inside still goes: the test reads real files, it does not pass by sending nothing.
			const data = bodies.find((b) => b.type === 'data' && b.metrics !== undefined);
			assert.deepEqual((data?.metrics as Record<string, unknown>)['metrics.json'], { data: { acc: 0.75, step: 1 } });
			const plots = bodies.find((b) => b.plots !== undefined)?.plots as Record<string, { data: unknown[] }>;
			assert.equal(plots['loss.tsv'].data.length, 2);
			const done = bodies.find((b) => b.type === 'done');
			assert.deepEqual(Object.keys((done?.metrics as object | undefined) ?? {}), ['metrics.json']);
			model.dispose();
		});
	}
});
