import type { Page } from 'playwright-core';

export declare function serveScreenshots(
	page: Page,
	request: string,
	fallback: string,
	resultsDir: string,
): { stop(): Promise<void> };
