import * as assert from 'node:assert/strict';
import { collectRevision } from '../../../src/model/collect';
import { isIgnored, parseDvcIgnore } from '../../../src/model/dvcIgnore';
import { WorkspaceSource } from '../../../src/model/fileSource';
import { cleanup, tempDir, write } from '../git/repoHelpers';

describe('.dvcignore', () => {
	const dirs: string[] = [];
	after(() => cleanup(...dirs));

	it('matches gitignore-style patterns, directories and re-inclusion', () => {
		const rules = parseDvcIgnore('# comment\n\nskip/\n/top.json\n*.tmp\ndata/**/raw\n!keep.tmp\n');
		assert.equal(isIgnored(rules, 'skip/dvc.yaml'), true);
		assert.equal(isIgnored(rules, 'a/skip/dvc.yaml'), true);
		assert.equal(isIgnored(rules, 'skip'), false);
		assert.equal(isIgnored(rules, 'top.json'), true);
		assert.equal(isIgnored(rules, 'a/top.json'), false);
		assert.equal(isIgnored(rules, 'x/y.tmp'), true);
		assert.equal(isIgnored(rules, 'x/keep.tmp'), false);
		assert.equal(isIgnored(rules, 'data/raw/f.json'), true);
		assert.equal(isIgnored(rules, 'data/a/b/raw/f.json'), true);
		assert.equal(isIgnored(rules, 'data/rawx/f.json'), false);
	});

	// Same layout as a repo checked by hand with dvc 3.67.1: exp show gives only mdir/keep.json and sub/m.json.
	it('hides ignored dvc.yaml files and ignored files of metric directories, as dvc exp show does', async () => {
		const dir = tempDir();
		dirs.push(dir);
		write(dir, '.dvc/config', '');
		write(dir, '.dvcignore', '# c\nskip/\nmdir/drop*\n');
		write(dir, 'dvc.yaml', 'metrics:\n- mdir\n');
		write(dir, 'mdir/keep.json', '{"c": 3}');
		write(dir, 'mdir/drop.json', '{"d": 4}');
		write(dir, 'sub/dvc.yaml', 'metrics:\n- m.json\n');
		write(dir, 'sub/m.json', '{"a": 1}');
		write(dir, 'skip/deep/dvc.yaml', 'metrics:\n- m.json\n');
		write(dir, 'skip/deep/m.json', '{"b": 2}');
		const data = await collectRevision(new WorkspaceSource(dir), { kind: 'dvc' });
		assert.deepEqual(data.metrics, { 'mdir/keep.json': { c: 3 }, 'sub/m.json': { a: 1 } });
		assert.deepEqual(data.dvcYamlFiles.sort(), ['dvc.yaml', 'sub/dvc.yaml']);
	});
});
