import * as assert from 'node:assert/strict';
import {
	diffRemote,
	groupByBaseline,
	localExperimentState,
	remoteShasOf,
	summarize,
} from '../../../src/actions/remoteStatus';
import { expRefName } from '../../../src/actions/refs';

const B1 = '1'.repeat(40);
const B2 = '2'.repeat(40);
const sha = (c: string) => c.repeat(40);

describe('actions/remoteStatus', () => {
	it('marks each experiment local only, on remote, remote only or differing', () => {
		const local = [
			{ ref: expRefName(B1, 'mine'), sha: sha('a') },
			{ ref: expRefName(B1, 'shared'), sha: sha('b') },
			{ ref: expRefName(B2, 'moved'), sha: sha('c') },
			{ ref: 'refs/exps/exec/EXEC_HEAD', sha: sha('d') },
			{ ref: 'refs/exps/celery/stash', sha: sha('e') },
		];
		const remote = [
			{ ref: expRefName(B1, 'shared'), sha: sha('b') },
			{ ref: expRefName(B2, 'moved'), sha: sha('f') },
			{ ref: expRefName(B2, 'theirs'), sha: sha('9') },
		];
		const entries = diffRemote(local, remote);
		assert.deepEqual(
			entries.map((e) => [e.name, e.state]),
			[
				['mine', 'local'],
				['shared', 'synced'],
				['moved', 'diverged'],
				['theirs', 'remote'],
			],
		);
		const theirs = entries.find((e) => e.name === 'theirs')!;
		assert.equal(theirs.baselineSha, B2);
		assert.equal(theirs.localSha, undefined);
		assert.equal(theirs.remoteSha, sha('9'));
		assert.deepEqual([...groupByBaseline(entries).keys()], [B1, B2]);
		assert.equal(summarize(entries), '1 on remote · 1 local only · 1 remote only · 1 differs from remote');
	});

	it('an empty remote makes every experiment local only; an empty repo every one remote only', () => {
		const refs = [{ ref: expRefName(B1, 'x'), sha: sha('a') }];
		assert.deepEqual(
			diffRemote(refs, []).map((e) => e.state),
			['local'],
		);
		assert.deepEqual(
			diffRemote([], refs).map((e) => e.state),
			['remote'],
		);
		assert.deepEqual(diffRemote([], []), []);
	});

	it("marks an experiment that exists here from its own commit against the remote's last listing", () => {
		const entries = diffRemote(
			[{ ref: expRefName(B1, 'shared'), sha: sha('b') }],
			[
				{ ref: expRefName(B1, 'shared'), sha: sha('b') },
				{ ref: expRefName(B2, 'theirs'), sha: sha('9') },
			],
		);
		const remote = remoteShasOf(entries);
		assert.deepEqual(
			[...remote],
			[
				[expRefName(B1, 'shared'), sha('b')],
				[expRefName(B2, 'theirs'), sha('9')],
			],
		);
		assert.equal(localExperimentState(remote, { baselineSha: B1, name: 'shared', sha: sha('b') }), 'synced');
		// Re-run under the same name since the listing: the remote still has the old commit.
		assert.equal(localExperimentState(remote, { baselineSha: B1, name: 'shared', sha: sha('c') }), 'diverged');
		// Made since the listing, or only here: not on the remote.
		assert.equal(localExperimentState(remote, { baselineSha: B1, name: 'new', sha: sha('d') }), 'local');
		// Same name under another baseline is another experiment.
		assert.equal(localExperimentState(remote, { baselineSha: B2, name: 'shared', sha: sha('b') }), 'local');
		assert.equal(localExperimentState(new Map(), { baselineSha: B1, name: 'shared', sha: sha('b') }), 'local');
	});
});
