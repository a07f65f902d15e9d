// Mocha reporter: the usual spec output, plus a JSON file with the counts that scripts/test.mjs
// adds up into the final "tests: N passed, M failed" line. Works in Node and in the extension host.
const Mocha = require('mocha');
const fs = require('fs');
const Base = Mocha.reporters.Base;
const Spec = Mocha.reporters.Spec;

class CountReporter extends Spec {
	constructor(runner, options) {
		super(runner, options);
		const out =
			(options && options.reporterOptions && options.reporterOptions.countsFile) || process.env.RUNLENS_COUNTS_FILE;
		runner.once('end', () => {
			if (out) {
				const stats = this.stats || {};
				fs.writeFileSync(
					out,
					JSON.stringify({ passed: stats.passes || 0, failed: stats.failures || 0, pending: stats.pending || 0 }),
				);
			}
		});
	}
}
module.exports = CountReporter;
module.exports.Base = Base;
