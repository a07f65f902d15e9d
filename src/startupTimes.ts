/**
 * Start-up milestones, for `npm run bench` (read through `api.testing.startup`). Epoch
 * milliseconds with sub-millisecond precision (`performance.timeOrigin + performance.now()`), so
 * the bench can set them beside VS Code's own activation marks (Date.now() based). Recording is
 * one assignment each: cheap enough to stay on in every build.
 */
export interface StartupTimes {
	/** This module evaluated: the bundle's code has loaded (it is imported first). */
	moduleLoaded: number;
	activateStart?: number;
	activateEnd?: number;
	/** The experiments tree first handed VS Code rows (getChildren of the root, non-empty). */
	firstTreeRows?: number;
	/** `api.ready` resolved: the first scan of the workspace is done. */
	ready?: number;
}

export function epochNow(): number {
	return performance.timeOrigin + performance.now();
}

export const startupTimes: StartupTimes = { moduleLoaded: epochNow() };

/** Records `key` the first time only (later calls are no-ops). */
export function markStartup(key: Exclude<keyof StartupTimes, 'moduleLoaded'>): void {
	startupTimes[key] ??= epochNow();
}
