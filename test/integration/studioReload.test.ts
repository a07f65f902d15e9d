/**
 * Studio live push with VS Code going away halfway (the real-VS-Code twin of
 * test/unit/studio/faultSuite.test.ts). scripts/runIntegration.mjs runs this file twice against one
 * user-data dir and one stand-in Studio process on a fixed port that injects faults:
 * phase A pushes a live run, then the stand-in holds every request and the harness kills
 * code-server with data still in the outbox; phase B starts VS Code again, the persisted outbox
 * replays, the run goes on and finishes. Every step must arrive exactly once, in order.
 * The real-VS-Code variant uses 150 steps (the Node fault suite covers 1,000) to keep CI short.
 * RUNLENS_RELOAD_ENDING picks phase B's story: `live` (the run goes on and ends with an experiment
 * ref) or `no-ref` (it ended while VS Code was gone, with no ref: its row is gone, and the pending
 * events must still be replayed, then the run ended with `done`, final metrics, no experiment_rev).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import type { RunlensApi } from '../../src/publicApi';
import type { StudioRegistration } from '../../src/studio/commands';
import type { OutboxState } from '../../src/studio/outbox';

const FILE = 'dvclive/plots/metrics/reload/loss.tsv';
const RUN = 'reload-run';
const PHASE_A_STEPS = 100;
const TOTAL_STEPS = 150;

type Body = Record<string, unknown>;

function root(): string {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'a fixture workspace is open');
	return folder.uri.fsPath;
}

function env(name: string): string {
	const value = process.env[name];
	assert.ok(value, `the harness sets ${name}`);
	return value;
}

function accepted(): Body[] {
	const record = env('RUNLENS_STUDIO_RECORD');
	return fs.existsSync(record) ? (JSON.parse(fs.readFileSync(record, 'utf8')).accepted as Body[]) : [];
}

function ofRun(bodies: Body[]): Body[] {
	return bodies.filter((b) => b.name === RUN);
}

function stepsOf(bodies: Body[]): number[] {
	return ofRun(bodies)
		.filter((b) => b.type === 'data')
		.flatMap((b) =>
			((b.plots as Record<string, { data?: { step: number }[] }> | undefined)?.[FILE]?.data ?? []).map((r) => r.step),
		);
}

async function until(
	check: () => boolean | Promise<boolean>,
	what: string,
	timeoutMs = 120_000,
	state: () => string = () => '',
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		assert.ok(Date.now() < deadline, `timed out waiting until ${what} ${state()}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function activate(): Promise<{ api: RunlensApi; studio: StudioRegistration; sidebar: SidebarTesting }> {
	const ext = vscode.extensions.getExtension<RunlensApi>('runlens.runlens');
	assert.ok(ext, 'extension runlens.runlens is installed');
	const api = await ext.activate();
	await api.ready;
	const testing = api.testing as { studio: () => Promise<StudioRegistration>; sidebar: SidebarTesting };
	return { api, studio: await testing.studio(), sidebar: testing.sidebar };
}

/**
 * Every error the outbox met from now on, and the one it holds already: a first send that waited on
 * "No repo URL" leaves that error in place for its 60 s retry, so it is seen whenever this is called.
 */
function outboxErrors(studio: StudioRegistration): string[] {
	const seen: string[] = [];
	const note = (state: OutboxState) => {
		if (state.lastError !== undefined && seen.at(-1) !== state.lastError) {
			seen.push(state.lastError);
		}
	};
	note(studio.state());
	studio.outbox.onDidChangeState(note);
	return seen;
}

/** This session's Runlens log (the newest session under the harness's user-data dir). */
function runlensLog(): string {
	const logs = path.join(env('RUNLENS_USER_DATA_DIR'), 'logs');
	const session = path.join(logs, fs.readdirSync(logs).sort().at(-1) ?? '');
	const host = fs.readdirSync(session).find((d) => d.startsWith('exthost')) ?? '';
	return fs.readFileSync(path.join(session, host, 'runlens.runlens/Runlens.log'), 'utf8');
}

/** Nothing the user would read as a failure of this run: no per-step baseline complaint, no lost stream. */
async function assertQuietLog(): Promise<void> {
	await until(() => runlensLog().includes('Runlens activated'), 'the log of this session is on disk');
	const log = runlensLog();
	for (const complaint of [/no baseline commit/, /No repo URL/, /no longer exists/]) {
		assert.doesNotMatch(log, complaint);
	}
}

/**
 * `step` of each accepted data request, by chunk (metrics first, plots second): each must only grow,
 * and a request carrying rows is labelled by its newest row (a replay reads rows written meanwhile).
 */
