import type {
	CustomPlotConfig,
	CustomPlotsConfig,
	CustomPlotsSnapshot,
	HostToWebview,
} from '../../../src/shared/protocol';
import { assertNever, isCustomPlotsHostMessage } from '../../../src/shared/protocol';
import type { WebviewApi } from '../../shared/api';
import type { Theme } from '../../shared/theme';
import { el, onThemeChange, readTheme } from '../../shared/theme';
import { button } from './controls';
import type { BrushRange } from './geometry';
import { ParallelCard } from './parallel';
import { ScatterCard } from './scatter';
import type { CustomPageState } from './state';
import './style.css';

/**
 * The chart panel's "Custom plots" section: a toggle, "add" buttons and one card per plot. The
 * host builds every point; this page draws them, edits the configuration and reports brushing.
 */
export class CustomPlotsSection {
	readonly element = el('section', 'custom-plots');
	private readonly bar = el('div', 'custom-bar');
	private readonly grid = el('div', 'chart-grid custom-grid');
	private snapshot: CustomPlotsSnapshot | undefined;
	private cards: (ScatterCard | ParallelCard)[] = [];
	private theme: Theme = readTheme();
	private nextId = 1;

	constructor(private readonly api: WebviewApi<CustomPageState>) {
		this.element.append(this.bar, this.grid);
		api.onMessage((m) => this.onMessage(m));
		onThemeChange((theme) => {
			this.theme = theme;
			this.render();
		});
		this.renderBar(api.getState().config?.enabled ?? false);
		api.post({ type: 'custom/ready', config: api.getState().config });
	}

	private onMessage(message: HostToWebview): void {
		if (!isCustomPlotsHostMessage(message)) {
			return;
		}
		switch (message.type) {
			case 'custom/snapshot':
				this.snapshot = message.snapshot;
				this.api.setState({ config: message.snapshot.config });
				this.render();
				return;
			case 'custom/simulateBrush':
				this.cards
					.find((c): c is ParallelCard => c instanceof ParallelCard && c.data.config.id === message.plotId)
					?.simulateDrag(message.column, message.from, message.to);
				return;
			default:
				assertNever(message);
		}
	}

	private get config(): CustomPlotsConfig {
		return this.snapshot?.config ?? this.api.getState().config ?? { enabled: false, plots: [] };
	}

	private setConfig(config: CustomPlotsConfig): void {
		this.api.setState({ config });
		this.api.post({ type: 'custom/setConfig', config });
	}

	private renderBar(enabled: boolean): void {
		const toggle = button(
			enabled ? 'Hide custom plots' : 'Custom plots',
			'Scatter and parallel coordinates of params and metrics across experiments',
			() => this.setConfig({ ...this.config, enabled: !enabled }),
		);
		toggle.classList.add('custom-toggle');
		toggle.setAttribute('aria-pressed', String(enabled));
		this.bar.replaceChildren(toggle);
		if (enabled) {
			this.bar.append(
				button('Add scatter', 'Plot one column against another', () => this.add('scatter')),
				button('Add parallel coordinates', 'One line per experiment across chosen columns', () => this.add('parallel')),
				el('span', 'custom-source', this.sourceText()),
			);
		}
	}

	private sourceText(): string {
		const s = this.snapshot;
		if (!s) {
			return '';
		}
		const n = `${s.experiments} experiment${s.experiments === 1 ? '' : 's'}`;
		return { selection: `${n} ticked`, table: `${n} shown in the table`, all: `all ${n}` }[s.source];
	}

	/** New plots start on the first numeric params and metrics, so they draw something at once. */
	private add(kind: 'scatter' | 'parallel'): void {
		const columns = this.snapshot?.columns ?? [];
		const numeric = columns.filter((c) => c.kind === 'numeric');
		const param = numeric.find((c) => c.source === 'params');
		const metric = numeric.find((c) => c.source === 'metrics');
		const id = `${kind}-${Date.now().toString(36)}-${this.nextId++}`;
		const plot: CustomPlotConfig =
			kind === 'scatter'
				? {
						id,
						kind,
						...(param || numeric[0] ? { x: (param ?? numeric[0]).id } : {}),
						...(metric ? { y: metric.id } : {}),
					}
				: {
						id,
						kind,
						columns: [...numeric.filter((c) => c.source === 'params').slice(0, 4), ...(metric ? [metric] : [])].map(
							(c) => c.id,
						),
					};
		this.setConfig({ ...this.config, enabled: true, plots: [...this.config.plots, plot] });
	}

	private replace(plot: CustomPlotConfig | undefined, id: string): void {
		const plots = this.config.plots.flatMap((p) => (p.id !== id ? [p] : plot ? [plot] : []));
		this.setConfig({ ...this.config, plots });
	}

	private brush(ranges: BrushRange[]): void {
		// Drawn at once; the host's next snapshot carries the same ranges back from the table bridge.
		this.cards.forEach((c) => c instanceof ParallelCard && c.setRanges(ranges));
		this.api.post({ type: 'custom/brush', ranges });
	}

	private render(): void {
		const snapshot = this.snapshot;
		this.cards.forEach((c) => c.destroy());
		this.cards = [];
		this.grid.replaceChildren();
		this.renderBar(snapshot?.config.enabled ?? false);
		if (snapshot?.config.enabled) {
			this.renderCards(snapshot);
		}
		this.api.post({
			type: 'custom/rendered',
			plots: this.cards.map((c) => ({ id: c.data.config.id, kind: c.data.config.kind, points: c.pointsDrawn() })),
		});
	}

	private renderCards(snapshot: CustomPlotsSnapshot): void {
		if (snapshot.columns.length === 0) {
			this.grid.append(el('div', 'custom-hint', 'No experiment has params or metrics yet.'));
		} else if (snapshot.plots.length === 0) {
			this.grid.append(
				el(
					'div',
					'custom-hint',
					'Add a scatter or parallel-coordinates plot to compare experiments by their params and metrics.',
				),
			);
		}
		for (const data of snapshot.plots) {
			const events = {
				onRemove: () => this.replace(undefined, data.config.id),
				onChange: (c: CustomPlotConfig) => this.replace(c, data.config.id),
			};
			const card =
				data.config.kind === 'scatter'
					? new ScatterCard({ ...data, config: data.config }, snapshot.columns, this.theme, events)
					: new ParallelCard({ ...data, config: data.config }, snapshot.columns, [...snapshot.brush], this.theme, {
							...events,
							onBrush: (r) => this.brush(r),
						});
			this.cards.push(card);
			this.grid.append(card.element);
			card.draw();
		}
	}
}
