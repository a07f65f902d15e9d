import * as fs from 'node:fs';

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
