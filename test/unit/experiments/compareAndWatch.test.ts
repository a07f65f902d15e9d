import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'mocha';
import { compareText } from '../../../src/experiments/compare';
import {
	FolderWatchFilters,
	globToRegExp,
	isDvcCache,
	WatchFilter,
	watchTargets,
} from '../../../src/experiments/watchFilter';
import { exp } from './helpers';

describe('compare two experiments', () => {
	it('aligns params and metrics side by side and marks differences', () => {
		const a = exp({
			id: 'a',
			name: 'alpha',
			params: { 'params.yaml': { lr: 0.1, bs: 32 } },
			metrics: { 'm.json': { acc: 0.9 } },
		});
		const b = exp({
			id: 'b',
			name: 'beta',
			params: { 'params.yaml': { lr: 0.2, bs: 32 } },
			metrics: { 'm.json': { acc: 0.9, f1: 0.5 } },
		});
		const text = compareText(a, b);
		const lines = text.split('\n');
		assert.match(lines[0], /^\s+alpha\s+beta$/);
		assert.ok(
			lines.some((l) => /^≠\s+lr\s+0\.1\s+0\.2$/.test(l)),
			text,
		);
		assert.ok(
			lines.some((l) => /^\s+bs\s+32\s+32$/.test(l)),
			text,
		);
		assert.ok(
			lines.some((l) => /^≠\s+f1\s+—\s+0\.5$/.test(l)),
			text,
		);
		assert.ok(text.includes('2 differences'));
		// Files are headings with their keys under them, as in the tree.
		const heading = lines.findIndex((l) => /^\s+params params\.yaml$/.test(l));
		assert.ok(heading > 0, text);
		assert.match(lines[heading + 1], /^≠\s+lr\b/);
		assert.ok(
			lines.some((l) => /^\s+metrics m\.json$/.test(l)),
			text,
		);
		assert.ok(!text.includes('params.yaml:'), text);
	});

	it('keeps multi-line values on one row', () => {
		const a = exp({ id: 'a', name: 'a', params: { p: { s: 'x\ny' } } });
		const text = compareText(a, a);
		assert.ok(text.includes('x y'));
		assert.ok(text.includes('0 differences'));
	});
});

describe('watch filter', () => {
	it('translates VS Code globs', () => {
		assert.ok(globToRegExp('**/.git/objects/**').test('.git/objects/ab/cd'));
		assert.ok(globToRegExp('**/.git/objects/**').test('sub/.git/objects/ab'));
		assert.ok(globToRegExp('**/node_modules/*/**').test('node_modules/x/y'));
		assert.ok(globToRegExp('data/{a,b}?.csv').test('data/b1.csv'));
		assert.ok(!globToRegExp('data/{a,b}?.csv').test('data/c1.csv'));
		assert.ok(globToRegExp('[!x]y').test('zy'));
		assert.ok(!globToRegExp('*.tsv').test('a/b.tsv'));
	});

	it('excludes paths under a matching folder and always the DVC cache', () => {
		const f = new WatchFilter({ '**/outputs': true, '**/logs/**': false });
		assert.ok(f.isExcluded('outputs/model.pt'));
		assert.ok(f.isExcluded('a/outputs'));
		assert.ok(!f.isExcluded('logs/x'));
		assert.ok(!f.isExcluded('dvclive/metrics.json'));
		assert.ok(f.isExcluded('.dvc/cache/files/md5/ab'));
		assert.ok(isDvcCache('/repo/.dvc/cache'));
		assert.ok(!isDvcCache('/repo/.dvc/tmp/exps/run'));
	});

	it('takes files.watcherExclude per workspace folder, each folder its own globs', () => {
		const a = path.resolve('/ws/a');
		const b = path.resolve('/ws/b');
		const nested = path.join(a, 'inner');
		const settings: Record<string, Record<string, boolean>> = {
			[a]: { 'out/**': true, out: true },
			[b]: { 'logs/**': true, logs: true },
			[nested]: {},
		};
		const asked: (string | undefined)[] = [];
		const filters = new FolderWatchFilters(
			() => [a, b, nested],
			(folder) => {
				asked.push(folder);
				return folder === undefined ? { '/elsewhere/skip/**': true } : settings[folder];
			},
		);
		assert.ok(filters.isExcluded(path.join(a, 'out', 'm.json')), "a's glob, relative to a");
		assert.ok(!filters.isExcluded(path.join(a, 'logs', 'x.tsv')), "b's glob does not apply in a");
		assert.ok(filters.isExcluded(path.join(b, 'logs', 'x.tsv')));
		assert.ok(!filters.isExcluded(path.join(b, 'out', 'm.json')));
		// The innermost folder decides: inner/out is relative to inner, where nothing is excluded.
		assert.ok(!filters.isExcluded(path.join(nested, 'out', 'm.json')));
		assert.ok(filters.isExcluded(path.join(a, '.dvc', 'cache', 'x')), 'the DVC cache never');
		assert.ok(!filters.isExcluded(a), 'a folder itself is never excluded');
		// Outside every folder: the value for no particular resource, matched by absolute path.
		assert.ok(filters.isExcluded(path.resolve('/elsewhere/skip/x')));
		assert.ok(!filters.isExcluded(path.resolve('/elsewhere/keep/x')));
		assert.deepEqual(asked, [a, b, nested, undefined], 'each scope read once, with its folder');
		settings[a] = {};
		assert.ok(filters.isExcluded(path.join(a, 'out', 'm.json')), 'cached until reset');
		filters.reset();
		assert.ok(!filters.isExcluded(path.join(a, 'out', 'm.json')), 'read again after reset');
	});
});

describe('watch targets', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-watch-'));
		fs.mkdirSync(path.join(dir, 'dvclive/plots/metrics/train'), { recursive: true });
		fs.mkdirSync(path.join(dir, '.dvc/cache/files'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'dvc.yaml'), '');
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	const rel = (targets: { base: string; pattern: string }[]): string[] =>
		targets.map((t) => `${path.relative(dir, t.base) || '.'}|${t.pattern}`).sort();

	it('watches every folder of a directory, a file by name, a missing path by its first missing segment', () => {
		const targets = watchTargets(
			[path.join(dir, 'dvclive'), path.join(dir, 'dvc.yaml'), path.join(dir, '.dvc/tmp/exps/run')],
			isDvcCache,
		);
		assert.deepEqual(rel(targets), [
			'.dvc|tmp',
			'.|dvc.yaml',
			'dvclive/plots/metrics/train|*',
			'dvclive/plots/metrics|*',
			'dvclive/plots|*',
			'dvclive|*',
		]);
	});

	it('never descends into excluded folders or the DVC cache', () => {
		fs.mkdirSync(path.join(dir, 'dvclive/big/x'), { recursive: true });
		const filter = new WatchFilter({ '**/big': true });
		const targets = watchTargets([path.join(dir, 'dvclive'), path.join(dir, '.dvc/cache')], (p) =>
			filter.isExcluded(path.relative(dir, p)),
		);
		assert.ok(!rel(targets).some((t) => t.includes('big') || t.includes('cache')), rel(targets).join(', '));
		assert.ok(rel(targets).includes('dvclive|*'));
	});
});
