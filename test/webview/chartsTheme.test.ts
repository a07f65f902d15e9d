import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { range, RESULTS, send, snapshotOf, useWebviewHarness, waitForPosted } from './harness';
import type { TestRun } from './harness';
import { THEMES } from './themes';
import type { ThemeName } from './themes';

function rgb(hex: string): string {
	const n = parseInt(hex.slice(1, 7), 16);
	return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

function runs(): TestRun[] {
	const n = 30;
	const wave = (k: number) => Float64Array.from({ length: n }, (_, i) => Math.cos(i / 4 + k) + i / 20);
	return [
		{ id: 'a', name: 'brisk-lark', colour: '#3794ff', metrics: { 'train/loss': { step: range(n), value: wave(0) } } },
		{
			id: 'b',
			name: 'an-experiment-with-a-really-long-name-that-does-not-fit-in-the-legend',
			colour: '#f14c4c',
			metrics: { 'train/loss': { step: range(n), value: wave(2) } },
		},
	];
}

async function styleOf(p: Page, selector: string): Promise<{ color: string; background: string; decoration: string }> {
	return p
		.locator(selector)
		.first()
		.evaluate((node) => {
			const s = getComputedStyle(node);
			return { color: s.color, background: s.backgroundColor, decoration: s.textDecorationLine };
		});
}

describe('chart webview themes (headless Chromium, real bundle)', function () {
	const harness = useWebviewHarness();

	for (const theme of Object.keys(THEMES) as ThemeName[]) {
		it(`draws legend and chart actions in the ${theme} theme's foreground, not on series colours (screenshot)`, async () => {
			const p = await harness.open({ theme, width: 1000, height: 700 });
			await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs(), { smoothing: 0.6 }) });
			await waitForPosted(p, 'charts/rendered');
			await p.screenshot({ path: join(RESULTS, `charts-${theme}.png`) });
			const foreground = rgb(THEMES[theme].foreground);
			const chip = await styleOf(p, '.legend-item');
			assert.equal(chip.color, foreground, 'legend text uses --vscode-foreground');
			assert.equal(chip.background, 'rgba(0, 0, 0, 0)', 'no coloured chip background');
			const swatch = await styleOf(p, '.legend-item .swatch');
			assert.equal(swatch.background, 'rgb(55, 148, 255)', 'the series colour is only the swatch');
			const button = await styleOf(p, '.chart-button');
			assert.equal(button.color, rgb(THEMES[theme]['icon-foreground']));
			assert.equal(button.background, 'rgba(0, 0, 0, 0)');
			const background = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
			assert.equal(background, rgb(THEMES[theme]['editor-background']));
			await p.close();
		});
	}

	it('strikes through a hidden run and keeps the full name of a truncated one in its tooltip', async () => {
		const p = await harness.open({ theme: 'light' });
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf(runs()) });
		await waitForPosted(p, 'charts/rendered');
		const long = p.locator('.legend-item[data-experiment-id="b"]');
		const name = 'an-experiment-with-a-really-long-name-that-does-not-fit-in-the-legend';
		assert.equal(((await long.getAttribute('title')) ?? '').split('\n')[0], name);
		const clipped = await long.locator('.legend-label').evaluate((n) => n.scrollWidth > n.clientWidth);
		assert.equal(clipped, true, 'the long name is truncated with an ellipsis');
		await long.click();
		const hidden = await styleOf(p, '.legend-item[data-experiment-id="b"]');
		assert.equal(hidden.decoration, 'line-through');
		assert.equal(await long.getAttribute('aria-pressed'), 'false');
		const shown = await styleOf(p, '.legend-item[data-experiment-id="a"]');
		assert.equal(shown.decoration, 'none');
		await p.close();
	});

	it('tells the user to tick experiments when none is selected', async () => {
		const p = await harness.open();
		await send(p, { type: 'charts/snapshot', snapshot: snapshotOf([]) });
		await waitForPosted(p, 'charts/rendered');
		const text = await p.locator('.empty').innerText();
		assert.match(text, /Tick experiments in the Runlens sidebar/);
		await p.close();
	});
});
