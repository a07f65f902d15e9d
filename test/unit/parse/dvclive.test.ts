import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { md5OfBytes, md5OfBytesDos2Unix, md5OfFile, mimeOf } from '../../../src/model/parse/artifactInfo';
import {
	experimentStatusOf,
	imageRefFromPath,
	isDvcLiveDir,
	metricNameFromSeriesPath,
	parseExecutorInfo,
	parseSignalFile,
} from '../../../src/model/parse/dvclive';
import { parseEventsJsonl } from '../../../src/model/parse/events';

describe('DVCLive layout helpers', () => {
	it('derives metric and image names', () => {
		assert.equal(metricNameFromSeriesPath('train/loss.tsv'), 'train/loss');
		assert.equal(metricNameFromSeriesPath('system/cpu/usage (%).tsv'), 'system/cpu/usage (%)');
		assert.deepEqual(imageRefFromPath('samples/3.png'), { name: 'samples/3.png', group: 'samples', step: 3 });
		assert.deepEqual(imageRefFromPath('cm.png'), { name: 'cm.png' });
	});

	it('recognises a DVCLive dir', () => {
		assert.equal(isDvcLiveDir(['metrics.json', 'plots/metrics/loss.tsv']), true);
		assert.equal(isDvcLiveDir(['metrics.json', 'report.html']), false);
	});

	it('parses the signal files DVCLive writes', () => {
		assert.deepEqual(parseSignalFile('{"exp_name": "azure-bump", "pid": 12}'), {
			ok: true,
			value: { kind: 'only', expName: 'azure-bump', pid: 12 },
		});
		assert.deepEqual(parseSignalFile('{"pid": 12, "step": 3}'), {
			ok: true,
			value: { kind: 'step', step: 3, pid: 12 },
		});
		assert.equal(parseSignalFile('{"pid": "x"}').ok, false);
	});

	it('parses executor info files like ExecutorInfo.from_dict', () => {
		const base = {
			git_url: 'file:///r',
			baseline_rev: 'a'.repeat(40),
			location: 'workspace',
			root_dir: '/r',
			dvc_dir: '.dvc',
			name: 'exp',
			status: 2,
		};
		const r = parseExecutorInfo(JSON.stringify(base));
		assert.ok(r.ok && r.value.status === 'RUNNING' && r.value.name === 'exp');
		const c = parseExecutorInfo(JSON.stringify({ ...base, collected: true }));
		assert.ok(c.ok && c.value.status === 'FINISHED');
		assert.equal(experimentStatusOf('FAILED'), 'failed');
		assert.equal(parseExecutorInfo('{"status": 9}').ok, false);
	});
});

describe('parseEventsJsonl', () => {
	it('reads events, reports bad lines, ignores blank and half-written lines', () => {
		const text =
			'{"name":"start","wallclock":1717171717171,"step":0}\n\nnot json\n{"step":1}\n{"name":"x","metadata":{"a":1},"source":"s"}\n{"name":"partial"';
		const r = parseEventsJsonl(text, 'dvclive/events.jsonl');
		assert.deepEqual(
			r.events.map((e) => e.name),
			['start', 'x'],
		);
		assert.deepEqual(r.events[1], { name: 'x', origin: 'file', source: 's', metadata: { a: 1 } });
		assert.deepEqual(
			r.errors.map((e) => e.line),
			[3, 4],
		);
		assert.equal(r.consumedChars, text.lastIndexOf('\n') + 1);
		assert.equal(parseEventsJsonl(text, 'f', { complete: true }).errors.length, 3);
	});
});

describe('artifact info', () => {
	it('hashes like DVC 3 (plain md5) and legacy dos2unix', async () => {
		const bytes = new TextEncoder().encode('a\r\nb\r\n');
		assert.equal(md5OfBytes(new Uint8Array()), 'd41d8cd98f00b204e9800998ecf8427e');
		assert.equal(md5OfBytesDos2Unix(bytes), md5OfBytes(new TextEncoder().encode('a\nb\n')));
		const dir = mkdtempSync(path.join(tmpdir(), 'runlens-md5-'));
		writeFileSync(path.join(dir, 'f.bin'), bytes);
		assert.equal(await md5OfFile(path.join(dir, 'f.bin')), md5OfBytes(bytes));
	});

	it('knows common ML artifact types', () => {
		assert.equal(mimeOf('models/net.ONNX'), 'application/onnx');
		assert.equal(mimeOf('m.safetensors'), 'application/x-safetensors');
		assert.equal(mimeOf('noext'), 'application/octet-stream');
	});
});
