// Every command that takes an experiment, run as VS Code runs it from each menu it is contributed
// to: with the element objects the tree providers hand to VS Code (what a context menu or inline
// button passes), and from the palette with no argument, answering the quick pick through the
// workbench's own accept command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChartsTesting } from '../../src/charts/testing';
import { CommandIds } from '../../src/commands/ids';
import type { SidebarTesting } from '../../src/experiments/sidebarTesting';
import { findItem } from '../../src/experiments/sidebarTesting';
import type { ExperimentsModel } from '../../src/model/api';
import type { Experiment } from '../../src/model/types';
import { NO_TOKEN_MESSAGE } from '../../src/studio/pushCommand';
import type { VscodeExperimentPicker } from '../../src/vscode/experimentPicker';
import { accept, fromPalette, nextPick, tickAndAccept } from './paletteHelpers';
import { StudioStandIn } from '../support/studioServer';

interface Testing {
	model: ExperimentsModel;
	sidebar: SidebarTesting;
	picker: VscodeExperimentPicker;
	selection: { selected: readonly string[] };
	charts: () => Promise<ChartsTesting>;
}

const LR = 'params:dvclive/params.yaml:lr';
const ACC = 'metrics:dvclive/metrics.json:eval.acc';

const TOKEN = 'isat_menusIntegrationToken0000001';
const ENV_KEYS = ['DVC_STUDIO_TOKEN', 'DVC_STUDIO_URL', 'DVC_STUDIO_REPO_URL', 'DVC_STUDIO_OFFLINE'] as const;

async function testing(): Promise<Testing> {
	const api = await vscode.extensions.getExtension('runlens.runlens')!.activate();
	await api.ready;
	assert.ok(api.testing?.picker, 'api.testing.picker is exposed when RUNLENS_TEST=1');
	return api.testing as Testing;
}

function byName(t: Testing, name: string): Experiment {
	const exp = t.model.getExperiments().find((e) => e.name === name);
	assert.ok(exp, `the fixture has ${name}`);
	return exp;
}

async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 600 && !check(); i++) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	assert.ok(check(), what);
}

