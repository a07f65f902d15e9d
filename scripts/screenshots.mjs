// Screenshots a test asks for while the extension host still runs (once a suite ends, VS Code stops
// the host and its views lose their data providers). The test writes the request file (holding the
// picture's file name, empty for the run's default) and waits for `<request>.done`; several
// pictures may be asked for, one after the other. Pictures land in test-results/.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the screenshot requests of one run from `page`. `stop()` ends the polling and, when no
 * picture under `fallback` was taken, takes it then (the final workbench state).
 */
export function serveScreenshots(page, request, fallback, resultsDir) {
	let shooting = false;
	let shotDefault = false;
	const shoot = (file) => {
		mkdirSync(resultsDir, { recursive: true });
		return page.screenshot({ path: join(resultsDir, file) }).catch(() => undefined);
	};
	const poll = setInterval(() => {
		if (shooting || !existsSync(request)) {
			return;
		}
		shooting = true;
		const asked = readFileSync(request, 'utf8').trim();
		rmSync(request, { force: true });
		// Only a plain file name under test-results/, whatever the test wrote.
		const file = /^[\w.-]+\.png$/.test(asked) ? asked : fallback;
		shotDefault ||= file === fallback;
		void shoot(file).then(() => {
			writeFileSync(`${request}.done`, '');
			shooting = false;
		});
	}, 250);
	return {
		async stop() {
			clearInterval(poll);
			if (!shooting && !shotDefault) {
				await shoot(fallback);
			}
		},
	};
}
