/**
 * Hostile files through the real model on real temp dirs: every case ends as an error attached to
 * the bad file while the rest of the project reads right; nothing throws and nothing hangs (each
 * read runs under a deadline, a hang guard rather than a performance check).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, write } from '../git/repoHelpers';
import { DVC_YAML, GOOD, assertRestIntact, goodProject, openModel, within, workspace } from './helpers';

const DEADLINE_MS = 15_000;
const GIB = 1024 * 1024 * 1024;
const isRoot = process.getuid?.() === 0;

async function readProject(dir: string) {
	const model = openModel(dir);
	await within(DEADLINE_MS, 'first scan', model.ready);
	return model;
}

async function seriesValues(model: ReturnType<typeof openModel>, file: string, column: string) {
	const ws = workspace(model);
	const table = await within(DEADLINE_MS, `read ${file}`, model.readSeriesTable(ws.id, file));
	return table ? [...table.data[column].subarray(0, table.length)] : undefined;
}

function errorOf(dir: string, model: ReturnType<typeof openModel>, file: string) {
	const found = workspace(model).errors.filter((e) => e.file === file);
	assert.equal(found.length, 1, `one error on ${file} in ${dir}: ${JSON.stringify(workspace(model).errors)}`);
	return found[0];
}

describe('hostile files through the model', () => {
	const dirs: string[] = [];
	const project = () => {
		const dir = goodProject();
		dirs.push(dir);
		return dir;
	};
	after(() => cleanup(...dirs));

	const cases: [string, string, (dir: string) => void, RegExp][] = [
		[
			'truncated mid-write',
			'dvclive/metrics.json',
			(d) => write(d, 'dvclive/metrics.json', '{"loss": 0.5, "st'),
			/JSON/,
		],
		['0 bytes', 'scores.json', (d) => write(d, 'scores.json', ''), /JSON file structure is corrupted/],
		['1 GB (sparse)', 'scores.json', (d) => truncateSync(path.join(d, 'scores.json'), GIB), /too large/],
		['binary junk', 'conf.toml', (d) => write(d, 'conf.toml', junk(4096)), /utf-8|corrupted/i],
		['invalid UTF-8', 'params.yaml', (d) => write(d, 'params.yaml', badUtf8()), /utf-8/],
		['a symlink to itself', 'scores.json', (d) => selfLink(d, 'scores.json'), /ELOOP/],
		['permission denied', 'extra.json', (d) => unreadable(d, 'extra.json'), /EACCES|not a regular file/],
		[
			'a JSON bomb of nested arrays',
			'scores.json',
			(d) => write(d, 'scores.json', nest('[', ']', 200_000, '')),
			/nested/,
		],
		[
			'a JSON bomb of nested objects',
			'scores.json',
			(d) => write(d, 'scores.json', nest('{"a":', '}', 100_000, '1')),
			/nested/,
		],
		['a YAML billion laughs', 'params.yaml', (d) => write(d, 'params.yaml', billionLaughs()), /alias/i],
		['deeply nested YAML', 'params.yaml', (d) => write(d, 'params.yaml', `a: ${nest('[', ']', 50_000, '')}\n`), /./],
	];
	for (const [name, file, spoil, message] of cases) {
		it(`turns ${name} into an error on ${file} and keeps the rest right`, async () => {
			const dir = project();
			spoil(dir);
			const model = await readProject(dir);
			const ws = workspace(model);
			assert.match(errorOf(dir, model, file).message, message);
			assertRestIntact(ws, file);
			assert.deepEqual(await seriesValues(model, 'dvclive/plots/metrics/loss.tsv', 'loss'), [1, 0.5]);
			model.dispose();
		});
	}

	it('reads a whole CRLF project (DVCLive on Windows) exactly like its LF twin', async () => {
		const dir = project();
		const crlf = (rel: string, text: string) => write(dir, rel, text.replace(/\n/g, '\r\n'));
		crlf('dvc.yaml', DVC_YAML);
		crlf('params.yaml', 'lr: 0.1\n');
		crlf('conf.toml', '[opt]\nbeta = 0.9\n');
		crlf('extra.json', '{\n  "seed": 1\n}\n');
		crlf('scores.json', '{\n  "f1": 0.5\n}\n');
		crlf('dvclive/metrics.json', '{\n  "loss": 0.5,\n  "step": 1\n}\n');
		crlf('dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t1\n1\t0.5\n');
		crlf('dvclive/plots/metrics/acc.csv', 'step,acc\n0,0.25\n1,0.75\n');
		const model = await readProject(dir);
		const ws = workspace(model);
		assert.deepEqual(ws.params, GOOD.params);
		assert.deepEqual(ws.metrics, GOOD.metrics);
		assert.deepEqual(await seriesValues(model, 'dvclive/plots/metrics/loss.tsv', 'loss'), [1, 0.5]);
		assert.deepEqual(await seriesValues(model, 'dvclive/plots/metrics/acc.csv', 'acc'), [0.25, 0.75]);
		const table = await model.readSeriesTable(ws.id, 'dvclive/plots/metrics/loss.tsv');
		assert.deepEqual(table?.columns, ['step', 'loss'], 'no \\r left in a column name');
		assert.deepEqual(workspace(model).errors, []);
		model.dispose();
	});

	it('refuses a 1 GB sparse series file and a FIFO declared as a plot without hanging', async () => {
		const dir = project();
		write(dir, 'dvc.yaml', `${DVC_YAML}- live/fifo.tsv\n`);
		mkdirSync(path.join(dir, 'live'));
		execFileSync('mkfifo', [path.join(dir, 'live/fifo.tsv')]);
		write(dir, 'dvclive/plots/metrics/huge.tsv', '');
		truncateSync(path.join(dir, 'dvclive/plots/metrics/huge.tsv'), GIB);
		const model = await readProject(dir);
		const id = workspace(model).id;
		const huge = await within(DEADLINE_MS, 'huge.tsv', model.readSeriesTable(id, 'dvclive/plots/metrics/huge.tsv'));
		assert.equal(huge?.length ?? 0, 0, 'no rows come out of a file of NUL bytes');
		const fifo = await within(DEADLINE_MS, 'fifo.tsv', model.readSeriesTable(id, 'live/fifo.tsv'));
		assert.equal(fifo?.length ?? 0, 0);
		const errs = workspace(model).errors;
		assert.ok(
			errs.some((e) => e.file === 'dvclive/plots/metrics/huge.tsv'),
			JSON.stringify(errs),
		);
		assert.ok(
			errs.some((e) => e.file === 'live/fifo.tsv' && /not a regular file/.test(e.message)),
			JSON.stringify(errs),
		);
		assert.deepEqual(await seriesValues(model, 'dvclive/plots/metrics/loss.tsv', 'loss'), [1, 0.5]);
		model.dispose();
	});

	it('survives files rewritten while they are read and settles on the last content', async () => {
		const dir = project();
		const model = await readProject(dir);
		const ws = workspace(model);
		let stop = false;
		const writer = (async () => {
			for (let i = 0; !stop; i++) {
				// writeFileSync truncates then writes: readers see empty and partial files in between.
				writeFileSync(path.join(dir, 'scores.json'), JSON.stringify({ f1: i, pad: 'x'.repeat(i % 5000) }));
				writeFileSync(path.join(dir, 'dvclive/plots/metrics/loss.tsv'), `step\tloss\n${rows(i % 300)}`);
				await new Promise((r) => setImmediate(r));
			}
		})();
		for (let i = 0; i < 25; i++) {
			await within(DEADLINE_MS, `refresh ${i}`, model.refresh());
			await within(DEADLINE_MS, `series ${i}`, model.readSeriesTable(ws.id, 'dvclive/plots/metrics/loss.tsv'));
			assert.ok(
				workspace(model).errors.every((e) => ['scores.json', 'dvclive/plots/metrics/loss.tsv'].includes(e.file)),
			);
		}
		stop = true;
		await writer;
		write(dir, 'scores.json', '{"f1": 0.75}');
		write(dir, 'dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t2\n1\t1\n2\t0.5\n');
		await model.refresh();
		await model.pollRunning();
		assert.deepEqual(workspace(model).metrics['scores.json'], { f1: 0.75 });
		assert.deepEqual(await seriesValues(model, 'dvclive/plots/metrics/loss.tsv', 'loss'), [2, 1, 0.5]);
		assertRestIntact(workspace(model), 'scores.json');
		model.dispose();
	});

	it('survives files deleted while they are read', async () => {
		const dir = project();
		const model = await readProject(dir);
		const ws = workspace(model);
		const tsv = path.join(dir, 'dvclive/plots/metrics/loss.tsv');
		for (let i = 0; i < 25; i++) {
			const reads = Promise.all([model.refresh(), model.readSeriesTable(ws.id, 'dvclive/plots/metrics/loss.tsv')]);
			rmSync(path.join(dir, 'scores.json'), { force: true });
			rmSync(tsv, { force: true });
			await new Promise((r) => setImmediate(r));
			write(dir, 'scores.json', '{"f1": 0.5}');
			write(dir, 'dvclive/plots/metrics/loss.tsv', 'step\tloss\n0\t1\n1\t0.5\n');
			await within(DEADLINE_MS, `reads ${i}`, reads);
		}
		unlinkSync(path.join(dir, 'scores.json'));
		await model.refresh();
		assert.match(errorOf(dir, model, 'scores.json').message, /No such file/);
		assertRestIntact(workspace(model), 'scores.json');
		model.dispose();
	});
});

function junk(n: number): Buffer {
	const b = Buffer.alloc(n);
	for (let i = 0; i < n; i++) {
		b[i] = (i * 7919) % 256;
	}
	return b;
}

function badUtf8(): Buffer {
	return Buffer.concat([Buffer.from('lr: "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"\n')]);
}

function selfLink(dir: string, rel: string): void {
	rmSync(path.join(dir, rel));
	symlinkSync(path.basename(rel), path.join(dir, rel));
}

/**
 * A file the model cannot read. chmod 000 does not stop root (these tests run as root in CI), so
 * for root the file becomes a FIFO with no writer: opening it for reading would block forever,
 * the truest "cannot read" root meets; the model must refuse it instead of hanging.
 */
function unreadable(dir: string, rel: string): void {
	const abs = path.join(dir, rel);
	if (isRoot) {
		rmSync(abs);
		execFileSync('mkfifo', [abs]);
	} else {
		chmodSync(abs, 0o000);
	}
}

function nest(open: string, close: string, depth: number, inner: string): string {
	return open.repeat(depth) + inner + close.repeat(depth);
}

function billionLaughs(): string {
	const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
	const names = 'abcdefghi';
	for (let i = 1; i < names.length; i++) {
		const prev = `*${names[i - 1]}`;
		lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(prev).join(', ')}]`);
	}
	return lines.join('\n') + '\n';
}

function rows(n: number): string {
	let out = '';
	for (let i = 0; i < n; i++) {
		out += `${i}\t${1 / (i + 1)}\n`;
	}
	return out;
}
