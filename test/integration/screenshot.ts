import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ChartsTesting, RenderedReport } from '../../src/charts/testing';

/**
 * Asks the harness (scripts/screenshots.mjs) for a picture of the workbench as it is now, while the
 * extension host runs, and waits until it is taken. `file` names it under test-results/ (empty for
 * the run's default). Without RUNLENS_SCREENSHOT_REQUEST (a run that takes none) it returns at once.
 */
export async function requestScreenshot(file = ''): Promise<void> {
	const request = process.env.RUNLENS_SCREENSHOT_REQUEST;
	if (!request) {
		return;
	}
	// A previous picture's answer must not pass for this one's.
	fs.rmSync(`${request}.done`, { force: true });
	fs.writeFileSync(request, file);
	const deadline = Date.now() + 30_000;
	while (!fs.existsSync(`${request}.done`) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
	}
}

/**
 * Ticks `runs`, shows the Runlens sidebar and the charts panel, and waits (up to `timeoutMs`) until at
 * least two charts draw a line per run: the state both showcase pictures are taken in.
 */
export async function chartsFor(
	charts: ChartsTesting,
	runs: readonly { id: string }[],
	timeoutMs = 60_000,
): Promise<RenderedReport> {
	for (const e of runs) {
		charts.selection.set(e.id, true);
	}
	await vscode.commands.executeCommand('workbench.view.extension.runlens');
	await vscode.commands.executeCommand('runlens.showCharts');
	let last: unknown;
	return Promise.race([
		charts.whenRendered((r) => {
			last = r.charts.map((c) => c.lines);
			return r.charts.filter((c) => c.lines >= runs.length).length >= 2;
		}),
		new Promise<never>((_, reject) =>
			setTimeout(
				() => reject(new Error(`charts not drawn for ${runs.length} runs; lines per chart ${JSON.stringify(last)}`)),
				timeoutMs,
			),
		),
	]);
}