function assertEachStepOnce(bodies: Body[]): void {
	const data = ofRun(bodies).filter((b) => b.type === 'data');
	for (const body of data) {
		const newest = Math.max(-1, ...stepsOf([body]));
		assert.ok(newest <= (body.step as number), `rows up to step ${newest} were sent labelled ${String(body.step)}`);
	}
	for (const chunk of [data.filter((b) => !b.plots), data.filter((b) => b.plots)]) {
		const steps = chunk.map((b) => b.step as number);
		assert.ok(
			steps.every((s, i) => i === 0 || s > steps[i - 1]),
			`a data step was sent twice: ${data.map((b) => `${String(b.step)}${b.plots ? 'P' : 'M'}`).join(' ')}`,
		);
	}
}

/** DVCLive's signal that a run is live in the workspace, owned by this extension host's pid. */
function announceRun(): void {
	fs.mkdirSync(path.join(root(), '.dvc/tmp/exps/run'), { recursive: true });
	fs.writeFileSync(
		path.join(root(), '.dvc/tmp/exps/run/DVCLIVE_ONLY'),
		JSON.stringify({ pid: process.pid, exp_name: RUN }),
	);
}

async function writeSteps(from: number, to: number): Promise<void> {
	for (let step = from; step < to; step++) {
		fs.appendFileSync(path.join(root(), FILE), `${step}\t${1 / (step + 1)}\n`);
		// As DVCLive does after each step: the new step in metrics.json is what a live push follows.
		const metrics = { reload: { loss: 1 / (step + 1) }, step };
		fs.writeFileSync(path.join(root(), 'dvclive/metrics.json'), JSON.stringify(metrics, null, 4));
		if (step % 10 === 9) {
			await new Promise((r) => setTimeout(r, 50));
		}
	}
}

function git(...args: string[]): string {
	return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
		cwd: root(),
		encoding: 'utf8',
	}).trim();
}

/** DVCLive's end of a run (`save_dvc_exp`): the experiment commit under refs/exps, then the signal goes. */
function finishRun(): void {
	const baseline = git('rev-parse', 'HEAD');
	git('add', '-A');
	const commit = git('commit-tree', git('write-tree'), '-p', baseline, '-m', `dvc: commit experiment ${RUN}`);
	git('update-ref', `refs/exps/${baseline.slice(0, 2)}/${baseline.slice(2)}/${RUN}`, commit);
	git('reset', '-q', baseline);
	fs.rmSync(path.join(root(), '.dvc/tmp/exps/run/DVCLIVE_ONLY'));
}

const phase = process.env.RUNLENS_RELOAD_PHASE;

if (phase === 'A') {
	describe('Studio push across a VS Code restart, phase A (real VS Code)', () => {
		it('pushes a live run until the window goes away mid-push', async () => {
			const { api, studio, sidebar } = await activate();
			fs.mkdirSync(path.dirname(path.join(root(), FILE)), { recursive: true });
			fs.writeFileSync(path.join(root(), FILE), 'step\tloss\n');
			announceRun();
			await writeSteps(0, PHASE_A_STEPS / 2);
			await until(() => stepsOf(accepted()).length >= 10, 'Studio accepted the first steps');
			// From here Studio answers nothing: whatever is not delivered yet is in the outbox at the kill.
			fs.writeFileSync(`${env('RUNLENS_STUDIO_RECORD')}.hold`, '');
			await writeSteps(PHASE_A_STEPS / 2, PHASE_A_STEPS);
			const ws = api.listExperiments().find((e) => e.revision === 'workspace');
			assert.ok(ws, 'the workspace row exists');
			await until(
				async () => (await sidebar.readSeriesLength(ws.id, FILE)) === PHASE_A_STEPS,
				'the model read every step',
			);
			await until(() => {
				const state = studio.state();
				return state.pending + state.inFlight > 0;
			}, 'the outbox holds undelivered data');
			const bodies = accepted();
			assert.equal(ofRun(bodies).filter((b) => b.type === 'start').length, 1);
			assert.ok(stepsOf(bodies).length < PHASE_A_STEPS, 'the kill comes with steps still to deliver');
			// A running workspace row (DVCLive's signal) is the same run as its experiment row: 100 steps, no complaint.
			await assertQuietLog();
			// The harness kills code-server when this marker appears; the test never returns.
			fs.writeFileSync(
				env('RUNLENS_RELOAD_MARKER'),
				JSON.stringify({ ok: true, pid: process.pid, delivered: stepsOf(bodies).length }),
			);
			await new Promise(() => undefined);
		}).timeout(0);
	});
}

