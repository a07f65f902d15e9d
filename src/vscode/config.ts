import * as vscode from 'vscode';
import { Emitter } from '../util/event';
import type { Event } from '../util/event';

/**
 * Typed access to the `runlens.*` settings of package.json. Getters read the live configuration
 * every time, so a changed setting takes effect without reload; `onDidChange` names the keys
 * (without the `runlens.` prefix) that changed.
 */
export type XAxis = 'step' | 'relative' | 'wall';
/** Mirrors `OverflowPolicy` of src/studio/outbox.ts (kept here so this file needs nothing from studio). */
export type StudioOverflow = 'dropOldestData' | 'block' | 'error';

export interface AxisSettings {
	yLabel?: string;
	xLabel?: string;
	yMin?: number;
	yMax?: number;
	yScale?: 'linear' | 'logarithmic';
}

export interface ChartGroupSettings extends AxisSettings {
	xUnit?: string;
	yUnit?: string;
	progress?: boolean;
}

export const CONFIG_KEYS = [
	'commitsPerBranch',
	'showAllBranches',
	'showRemoteBranches',
	'pollIntervalMs',
	'charts.smoothing',
	'charts.xAxis',
	'charts.ignoreOutliers',
	'charts.axes',
	'charts.groups',
	'studio.url',
	'studio.livePush',
	'studio.offline',
	'studio.gitRemote',
	'studio.outbox.maxEvents',
	'studio.outbox.overflow',
	'dvcPath',
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

export interface ConfigChange {
	keys: ConfigKey[];
	affects(key: ConfigKey): boolean;
}

export class RunlensConfig implements vscode.Disposable {
	private readonly emitter = new Emitter<ConfigChange>();
	private readonly subscription: vscode.Disposable;
	readonly onDidChange: Event<ConfigChange> = this.emitter.event;

	constructor(private readonly scope?: vscode.ConfigurationScope) {
		this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
			const keys = CONFIG_KEYS.filter((k) => e.affectsConfiguration(`runlens.${k}`, this.scope));
			if (keys.length > 0) {
				this.emitter.fire({ keys, affects: (k) => keys.includes(k) });
			}
		});
	}

	private get<T>(key: ConfigKey, fallback: T): T {
		return vscode.workspace.getConfiguration('runlens', this.scope).get<T>(key, fallback);
	}

	get commitsPerBranch(): number {
		return clamp(this.get('commitsPerBranch', 5), 1, 200);
	}
	get showAllBranches(): boolean {
		return this.get<boolean>('showAllBranches', true) === true;
	}
	get showRemoteBranches(): boolean {
		return this.get<boolean>('showRemoteBranches', true) === true;
	}
	/** Never below the 200 ms floor package.json declares, whatever a user types in settings.json. */
	get pollIntervalMs(): number {
		return clamp(this.get('pollIntervalMs', 1000), 200, 3_600_000);
	}
	get chartsSmoothing(): number {
		return clamp(this.get('charts.smoothing', 0.6), 0, 0.999);
	}
	get chartsXAxis(): XAxis {
		const v = this.get<string>('charts.xAxis', 'step');
		return v === 'relative' || v === 'wall' ? v : 'step';
	}
	get chartsIgnoreOutliers(): boolean {
		return this.get<boolean>('charts.ignoreOutliers', false) === true;
	}
	get chartsAxes(): Record<string, AxisSettings> {
		const v = this.get<unknown>('charts.axes', {});
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, AxisSettings>) : {};
	}
	/** `runlens.charts.groups`: x/y units, bounds and progress by group prefix or metric name (see charts/groups.ts). */
	get chartsGroups(): Record<string, ChartGroupSettings> {
		const v = this.get<unknown>('charts.groups', {});
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, ChartGroupSettings>) : {};
	}
	get studioUrl(): string {
		return this.get('studio.url', 'https://studio.datachain.ai') || 'https://studio.datachain.ai';
	}
	get studioLivePush(): boolean {
		return this.get<boolean>('studio.livePush', false) === true;
	}
	get studioOffline(): boolean {
		return this.get<boolean>('studio.offline', false) === true;
	}
	get studioGitRemote(): string {
		return this.get('studio.gitRemote', '');
	}
	get studioOutboxMaxEvents(): number {
		return Math.round(clamp(this.get('studio.outbox.maxEvents', 10_000), 10, 1_000_000));
	}
	get studioOutboxOverflow(): StudioOverflow {
		const v = this.get<string>('studio.outbox.overflow', 'dropOldestData');
		return v === 'block' || v === 'error' ? v : 'dropOldestData';
	}

	/** `runlens.dvcPath`: an explicit dvc executable, tried before any other (empty: unset). */
	get dvcPath(): string {
		const v = this.get<unknown>('dvcPath', '');
		return typeof v === 'string' ? v : '';
	}

	/**
	 * `files.watcherExclude` of one workspace folder, which the Runlens watcher honours like VS
	 * Code's own. The setting is resource-scoped: read without a resource, VS Code logs a warning,
	 * so `folder` is always given; `undefined` (a path in no folder) asks for no particular resource
	 * (`null`), which VS Code accepts.
	 */
	watcherExcludeFor(folder: vscode.Uri | undefined): Record<string, boolean> {
		return vscode.workspace
			.getConfiguration('files', folder ?? null)
			.get<Record<string, boolean>>('watcherExclude', {});
	}

	dispose(): void {
		this.subscription.dispose();
		this.emitter.dispose();
	}
}

function clamp(value: number, min: number, max: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
