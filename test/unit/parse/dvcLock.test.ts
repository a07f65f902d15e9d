import * as assert from 'node:assert/strict';
import { NO_DEP, parseDvcLock } from '../../../src/model/parse/dvcLock';
import { runParseTask } from '../../../src/model/parse/parseTasks';
import { parseAsync, parsePoolState, retainParsePool } from '../../../src/model/parse/parsePool';

// Shapes as `dvc repro` writes them: DVC 2.x entries (md5 only) and DVC 3.x entries (`hash: md5`).
const DVC2_LOCK = `schema: '2.0'
stages:
  train:
    cmd: python train.py
    deps:
    - path: data.txt
      md5: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
      size: 12
    - path: data/raw
      md5: 9f8e7d6c5b4a39281706f5e4d3c2b1a0.dir
      size: 9
      nfiles: 2
    params:
      params.yaml:
        lr: 0.1
    outs:
    - path: model.bin
      md5: 11111111111111111111111111111111
`;

const DVC3_LOCK = `schema: '2.0'
stages:
  prepare@a:
    cmd: cat a.txt
    deps:
    - path: a.txt
      hash: md5
      md5: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      size: 8
    - path: ../data.txt
      hash: md5
      md5: dddddddddddddddddddddddddddddddd
      size: 12
  prepare@b:
    cmd: cat b.txt
    deps:
    - path: b.txt
      hash: md5
      md5: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
      size: 8
  train:
    cmd: python train.py
    deps:
    - path: data/raw
      hash: md5
      md5: cccccccccccccccccccccccccccccccc.dir
      size: 9
      nfiles: 2
`;

function parsed(text: string) {
	const r = parseDvcLock(text, 'dvc.lock');
	assert.ok(r.ok, r.ok ? '' : r.error);
	return r.value;
}

describe('dvc.lock deps', () => {
	it('reads DVC 2 entries: md5 value, size, and .dir hash with nfiles for a directory', () => {
		const lock = parsed(DVC2_LOCK);
		assert.deepEqual(lock.stages, {
			train: {
				'data.txt': { hash: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', size: 12, nfiles: null },
				'data/raw': { hash: '9f8e7d6c5b4a39281706f5e4d3c2b1a0.dir', size: 9, nfiles: 2 },
			},
		});
		assert.deepEqual(lock.problems, []);
	});

	it('reads DVC 3 entries (hash: md5 names the field) and foreach members keyed name@item', () => {
		const lock = parsed(DVC3_LOCK);
		assert.deepEqual(Object.keys(lock.stages), ['prepare@a', 'prepare@b', 'train']);
		assert.deepEqual(lock.stages['prepare@a']['../data.txt'], {
			hash: 'dddddddddddddddddddddddddddddddd',
			size: 12,
			nfiles: null,
		});
		assert.deepEqual(lock.stages.train['data/raw'], {
			hash: 'cccccccccccccccccccccccccccccccc.dir',
			size: 9,
			nfiles: 2,
		});
	});

	it('takes the value from the field `hash:` names, and null when that field is absent or unknown', () => {
		const lock = parsed(
			"schema: '2.0'\nstages:\n  s:\n    cmd: x\n    deps:\n" +
				'    - path: a\n      hash: etag\n      etag: e-1\n      md5: ignored\n' +
				'    - path: b\n      hash: md5-dos2unix\n      md5: ignored\n' +
				'    - path: c\n      size: 3\n' +
				'    - path: d\n      md5: 5\n      size: big\n',
		);
		assert.deepEqual(lock.stages.s, {
			a: { hash: 'e-1', size: null, nfiles: null },
			b: NO_DEP,
			c: { hash: null, size: 3, nfiles: null },
			d: NO_DEP,
		});
	});

	it('keeps a stage with no deps and a lock with no stages', () => {
		assert.deepEqual(parsed("schema: '2.0'\nstages:\n  s:\n    cmd: x\n").stages, { s: {} });
		assert.deepEqual(parsed("schema: '2.0'\n").stages, {});
	});

	it('fails a malformed lock with the line of the YAML error', () => {
		const r = parseDvcLock(`schema: '2.0'\nstages:\n  train:\n    deps: [\n      - path: a\n`, 'sub/dvc.lock');
		assert.equal(r.ok, false);
		assert.ok(!r.ok && /YAML/.test(r.error), JSON.stringify(r));
		assert.ok(!r.ok && typeof r.line === 'number' && r.line >= 4, JSON.stringify(r));
	});

	it('fails a lock without DVC 3 schema, or with another schema version, with its line', () => {
		const none = parseDvcLock('train:\n  cmd: x\n', 'dvc.lock');
		assert.deepEqual(none, { ok: false, error: "'dvc.lock': required key not provided: schema", line: 1 });
		const other = parseDvcLock("# lock\nschema: '1.0'\nstages: {}\n", 'dvc.lock');
		assert.deepEqual(other, { ok: false, error: "'dvc.lock': invalid schema version", line: 2 });
		const notMap = parseDvcLock("schema: '2.0'\nstages:\n- a\n", 'dvc.lock');
		assert.deepEqual(notMap, { ok: false, error: "'dvc.lock': 'stages' must be a mapping", line: 2 });
	});

	it('keeps the good stages of a lock with bad entries, reporting each with its line', () => {
		const lock = parsed(
			"schema: '2.0'\nstages:\n  bad:\n    deps: data.txt\n  odd:\n    deps:\n    - md5: x\n  good:\n    deps:\n    - path: a\n      md5: m\n",
		);
		assert.deepEqual(lock.stages, { odd: {}, good: { a: { hash: 'm', size: null, nfiles: null } } });
		assert.deepEqual(lock.problems, [
			{ message: "stage 'bad': expected a mapping with a list of deps", line: 3 },
			{ message: "stage 'odd': a dep without a path", line: 5 },
		]);
	});

	it('keeps `__proto__` as a path, never as a prototype', () => {
		const lock = parsed("schema: '2.0'\nstages:\n  s:\n    deps:\n    - path: __proto__\n      md5: m\n");
		assert.deepEqual(Object.keys(lock.stages.s), ['__proto__']);
		assert.equal(Object.getPrototypeOf(lock.stages.s), Object.prototype);
	});

	it('parses a large lock in the worker to the same result as inline', async () => {
		const stages = Array.from(
			{ length: 400 },
			(_, i) =>
				`  s${i}:\n    cmd: x\n    deps:\n    - path: f${i}\n      hash: md5\n      md5: f${String(i).padStart(31, '0')}\n`,
		);
		const text = `schema: '2.0'\nstages:\n${stages.join('')}`;
		const task = { kind: 'dvclock' as const, text, file: 'dvc.lock' };
		const release = retainParsePool();
		try {
			const before = parsePoolState().roundTrips;
			const pooled = await parseAsync(task);
			assert.equal(parsePoolState().roundTrips, before + 1, 'went through the worker');
			assert.deepEqual(pooled, runParseTask(task));
			assert.ok(pooled.ok && pooled.value.stages.s399.f399.hash === `f${'0'.repeat(28)}399`);
		} finally {
			release();
		}
	});
});