if (phase === 'B' && process.env.RUNLENS_RELOAD_ENDING === 'no-ref') {
	describe('Studio push across a VS Code crash, phase B: the run ended meanwhile without a ref (real VS Code)', () => {
		it('replays the pending events without the row, then ends the run with done', async () => {
			const before = stepsOf(accepted());
			assert.ok(before.length < PHASE_A_STEPS, `phase A ended mid-push (${before.length} steps delivered)`);
			// The training process outlived the window, wrote its last steps and ended (save_dvc_exp=False).
			await writeSteps(PHASE_A_STEPS, TOTAL_STEPS);
			fs.rmSync(path.join(root(), '.dvc/tmp/exps/run/DVCLIVE_ONLY'));
			fs.rmSync(`${env('RUNLENS_STUDIO_RECORD')}.hold`, { force: true });
			const { api, studio } = await activate();
			const errors = outboxErrors(studio);
			assert.ok(!api.listExperiments().some((e) => e.name === RUN), 'the run has no row any more');
			await until(
				() => ofRun(accepted()).some((b) => b.type === 'done'),
				'the done event arrived',
				120_000,
				() => `outbox ${JSON.stringify(studio.state())}`,
			);
			const bodies = ofRun(accepted());
			assert.deepEqual(
				stepsOf(bodies),
				Array.from({ length: TOTAL_STEPS }, (_, i) => i),
			);
			assert.equal(bodies[0].type, 'start');
			assert.equal(bodies.filter((b) => b.type === 'start').length, 1);
			const done = bodies[bodies.length - 1];
			assert.equal(done.type, 'done');
			assert.equal('experiment_rev' in done, false, 'no experiment commit, no experiment_rev');
			const metrics = done.metrics as Record<string, { data: { step: number } }> | undefined;
			assert.equal(metrics?.['dvclive/metrics.json']?.data.step, TOTAL_STEPS - 1, 'done carries the final metrics');
			assert.equal(done.repo_url, 'git@example.com:acme/fixture.git');
			assertEachStepOnce(bodies);
			assert.deepEqual(studio.state().stopped, {}, 'no stream was stopped as "no longer exists"');
			assert.ok(!errors.some((e) => /No repo URL/.test(e)), `no send waited on the repo URL: ${errors.join('; ')}`);
			await assertQuietLog();
			const record = JSON.parse(fs.readFileSync(env('RUNLENS_STUDIO_RECORD'), 'utf8'));
			assert.ok(record.faults >= 3, `faults were really injected (${record.faults})`);
		}).timeout(300_000);
	});
}

if (phase === 'B' && process.env.RUNLENS_RELOAD_ENDING !== 'no-ref') {
	describe('Studio push across a VS Code restart, phase B (real VS Code)', () => {
		it('replays the persisted outbox: every step arrives exactly once, in order', async () => {
			const before = stepsOf(accepted());
			assert.ok(before.length < PHASE_A_STEPS, `phase A ended mid-push (${before.length} steps delivered)`);
			// The training process outlived the window: the run is still live when Runlens starts again.
			announceRun();
			const errors = outboxErrors((await activate()).studio);
			fs.rmSync(`${env('RUNLENS_STUDIO_RECORD')}.hold`, { force: true });
			await writeSteps(PHASE_A_STEPS, TOTAL_STEPS);
			finishRun();
			const studio = (await activate()).studio;
			await until(
				() => ofRun(accepted()).some((b) => b.type === 'done'),
				'the done event arrived',
				120_000,
				() =>
					`outbox ${JSON.stringify(studio.state())}, record ${fs.readFileSync(env('RUNLENS_STUDIO_RECORD'), 'utf8').slice(0, 300)}`,
			);
			const bodies = ofRun(accepted());
			assert.deepEqual(
				stepsOf(bodies),
				Array.from({ length: TOTAL_STEPS }, (_, i) => i),
			);
			assert.equal(bodies[0].type, 'start');
			assert.equal(bodies.filter((b) => b.type === 'start').length, 1);
			assert.equal(bodies[bodies.length - 1].type, 'done');
			assertEachStepOnce(bodies);
			assert.ok(!errors.some((e) => /No repo URL/.test(e)), `no send waited on the repo URL: ${errors.join('; ')}`);
			await assertQuietLog();
			const record = JSON.parse(fs.readFileSync(env('RUNLENS_STUDIO_RECORD'), 'utf8'));
			assert.ok(record.faults >= 3, `faults were really injected (${record.faults})`);
		}).timeout(300_000);
	});
}
