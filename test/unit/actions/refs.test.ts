import * as assert from 'node:assert/strict';
import { branchNameProblem, expNameProblem, expRefName, parseExpRef, refNameProblem } from '../../../src/actions/refs';
import { renameTransaction, removeTransaction } from '../../../src/actions/refs';
import { git, initRepo, cleanup } from '../git/repoHelpers';

const SHA = '9aed8b772e75eb83c8262b7205d9786ed5b95b45';

describe('actions/refs', () => {
	it('builds the ref dvc exp run writes and parses it back', () => {
		const ref = expRefName(SHA, 'azure-bump');
		assert.equal(ref, 'refs/exps/9a/ed8b772e75eb83c8262b7205d9786ed5b95b45/azure-bump');
		assert.deepEqual(parseExpRef(ref), { baselineSha: SHA, name: 'azure-bump' });
		assert.equal(parseExpRef('refs/exps/exec/EXEC_HEAD'), undefined);
		assert.equal(parseExpRef('refs/exps/apply/ORIG_HEAD'), undefined);
	});

	it('rejects experiment names DVC rejects, with the reason', () => {
		assert.match(expNameProblem('a/b')!, /"\/"/);
		assert.match(expNameProblem('has space')!, /spaces/);
		assert.match(expNameProblem('x..y')!, /\.\./);
		assert.match(expNameProblem('x.lock')!, /\.lock/);
		assert.match(expNameProblem('')!, /required/);
		assert.match(expNameProblem('taken', new Set(['taken']))!, /already exists/);
		assert.equal(expNameProblem('lilac-moss-2'), undefined);
	});

	it('branch names: the pure validator agrees with git check-ref-format --branch', () => {
		const dir = initRepo();
		try {
			const names = [
				'feature',
				'feat/x',
				'-x',
				'HEAD',
				'a..b',
				'a b',
				'a~1',
				'a^',
				'a:b',
				'a?',
				'a*',
				'a[',
				'a\\b',
				'.hidden',
				'a/.b',
				'x.lock',
				'a/b.lock/c',
				'end.',
				'end/',
				'/start',
				'a//b',
				'@',
				'a@{1}',
				'a@b',
				'ünïcode',
				'tab\there',
				'ok-1.2_3',
			];
			for (const name of names) {
				let gitOk = true;
				try {
					git(dir, 'check-ref-format', '--branch', name);
				} catch {
					gitOk = false;
				}
				assert.equal(
					branchNameProblem(name) === undefined,
					gitOk,
					`"${name}": git says ${gitOk ? 'valid' : 'invalid'}, we say ${branchNameProblem(name) ?? 'valid'}`,
				);
			}
		} finally {
			cleanup(dir);
		}
	});

	it('names an existing branch as taken and a bad ref as bad', () => {
		assert.match(branchNameProblem('main', new Set(['main']))!, /already exists/);
		assert.match(refNameProblem('a\x01b')!, /control/);
	});

	it('rename and remove are compare-and-swap transactions', () => {
		assert.deepEqual(renameTransaction('refs/exps/a/b/old', 'refs/exps/a/b/new', SHA), [
			`create refs/exps/a/b/new ${SHA}`,
			`delete refs/exps/a/b/old ${SHA}`,
		]);
		assert.deepEqual(removeTransaction([{ ref: 'refs/exps/a/b/x', sha: SHA }]), [`delete refs/exps/a/b/x ${SHA}`]);
	});
});