describe('commands from their menus and the palette (real VS Code)', () => {
	let t: Testing;
	let server: StudioStandIn;
	const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

	before(async () => {
		t = await testing();
		await t.sidebar.waitFor((items) => !!findItem(items, (i) => i.label === 'azure-bump'));
		server = await StudioStandIn.start({ token: TOKEN });
		for (const key of ENV_KEYS) {
			saved[key] = process.env[key];
		}
		process.env.DVC_STUDIO_URL = server.url;
		process.env.DVC_STUDIO_REPO_URL = 'git@example.com:acme/fixture.git';
		delete process.env.DVC_STUDIO_OFFLINE;
	});

	after(async () => {
		for (const key of ENV_KEYS) {
			if (saved[key] === undefined) {
				delete process.env[key];
			} else {
				process.env[key] = saved[key];
			}
		}
		await server.close();
	});

	afterEach(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	describe('Push Experiment to DVC Studio', () => {
		it('without a token says so up front, from the context menu and the palette, and asks nothing', async () => {
			delete process.env.DVC_STUDIO_TOKEN;
			const element = t.sidebar.element(byName(t, 'lilac-moss').id);
			assert.ok(element);
			let picked = false;
			const sub = t.picker.onDidShow(() => (picked = true));
			try {
				const fromMenu = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(
					CommandIds.pushToStudio,
					element,
				);
				assert.deepEqual(fromMenu, { ok: false, message: NO_TOKEN_MESSAGE });
				const fromPaletteResult = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(
					CommandIds.pushToStudio,
				);
				assert.deepEqual(fromPaletteResult, { ok: false, message: NO_TOKEN_MESSAGE });
			} finally {
				sub.dispose();
			}
			assert.equal(picked, false, 'no quick pick before the token question');
			assert.equal(server.events().length, 0);
		});

		it("from an experiment's context menu (the tree's element), reaching the Studio stand-in", async () => {
			process.env.DVC_STUDIO_TOKEN = TOKEN;
			const exp = byName(t, 'lilac-moss');
			const element = t.sidebar.element(exp.id);
			assert.ok(element, 'the tree shows lilac-moss');
			assert.deepEqual(Object.keys(element), ['id'], 'VS Code gets the provider handle, not the experiment');
			const result = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.pushToStudio, element);
			assert.equal(result.ok, true);
			await until(() => server.events('done').some((b) => b.name === 'lilac-moss'), 'a done event for lilac-moss');
			assert.ok(server.events('start').some((b) => b.name === 'lilac-moss' && b.baseline_sha === exp.baselineSha));
		});

		it('from a multi-selection (element, [elements]): every selected experiment is pushed', async () => {
			// (Not azure-bump: studio.test.ts pushes it later and counts its events.)
			const a = t.sidebar.element(byName(t, 'wider-model').id);
			const main = t.sidebar.element(byName(t, 'main').id);
			assert.ok(a && main);
			const result = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.pushToStudio, a, [a, main]);
			assert.equal(result.ok, true);
			await until(
				() => ['wider-model', 'main'].every((n) => server.events('done').some((b) => b.name === n)),
				'done events for wider-model and main',
			);
		});

		it('from the palette: a quick pick of experiments, then the push', async () => {
			const first = t.model.getExperiments().find((e) => e.message?.startsWith('Initial run'));
			assert.ok(first, 'the fixture has its first commit');
			const result = await fromPalette<{ ok: boolean }>(t, CommandIds.pushToStudio, [[first.name, first.name]]);
			assert.equal(result.ok, true);
			await until(() => server.events('done').some((b) => b.name === first.name), `a done event for ${first.name}`);
			assert.deepEqual(server.rejected, []);
		});

		it('from the palette, cancelled: nothing is pushed', async () => {
			const count = server.events().length;
			const shown = nextPick(t.picker);
			const result = vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.pushToStudio);
			await shown;
			await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
			assert.equal((await result).ok, false);
			assert.equal(server.events().length, count);
		});
	});

	describe('Studio Sign In and Sign Out from the palette', () => {
		it('signs in through the device flow (the stand-in), pushes with that token, then signs out', async () => {
			delete process.env.DVC_STUDIO_TOKEN;
			server.issuedToken = TOKEN;
			server.devicePendingPolls = 0;
			await vscode.commands.executeCommand(CommandIds.studioSignIn);
			assert.equal(server.deviceLoginBodies.length > 0, true, 'the device flow started at the stand-in');
			const element = t.sidebar.element(byName(t, 'wider-model').id);
			const pushed = await vscode.commands.executeCommand<{ ok: boolean }>(CommandIds.pushToStudio, element);
			assert.equal(pushed.ok, true, 'the signed-in token pushes');
			await until(() => server.events('done').some((b) => b.name === 'wider-model'), 'a done event for wider-model');
			await vscode.commands.executeCommand(CommandIds.studioSignOut);
			const after = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(
				CommandIds.pushToStudio,
				element,
			);
			assert.deepEqual(after, { ok: false, message: NO_TOKEN_MESSAGE });
		}).timeout(60_000);
	});

	describe('Compare Two Experiments', () => {
		it("from an experiment's context menu: asks only for the second one", async () => {
			const element = t.sidebar.element(byName(t, 'azure-bump').id);
			await (async () => {
				const shown = nextPick(t.picker);
				const done = vscode.commands.executeCommand(CommandIds.compare, element);
				const pick = await shown;
				assert.match(pick.placeHolder, /^Compare azure-bump with/);
				assert.ok(!pick.quickPick.items.some((i) => i.label === 'azure-bump'), 'not offered against itself');
				await accept(pick, 'lilac-moss', 'lilac-moss');
				await done;
			})();
			const doc = vscode.window.activeTextEditor?.document;
			assert.match(doc?.uri.path ?? '', /compare azure-bump vs lilac-moss/);
		});

		it('from the palette: two quick picks', async () => {
			await fromPalette(t, CommandIds.compare, [
				['wider-model', 'wider-model'],
				['azure-bump', 'azure-bump'],
			]);
			assert.match(vscode.window.activeTextEditor?.document.uri.path ?? '', /compare wider-model vs azure-bump/);
		});
	});

	describe('Open File at Revision', () => {
		it("from a param value's context menu: that file at the experiment's revision", async () => {
			const id = byName(t, 'azure-bump').id;
			const element = t.sidebar.element(`${id}/params/dvclive/params.yaml:lr`);
			assert.ok(element, 'the tree has azure-bump’s lr');
			await vscode.commands.executeCommand(CommandIds.openFile, element);
			const doc = vscode.window.activeTextEditor?.document;
			assert.equal(doc?.uri.scheme, 'runlens-rev');
			assert.match(doc?.getText() ?? '', /lr: 0\.02/);
		});

		it('from the palette: a quick pick of experiments, then of its files', async () => {
			await fromPalette(t, CommandIds.openFile, [
				['lilac-moss', 'lilac-moss'],
				['dvclive/params.yaml', 'dvclive/params.yaml'],
			]);
			const doc = vscode.window.activeTextEditor?.document;
			assert.equal(doc?.uri.scheme, 'runlens-rev');
			assert.match(doc?.getText() ?? '', /lr: 0\.2/);
		});
	});

	describe('Copy Value', () => {
		it("from a value's inline button: the exact value", async () => {
			const id = byName(t, 'lilac-moss').id;
			await vscode.env.clipboard.writeText('');
			await vscode.commands.executeCommand(
				CommandIds.copyValue,
				t.sidebar.element(`${id}/params/dvclive/params.yaml:lr`),
			);
			assert.equal(await vscode.env.clipboard.readText(), '0.2');
		});

		it('from the palette: a quick pick of experiments, then of its params and metrics', async () => {
			await vscode.env.clipboard.writeText('');
			await fromPalette(t, CommandIds.copyValue, [
				['azure-bump', 'azure-bump'],
				['epochs', 'epochs'],
			]);
			assert.equal(await vscode.env.clipboard.readText(), '8');
		});
	});

	describe('Star / Unstar and Toggle in Charts', () => {
		it("star from the experiment's inline button, then unstar from the palette", async () => {
			const exp = byName(t, 'azure-bump');
			await vscode.commands.executeCommand(CommandIds.toggleStar, t.sidebar.element(exp.id));
			await t.sidebar.waitFor((items) => /★/.test(findItem(items, (i) => i.id === exp.id)?.description ?? ''));
			await fromPalette(t, CommandIds.toggleStar, [['azure-bump', 'azure-bump']]);
			await t.sidebar.waitFor((items) => !/★/.test(findItem(items, (i) => i.id === exp.id)?.description ?? '★'));
		});

		it('toggles an experiment in the charts from the palette', async () => {
			const exp = byName(t, 'wider-model');
			await fromPalette(t, CommandIds.selectForCharts, [['wider-model', 'wider-model']]);
			assert.ok(t.sidebar.selected().includes(exp.id));
			await vscode.commands.executeCommand(CommandIds.selectForCharts, t.sidebar.element(exp.id));
			assert.ok(!t.sidebar.selected().includes(exp.id));
		});
	});

	describe('artifacts', () => {
		it('Reveal Artifact and Copy Artifact Path from the artifacts view (its elements)', async () => {
			const exp = byName(t, 'workspace');
			t.sidebar.showArtifactsOf(exp.id);
			const [element] = t.sidebar.artifactElements();
			assert.equal(element?.name, 'classifier');
			await vscode.env.clipboard.writeText('');
			await vscode.commands.executeCommand(CommandIds.copyArtifactPath, element);
			assert.match(await vscode.env.clipboard.readText(), /model\.pt$/);
			await vscode.commands.executeCommand(CommandIds.openArtifact, element);
			assert.match(vscode.window.activeTextEditor?.document.uri.path ?? '', /model\.pt$/);
		});

		it('Reveal Artifact from the palette: a quick pick of experiments, then of artifacts', async () => {
			await fromPalette(t, CommandIds.revealArtifact, [
				['workspace', 'workspace'],
				['classifier', 'classifier'],
			]);
			// The explorer reveals the file: the workbench's explorer selection is not readable from the
			// extension host, so the proof is that the command finished after both picks were answered.
			await fromPalette(t, CommandIds.copyArtifactPath, [
				['workspace', 'workspace'],
				['classifier', 'classifier'],
			]);
			assert.match(await vscode.env.clipboard.readText(), /model\.pt$/);
		});
	});

	describe('Show Charts', () => {
		const chartsTab = (): boolean =>
			vscode.window.tabGroups.all.some((g) => g.tabs.some((tab) => tab.label === 'Runlens Charts'));

		it('from the palette with nothing plotted: a quick pick of experiments, then the panel with them', async () => {
			await vscode.commands.executeCommand(CommandIds.selectExperiments, []);
			const exp = byName(t, 'azure-bump');
			const shown = nextPick(t.picker);
			const done = vscode.commands.executeCommand(CommandIds.showCharts);
			const pick = await shown;
			assert.equal(pick.quickPick.canSelectMany, true);
			await tickAndAccept(pick, ['azure-bump']);
			await done;
			assert.deepEqual(t.selection.selected, [exp.id]);
			await until(chartsTab, 'the charts panel is open');
		});

		it("from an experiment's inline button: that experiment is plotted, without a quick pick", async () => {
			await vscode.commands.executeCommand(CommandIds.selectExperiments, []);
			const exp = byName(t, 'lilac-moss');
			let picked = false;
			const sub = t.picker.onDidShow(() => (picked = true));
			try {
				await vscode.commands.executeCommand(CommandIds.showCharts, t.sidebar.element(exp.id));
			} finally {
				sub.dispose();
			}
			assert.equal(picked, false);
			assert.deepEqual(t.selection.selected, [exp.id]);
			await until(chartsTab, 'the charts panel is open');
			await vscode.commands.executeCommand(CommandIds.selectExperiments, []);
		});
	});

	describe('Select Experiments and Add Custom Plot from the palette', () => {
		it('Select Experiments: a multi pick, pre-ticked with what is plotted, sets the plotted ones', async () => {
			await vscode.commands.executeCommand(CommandIds.selectExperiments, [byName(t, 'azure-bump').id]);
			const shown = nextPick(t.picker);
			const done = vscode.commands.executeCommand(CommandIds.selectExperiments);
			const pick = await shown;
			assert.equal(pick.quickPick.canSelectMany, true);
			assert.deepEqual(
				pick.quickPick.selectedItems.map((i) => i.label),
				['azure-bump'],
			);
			await tickAndAccept(pick, ['lilac-moss', 'wider-model']);
			await done;
			assert.deepEqual(
				[...t.selection.selected].sort(),
				[byName(t, 'lilac-moss').id, byName(t, 'wider-model').id].sort(),
			);
			await vscode.commands.executeCommand(CommandIds.selectExperiments, []);
		});

		it('Add Custom Plot: the kind, then the X and Y columns, then the charts panel with the plot', async () => {
			const lr = 'lr \u00b7 dvclive/params.yaml';
			const acc = 'eval.acc \u00b7 dvclive/metrics.json';
			await fromPalette(t, CommandIds.addCustomPlot, [
				['Scatter', 'Scatter'],
				[lr, lr],
				[acc, acc],
			]);
			const custom = (await t.charts()).customPlots!;
			const snapshot = await custom.whenSnapshot((s) =>
				s.plots.some((p) => p.config.kind === 'scatter' && p.config.x === LR && p.config.y === ACC),
			);
			assert.ok(snapshot.plots.length > 0);
			custom.reset();
		});
	});

	describe('Filter Events by Source', () => {
		it('from the palette: a quick pick of sources, "All sources" among them', async () => {
			await fromPalette(t, CommandIds.filterEvents, [['All sources', 'All sources']]);
		});
	});
});
