/**
 * The features that are not needed for the first paint of the sidebar: charts, per-example
 * metrics and Studio push. Only `import type` reaches their modules from here, so nothing of
 * theirs runs at activation; each is imported and built on first use (see LazyFeature). The
 * composition root (src/app.ts) owns what this returns.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChartsDeps, ChartsRegistration } from './charts/panel';
import { CommandIds } from './commands/ids';
import type { ExamplesDeps, ExamplesTesting } from './examples/panel';
import type { StudioDeps, StudioRegistration } from './studio/commands';
import type { RunlensConfig } from './vscode/config';
import { LazyFeature } from './vscode/lazyFeature';

/** The webview type of the charts panel (package.json `onWebviewPanel:runlens.charts`). */
const CHARTS_VIEW_TYPE = 'runlens.charts';

export interface LazyFeatures extends vscode.Disposable {
	charts: LazyFeature<ChartsRegistration>;
	examples: LazyFeature<{ disposable: vscode.Disposable; testing: ExamplesTesting }>;
	studio: LazyFeature<StudioRegistration & { disposable: vscode.Disposable }>;
	/** For deactivate: the Studio outbox flushes or persists, if Studio was loaded. */
	close(timeoutMs: number): Promise<void>;
}

export function createLazyFeatures(
	deps: ChartsDeps & ExamplesDeps & StudioDeps & { config: RunlensConfig },
): LazyFeatures {
	const charts = new LazyFeature('charts', [CommandIds.showCharts, CommandIds.addCustomPlot], async (commands) =>
		(await import('./charts/panel')).registerCharts(deps, commands),
	);
	const examples = new LazyFeature('examples', [CommandIds.showExamples], async (commands) =>
		(await import('./examples/panel')).registerExamples(deps, commands),
	);
	const studioCommands = [
		CommandIds.studioSetToken,
		CommandIds.studioSignIn,
		CommandIds.studioSignOut,
		CommandIds.pushToStudio,
	];
	const studio = new LazyFeature('studio', studioCommands, async (commands) => {
		const registration = (await import('./studio/commands')).registerStudio(deps, commands);
		return Object.assign(registration, { disposable: registration });
	});
	// A charts panel left open is restored by VS Code after a reload: the feature loads then.
	const serializer = vscode.window.registerWebviewPanelSerializer(CHARTS_VIEW_TYPE, {
		deserializeWebviewPanel: async (panel) => (await charts.get()).adopt(panel),
	});
	const studioWatch = startStudioWhenNeeded(deps, studio);
	const all: vscode.Disposable[] = [serializer, studioWatch, charts, examples, studio];
	return {
		charts,
		examples,
		studio,
		close: async (timeoutMs) => {
			await studio.loaded?.close(timeoutMs);
		},
		dispose: () => {
			for (const d of all.reverse()) {
				d.dispose();
			}
		},
	};
}

/**
 * Studio must run without a command in two cases: live push is on (running experiments are
 * followed), or the outbox holds events from an earlier session (they are replayed). Both are
 * checked once the first scan is done, so neither delays the first paint; turning live push on
 * later loads it too.
 */
function startStudioWhenNeeded(
	deps: StudioDeps & { config: RunlensConfig },
	studio: LazyFeature<StudioRegistration & { disposable: vscode.Disposable }>,
): vscode.Disposable {
	let active = true;
	const load = (): void => {
		if (active) {
			studio.get().catch((err: unknown) => deps.log.error('Studio failed to load', err));
		}
	};
	void deps.model.ready.then(async () => {
		const outboxDir = path.join(deps.context.globalStorageUri.fsPath, 'studio-outbox');
		const pending = await fs.promises.readdir(outboxDir).then(
			(names) => names.length > 0,
			() => false,
		);
		if (pending || deps.config.studioLivePush) {
			load();
		}
	});
	const subscription = deps.config.onDidChange((e) => {
		if (e.affects('studio.livePush') && deps.config.studioLivePush) {
			load();
		}
	});
	return new vscode.Disposable(() => {
		active = false;
		subscription.dispose();
	});
}
