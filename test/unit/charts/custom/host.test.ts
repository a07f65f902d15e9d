import assert from 'node:assert/strict';
import { CustomPlotsHost } from '../../../../src/charts/custom/host';
import { SelectionModel } from '../../../../src/experiments/selection';
import { TableFilterBridge } from '../../../../src/experiments/tableFilter';
import type { ExperimentsModel, ModelChange } from '../../../../src/model/api';
import type { Experiment } from '../../../../src/model/types';
import type { CustomPlotsHostMessage, CustomPlotsSnapshot } from '../../../../src/shared/protocol';
import { Emitter } from '../../../../src/util/event';
import { exp } from '../../experiments/helpers';

function fakeModel(experiments: Experiment[]) {
	const changes = new Emitter<ModelChange>();
	const model = {
		onDidChangeExperiments: changes.event,
		getExperiments: () => experiments,
		getExperiment: (id: string) => experiments.find((e) => e.id === id),
	} as unknown as ExperimentsModel;
	return { model, changes, experiments };
}

const run = (id: string, lr: number, acc: number) =>
	exp({ id, name: id, params: { 'params.yaml': { lr } }, metrics: { 'm.json': { acc } } });

describe('custom plots host (no vscode)', () => {
	let host: CustomPlotsHost;
	let stored: Map<string, unknown>;
	let sent: CustomPlotsSnapshot[];
	let tableFilter: TableFilterBridge;
	let selection: SelectionModel;
	let world: ReturnType<typeof fakeModel>;
	let warn: (message: string) => void;
	const post = (m: CustomPlotsHostMessage) => (m.type === 'custom/snapshot' && sent.push(m.snapshot), true);
	const scatter = { id: 's', kind: 'scatter' as const, x: 'params:params.yaml:lr', y: 'metrics:m.json:acc' };

	beforeEach(() => {
		stored = new Map();
		sent = [];
		tableFilter = new TableFilterBridge();
		selection = new SelectionModel();
		world = fakeModel([run('a', 0.1, 0.8), run('b', 0.01, 0.9)]);
		const memento = {
			get: (k: string) => stored.get(k),
			update: (k: string, v: unknown) => (stored.set(k, v), Promise.resolve()),
		};
		warn = () => undefined;
		host = new CustomPlotsHost({ model: world.model, selection, tableFilter, memento, log: { warn: (m) => warn(m) } });
	});
	afterEach(() => host.dispose());

	it('answers the page with the configuration it sent and persists it in workspaceState', async () => {
		const config = { enabled: true, plots: [scatter] };
		assert.equal(host.handle({ type: 'custom/ready', config } as never, post), true);
		assert.deepEqual(stored.get('runlens.customPlots'), config);
		await host.probe.whenSnapshot(() => true);
		assert.equal(sent.length, 1);
		assert.deepEqual(
			sent[0].plots[0].points.map((p) => p.values),
			[
				[0.1, 0.8],
				[0.01, 0.9],
			],
		);
		assert.equal(sent[0].source, 'all');
		assert.equal(host.handle({ type: 'charts/setOptions' }, post), false, "the panel's own messages pass through");
	});

	it('sends brushing to the table bridge, and ignores malformed brushes with a logged reason', async () => {
		host.handle({ type: 'custom/ready', config: { enabled: true, plots: [scatter] } } as never, post);
		const brushed = new Promise((resolve) => tableFilter.onDidChangeBrush(resolve));
		host.handle(
			{ type: 'custom/brush', ranges: [{ column: 'metrics:m.json:acc', min: 0.85, max: 0.95 }] } as never,
			post,
		);
		assert.deepEqual(await brushed, [{ column: 'metrics:m.json:acc', min: 0.85, max: 0.95 }]);
		const warned = new Promise<string>((resolve) => (warn = resolve));
		host.handle({ type: 'custom/brush', ranges: [{ column: 'nope', min: 0, max: 1 }] } as never, post);
		assert.match(await warned, /brush ignored: column "nope" is not a numeric column/);
		assert.equal(tableFilter.brush.length, 1, 'a bad brush leaves the last good one');
	});

	it('updates live when experiments, the selection or the table rows change', async () => {
		host.handle({ type: 'custom/ready', config: { enabled: true, plots: [scatter] } } as never, post);
		world.experiments.push(run('c', 0.5, 0.5));
		world.changes.fire({ changed: ['c'], removed: [], structure: true });
		await host.probe.whenSnapshot((s) => s.plots[0].points.length === 3);
		tableFilter.setFilteredIds(['c']);
		let snap = await host.probe.whenSnapshot((s) => s.source === 'table');
		assert.deepEqual(
			snap.plots[0].points.map((p) => p.experimentId),
			['c'],
		);
		selection.set('a', true);
		snap = await host.probe.whenSnapshot((s) => s.source === 'selection');
		assert.deepEqual(
			snap.plots[0].points.map((p) => [p.experimentId, p.colour]),
			[['a', selection.colourOf('a')]],
		);
	});

	it('a plot added by the command while no page is open beats the stale page state of the next page', async () => {
		host.addPlot(scatter);
		assert.deepEqual(stored.get('runlens.customPlots'), { enabled: true, plots: [scatter] });
		host.handle({ type: 'custom/ready', config: { enabled: false, plots: [] } } as never, post);
		const first = await host.probe.whenSnapshot(() => true);
		assert.deepEqual(first.config, { enabled: true, plots: [scatter] });
		// From then on the page's own configuration is trusted again.
		host.handle({ type: 'custom/ready', config: { enabled: true, plots: [] } } as never, post);
		const second = await host.probe.whenSnapshot((s) => s !== first);
		assert.deepEqual(second.config, { enabled: true, plots: [] });
	});
});
