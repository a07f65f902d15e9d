/**
 * Experiment actions and the Team view in the real VS Code, on the fixture repo, called with the
 * arguments their menus pass: (handle, selected handles) from the experiments tree, a Team view
 * node from the Team view. Confirmations and names are answered through the Prompts adapter.
 * Every ref, branch, remote and file this file adds is removed again afterwards.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ActionsTesting } from '../../src/actions/register';
import type { TeamNode } from '../../src/actions/teamTree';
import { CommandIds } from '../../src/commands/ids';
import type { SelectionModel } from '../../src/experiments/selection';
import type { SidebarTesting } from '../../src/experiments/sidebar';
import { findItem } from '../../src/experiments/sidebarTesting';
import type { ExperimentsModel } from '../../src/model/api';
import type { VscodeExperimentPicker } from '../../src/vscode/experimentPicker';
import { fromPalette, nextPick, tickAndAccept } from './paletteHelpers';

interface Api {
	ready: Promise<void>;
	testing: {
		model: ExperimentsModel;
		selection: SelectionModel;
		actions: ActionsTesting;
		sidebar: SidebarTesting;
		picker: VscodeExperimentPicker;
	};
}

const ENV = {
	...process.env,
	GIT_AUTHOR_NAME: 't',
	GIT_AUTHOR_EMAIL: 't@t',
	GIT_COMMITTER_NAME: 't',
	GIT_COMMITTER_EMAIL: 't@t',
};
const REMOTE = 'runlens-it-team';

function root(): string {
	return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
}

const expRef = (baseline: string, name: string) => `refs/exps/${baseline.slice(0, 2)}/${baseline.slice(2)}/${name}`;

describe('experiment actions and Team view (real VS Code, real git)', () => {
	let api: Api;
	let t: ActionsTesting;
	let baseline: string;
	let azure: string;
	let projectId: string;
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-it-actions-'));
	const bare = path.join(tmp, 'remote.git');
	const mate = path.join(tmp, 'teammate');
	const id = (name: string) => `${projectId}|exp|${baseline}|${name}`;
	const handle = (name: string) => ({ id: id(name) });
	const lastOf = (kind: string) => [...t.prompts.asked].reverse().find((p) => p.kind === kind);

	before(async () => {
		api = (await vscode.extensions.getExtension('runlens.runlens')!.activate()) as Api;
		await api.ready;
		t = api.testing.actions;
		baseline = git(root(), 'rev-parse', 'main');
		azure = git(root(), 'rev-parse', expRef(baseline, 'azure-bump'));
		projectId = api.testing.model.getExperiments().find((e) => e.name === 'azure-bump')!.projectId;
		for (const name of ['ga-one', 'ga-two', 'ga-three']) {
			git(root(), 'update-ref', expRef(baseline, name), azure);
		}
		git(root(), 'init', '-q', '--bare', bare);
		git(root(), 'remote', 'add', REMOTE, bare);
		git(root(), 'push', '-q', REMOTE, 'main');
		await vscode.workspace.getConfiguration('runlens.team').update('remote', REMOTE, vscode.ConfigurationTarget.Global);
		await api.testing.model.refresh();
		assert.ok(api.testing.model.getExperiment(id('ga-three')), 'the test experiments are in the model');
	});

	after(async () => {
		// Plot ticked the teammate's experiment: later suites start from the selection they expect.
		api.testing.selection.set(id('mate-exp'), false);
		for (const ref of git(root(), 'for-each-ref', '--format=%(refname)', 'refs/exps').split('\n')) {
			if (/\/(ga-|mate-)/.test(ref)) {
				git(root(), 'update-ref', '-d', ref);
			}
		}
		git(root(), 'branch', '-q', '-D', 'ga-branch');
		git(root(), 'remote', 'remove', REMOTE);
		await vscode.workspace
			.getConfiguration('runlens.team')
			.update('remote', undefined, vscode.ConfigurationTarget.Global);
		fs.rmSync(tmp, { recursive: true, force: true });
		await api.testing.model.refresh();
	});

	it('Create Branch: validates the name as git does, then git branch <name> <experiment sha>', async () => {
		t.prompts.answer('bad..name');
		await vscode.commands.executeCommand(CommandIds.branchFromExperiment, handle('ga-one'), [handle('ga-one')]);
		assert.match(lastOf('error')!.message, /Create branch failed: .*"\.\."/);
		// From the palette: no argument, the experiment is picked in the quick pick.
		t.prompts.answer('ga-branch');
		await fromPalette(api.testing, CommandIds.branchFromExperiment, [['azure-bump', 'azure-bump']]);
		assert.equal(git(root(), 'rev-parse', 'refs/heads/ga-branch'), azure);
		assert.match(lastOf('info')!.message, /branch "ga-branch" created from "azure-bump"/);
	});

	it('Rename: the ref moves to the new name, the model follows', async () => {
		t.prompts.answer('ga-renamed');
		await vscode.commands.executeCommand(CommandIds.renameExperiment, { experimentId: id('ga-one') });
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'ga-renamed')), azure);
		assert.throws(() => git(root(), 'rev-parse', '--verify', '-q', expRef(baseline, 'ga-one')));
		assert.ok(api.testing.model.getExperiment(id('ga-renamed')));
		assert.equal(api.testing.model.getExperiment(id('ga-one')), undefined);
	});

	it('Remove: asks first (cancel keeps them), then removes every selected experiment at once', async () => {
		const args = [handle('ga-two'), [handle('ga-two'), handle('ga-three')]];
		t.prompts.answer(false);
		await vscode.commands.executeCommand(CommandIds.removeExperiments, ...args);
		assert.equal(lastOf('confirm')!.detail, 'ga-two\nga-three');
		assert.ok(api.testing.model.getExperiment(id('ga-two')), 'cancelled: still there');
		t.prompts.answer(true);
		await vscode.commands.executeCommand(CommandIds.removeExperiments, ...args);
		const left = git(root(), 'for-each-ref', '--format=%(refname)', 'refs/exps');
		assert.doesNotMatch(left, /ga-two|ga-three/);
		assert.match(left, /azure-bump/);
		assert.equal(api.testing.model.getExperiment(id('ga-three')), undefined);
	});

	it('Remove refuses a baseline with a clear error, and changes nothing', async () => {
		const commit = api.testing.model.getExperiments().find((e) => e.kind === 'commit')!;
		await vscode.commands.executeCommand(CommandIds.removeExperiments, { id: commit.id }, [{ id: commit.id }]);
		assert.match(lastOf('error')!.message, /is a commit, not an experiment/);
	});

	it('from the palette (no tree selection): Rename, Remove and Apply pick the experiment first', async () => {
		t.prompts.answer('ga-palette');
		await fromPalette(api.testing, CommandIds.renameExperiment, [['ga-renamed', 'ga-renamed']]);
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'ga-palette')), azure);
		t.prompts.answer('ga-renamed');
		await fromPalette(api.testing, CommandIds.renameExperiment, [['ga-palette', 'ga-palette']]);
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'ga-renamed')), azure);
		// Remove: a multi pick, then the confirmation (cancelled: nothing is removed).
		t.prompts.answer(false);
		const removing = nextPick(api.testing.picker);
		const removed = vscode.commands.executeCommand(CommandIds.removeExperiments);
		await tickAndAccept(await removing, ['ga-renamed']);
		await removed;
		assert.equal(lastOf('confirm')!.detail, 'ga-renamed');
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'ga-renamed')), azure);
		// Apply: the pick, then the confirmation naming it (cancelled: the workspace is untouched).
		const status = git(root(), 'status', '--porcelain');
		t.prompts.answer(false);
		await fromPalette(api.testing, CommandIds.applyExperiment, [['azure-bump', 'azure-bump']]);
		assert.match(lastOf('confirm')!.message, /Apply experiment "azure-bump"/);
		assert.equal(git(root(), 'status', '--porcelain'), status);
	});

	it('Apply: lists the files it overwrites, writes the experiment files, HEAD and index stay', async () => {
		const head = git(root(), 'rev-parse', 'HEAD');
		const changed = git(root(), 'diff', '--name-only', head, azure).split('\n');
		assert.ok(changed.length > 0, 'azure-bump differs from HEAD');
		try {
			t.prompts.answer(true);
			await vscode.commands.executeCommand(CommandIds.applyExperiment, handle('azure-bump'), [handle('azure-bump')]);
			const confirm = lastOf('confirm')!;
			assert.match(confirm.message, /Apply experiment "azure-bump"/);
			for (const file of changed) {
				assert.ok(confirm.detail!.includes(file), `${file} is listed in: ${confirm.detail}`);
				assert.equal(fs.readFileSync(path.join(root(), file), 'utf8').trim(), git(root(), 'show', `${azure}:${file}`));
			}
			assert.equal(git(root(), 'rev-parse', 'HEAD'), head);
			assert.equal(git(root(), 'diff', '--cached', '--name-only'), '');
			assert.match(lastOf('warning')?.message ?? lastOf('info')!.message, /applied "azure-bump"/);
		} finally {
			git(root(), 'checkout', '-q', 'HEAD', '--', ...changed);
			await api.testing.model.refresh();
		}
	});

	it('Push: the exp ref lands on the remote under the same name; the Team view marks it on remote', async () => {
		await vscode.commands.executeCommand(CommandIds.pushExperiments, handle('ga-renamed'), [handle('ga-renamed')]);
		assert.match(git(root(), 'ls-remote', bare), new RegExp(`${azure}\\t${expRef(baseline, 'ga-renamed')}`));
		await vscode.commands.executeCommand(CommandIds.teamRefresh);
		const entries = teamEntries();
		assert.equal(entries.get('ga-renamed'), 'on remote');
		assert.equal(entries.get('azure-bump'), 'local only');
	});

	it('the Experiments view marks each experiment from the listing: R on remote, L local only, ≠ once re-run', async () => {
		const synced = await badgeOf('ga-renamed');
		assert.equal(synced?.badge, 'R');
		assert.equal(synced?.tooltip, `on remote (${REMOTE})`);
		assert.equal((await badgeOf('azure-bump'))?.badge, 'L');
		// The same name at another commit here (a re-run) differs from what the remote has.
		const rerun = git(
			root(),
			'commit-tree',
			git(root(), 'rev-parse', `${azure}^{tree}`),
			'-p',
			baseline,
			'-m',
			'rerun',
		);
		git(root(), 'update-ref', expRef(baseline, 'ga-renamed'), rerun);
		try {
			await api.testing.model.refresh();
			const differs = await badgeOf('ga-renamed');
			assert.equal(differs?.badge, '≠');
			assert.equal(differs?.color?.id, 'list.warningForeground');
		} finally {
			git(root(), 'update-ref', expRef(baseline, 'ga-renamed'), azure);
			await api.testing.model.refresh();
		}
		assert.equal((await badgeOf('ga-renamed'))?.badge, 'R');
	});

	it("Team view: a teammate's pushed experiment is remote only under its baseline, and Plot fetches just it", async () => {
		git(tmp, 'clone', '-q', '-b', 'main', bare, mate);
		const tree = git(mate, 'rev-parse', 'main^{tree}');
		const sha = git(mate, 'commit-tree', tree, '-p', 'main', '-m', 'dvc: commit experiment mate');
		git(mate, 'update-ref', expRef(baseline, 'mate-exp'), sha);
		git(mate, 'push', '-q', 'origin', `${expRef(baseline, 'mate-exp')}:${expRef(baseline, 'mate-exp')}`);
		await vscode.commands.executeCommand(CommandIds.teamRefresh);
		const baselineNode = t.tree.getChildren().find((n) => n.type === 'baseline' && n.sha === baseline)!;
		assert.equal(t.tree.getTreeItem(baselineNode).label, 'main');
		const node = t.tree.getChildren(baselineNode).find((n) => n.type === 'entry' && n.entry.name === 'mate-exp');
		assert.ok(node, 'listed under its baseline');
		assert.equal(t.tree.getTreeItem(node).description, 'remote only');
		assert.equal(t.tree.getTreeItem(node).contextValue, 'team.remote');

		const otherRefs = () =>
			git(root(), 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/remotes', 'refs/tags');
		const before = otherRefs();
		await vscode.commands.executeCommand(CommandIds.teamPlot, node);
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'mate-exp')), sha);
		assert.ok(api.testing.selection.isSelected(id('mate-exp')), 'fetched and plotted');
		assert.equal(teamEntries().get('mate-exp'), 'on remote');
		assert.equal(otherRefs(), before, 'only the experiment ref is fetched: no branch or tag moved');
	});

	it('Team view: Compare on two selected rows fetches the remote-only one and compares the two', async () => {
		const tree = git(mate, 'rev-parse', 'main^{tree}');
		const sha = git(mate, 'commit-tree', tree, '-p', 'main', '-m', 'dvc: commit experiment mate two');
		git(mate, 'update-ref', expRef(baseline, 'mate-two'), sha);
		git(mate, 'push', '-q', 'origin', `${expRef(baseline, 'mate-two')}:${expRef(baseline, 'mate-two')}`);
		await vscode.commands.executeCommand(CommandIds.teamRefresh);
		const baselineNode = t.tree.getChildren().find((n) => n.type === 'baseline' && n.sha === baseline)!;
		const rows = t.tree.getChildren(baselineNode);
		const pick = (name: string) => rows.find((n) => n.type === 'entry' && n.entry.name === name)!;
		assert.equal(teamEntries().get('mate-two'), 'remote only');
		await vscode.commands.executeCommand(CommandIds.teamCompare, pick('mate-exp'), [
			pick('mate-exp'),
			pick('mate-two'),
		]);
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'mate-two')), sha);
		assert.equal(teamEntries().get('mate-two'), 'on remote');
		const doc = vscode.window.activeTextEditor?.document;
		assert.match(doc?.uri.path ?? '', /compare mate-exp vs mate-two\.txt$/);
		assert.match(doc?.getText() ?? '', /mate-two/);
	});

	it('Team view: expanding a remote-only experiment fetches just its ref', async () => {
		const tree = git(mate, 'rev-parse', 'main^{tree}');
		const sha = git(mate, 'commit-tree', tree, '-p', 'main', '-m', 'dvc: commit experiment mate three');
		git(mate, 'update-ref', expRef(baseline, 'mate-three'), sha);
		git(mate, 'push', '-q', 'origin', `${expRef(baseline, 'mate-three')}:${expRef(baseline, 'mate-three')}`);
		await vscode.commands.executeCommand(CommandIds.teamRefresh);
		const baselineNode = t.tree.getChildren().find((n) => n.type === 'baseline' && n.sha === baseline)!;
		const node = t.tree.getChildren(baselineNode).find((n) => n.type === 'entry' && n.entry.name === 'mate-three')!;
		assert.equal(teamEntries().get('mate-three'), 'remote only');
		// The workbench expands the row (as a click on its twistie does); the view's expand event fetches.
		await t.view.reveal(node, { expand: true, select: false, focus: false });
		const deadline = Date.now() + 20_000;
		while (teamEntries().get('mate-three') !== 'on remote' && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 50));
		}
		assert.equal(teamEntries().get('mate-three'), 'on remote');
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'mate-three')), sha);
	});

	it("Team view: an experiment that differs from the remote's is kept on Plot unless the user overwrites it, as on Pull", async () => {
		// The teammate re-runs mate-exp: the remote's ref moves to a commit the local one is not an ancestor of.
		const local = git(root(), 'rev-parse', expRef(baseline, 'mate-exp'));
		const tree = git(mate, 'rev-parse', 'main^{tree}');
		const rerun = git(mate, 'commit-tree', tree, '-p', 'main', '-m', 'dvc: commit experiment mate (re-run)');
		git(mate, 'push', '-q', '--force', 'origin', `${rerun}:${expRef(baseline, 'mate-exp')}`);
		await vscode.commands.executeCommand(CommandIds.teamRefresh);
		assert.equal(teamEntries().get('mate-exp'), 'differs from remote');
		const node = () => {
			const baselineNode = t.tree.getChildren().find((n) => n.type === 'baseline' && n.sha === baseline)!;
			return t.tree.getChildren(baselineNode).find((n) => n.type === 'entry' && n.entry.name === 'mate-exp')!;
		};

		api.testing.selection.set(id('mate-exp'), false);
		const lastError = lastOf('error');
		t.prompts.answer(false);
		await vscode.commands.executeCommand(CommandIds.teamPlot, node());
		assert.equal(lastOf('confirm')!.detail, 'mate-exp');
		assert.equal(lastOf('error'), lastError, 'no git refusal');
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'mate-exp')), local, 'the local experiment is kept');
		assert.ok(api.testing.selection.isSelected(id('mate-exp')), 'and plotted');

		t.prompts.answer(true);
		await vscode.commands.executeCommand(CommandIds.pullExperiments, node());
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'mate-exp')), rerun, "overwritten with the remote's");
		assert.match(lastOf('info')!.message, /pulled mate-exp/);
		assert.equal(teamEntries().get('mate-exp'), 'on remote');
	});

	it('Push and Pull from the palette: a pick of experiments to push, then a pick of the remote-only ones to pull', async () => {
		const pushing = nextPick(api.testing.picker);
		const pushed = vscode.commands.executeCommand(CommandIds.pushExperiments);
		await tickAndAccept(await pushing, ['azure-bump']);
		await pushed;
		assert.match(git(root(), 'ls-remote', bare), new RegExp(`${azure}\\t${expRef(baseline, 'azure-bump')}`));
		const tree = git(mate, 'rev-parse', 'main^{tree}');
		const sha = git(mate, 'commit-tree', tree, '-p', 'main', '-m', 'dvc: commit experiment mate four');
		git(mate, 'push', '-q', 'origin', `${sha}:${expRef(baseline, 'mate-four')}`);
		await vscode.commands.executeCommand(CommandIds.teamRefresh);
		const pulling = nextPick(api.testing.picker);
		const pulled = vscode.commands.executeCommand(CommandIds.pullExperiments);
		const pick = await pulling;
		assert.ok(!pick.quickPick.items.some((i) => i.label === 'azure-bump'), 'only what is not here already is offered');
		await tickAndAccept(pick, ['mate-four']);
		await pulled;
		assert.equal(git(root(), 'rev-parse', expRef(baseline, 'mate-four')), sha);
		assert.match(lastOf('info')!.message, /pulled mate-four/);
	});

	it("a repository without the named remote says how to add one, calmly, instead of git's fatal error", async () => {
		await vscode.workspace
			.getConfiguration('runlens.team')
			.update('remote', 'no-such-remote', vscode.ConfigurationTarget.Global);
		try {
			await vscode.commands.executeCommand(CommandIds.teamRefresh);
			assert.equal(t.team.current[0].noRemote, true);
			assert.match(t.view.message ?? '', /no git remote "no-such-remote".*git remote add no-such-remote <url>/);
			assert.doesNotMatch(t.view.message ?? '', /fatal/);
			assert.equal(await badgeOf('ga-renamed'), undefined, 'no mark while there is no remote to compare with');
		} finally {
			await vscode.workspace
				.getConfiguration('runlens.team')
				.update('remote', REMOTE, vscode.ConfigurationTarget.Global);
		}
	});

	it("a remote that cannot be reached shows git's message in the view and the error, without hanging", async () => {
		const gone = path.join(tmp, 'gone.git');
		await vscode.workspace.getConfiguration('runlens.team').update('remote', gone, vscode.ConfigurationTarget.Global);
		try {
			await vscode.commands.executeCommand(CommandIds.teamRefresh);
			const state = t.team.current[0];
			assert.match(state.error!, /gone\.git/);
			assert.match(t.view.message ?? '', /git ls-remote .*gone\.git failed/);
			assert.equal(await badgeOf('ga-renamed'), undefined, 'no mark while the remote state is unknown');
			await vscode.commands.executeCommand(CommandIds.pushExperiments, handle('ga-renamed'), [handle('ga-renamed')]);
			assert.match(lastOf('error')!.message, /Push experiments failed: .*gone\.git/s);
		} finally {
			await vscode.workspace
				.getConfiguration('runlens.team')
				.update('remote', REMOTE, vscode.ConfigurationTarget.Global);
		}
	});

	/** The decoration VS Code gets for the experiment's row, through the row's own resourceUri. */
	async function badgeOf(name: string): Promise<vscode.FileDecoration | undefined> {
		const items = await api.testing.sidebar.render();
		const item = findItem(items, (i) => i.label === name && i.resourceUri !== undefined);
		assert.ok(item?.resourceUri, `${name} is in the Experiments view with a resourceUri`);
		return t.decorations.provideFileDecoration(vscode.Uri.parse(item.resourceUri));
	}

	function teamEntries(): Map<string, string> {
		const out = new Map<string, string>();
		const walk = (nodes: TeamNode[]) => {
			for (const n of nodes) {
				if (n.type === 'entry') {
					out.set(n.entry.name, String(t.tree.getTreeItem(n).description));
				} else if (n.type !== 'message') {
					walk(t.tree.getChildren(n));
				}
			}
		};
		walk(t.tree.getChildren());
		return out;
	}
});
