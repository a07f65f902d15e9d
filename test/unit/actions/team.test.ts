import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { TeamModel } from '../../../src/actions/team';
import { ExpRefGit } from '../../../src/git/expRefGit';
import { cleanup, initRepo, tempDir } from '../git/repoHelpers';

describe('actions/team: the remote to list', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('says a repository has no remote of that name without running ls-remote (a new repo, the demo)', async () => {
		const dir = initRepo();
		dirs.push(dir);
		const logs: string[] = [];
		const team = new TeamModel(
			() => [{ gitRoot: dir, git: new ExpRefGit(dir) }],
			() => 'origin',
			(level, msg) => logs.push(`${level} ${msg}`),
		);
		await team.refresh();
		const [state] = team.current;
		assert.equal(state.noRemote, true);
		assert.match(state.error ?? '', /no git remote named "origin"/);
		assert.ok(!logs.some((l) => l.startsWith('error')), logs.join('\n'));
	});

	it('lists a remote that exists, and a URL without asking git remote', async () => {
		const dir = initRepo();
		const bare = path.join(tempDir(), 'remote.git');
		dirs.push(dir, path.dirname(bare));
		execFileSync('git', ['init', '-q', '--bare', bare]);
		execFileSync('git', ['remote', 'add', 'team', bare], { cwd: dir });
		for (const remote of ['team', bare]) {
			const team = new TeamModel(
				() => [{ gitRoot: dir, git: new ExpRefGit(dir) }],
				() => remote,
				() => undefined,
			);
			await team.refresh();
			const [state] = team.current;
			assert.equal(state.noRemote, undefined, remote);
			assert.equal(state.error, undefined, remote);
		}
	});
});
