/**
 * The one typed host <-> webview protocol, shared by `src/` (extension host) and `webview/` (browser).
 * No `vscode` and no DOM here. Each direction is a discriminated union on `type`, scoped by feature
 * (`charts/...`, later `examples/...`); messages that need a reply carry a `requestId` that the reply
 * echoes. Both sides handle messages with a `switch` ending in `assertNever`.
 *
 * To add a feature: add a `<Feature>HostMessage` / `<Feature>WebviewMessage` union in its own section
 * and extend `HostToWebview` / `WebviewToHost` at the bottom.
 */

export function assertNever(value: never, what = 'message'): never {
	throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}

/** Shared by every webview: sent once the page has loaded and listens for messages. */
export interface ReadyMessage {
	type: 'ready';
	/** The page's persisted UI state (from `getState`), so the host can answer with matching data. */
	state?: unknown;
}

// ───────────────────────────── charts ─────────────────────────────

/** `step`, `relative` (seconds since the run's first row), `wall` (ms since epoch) or another column name. */
export type XAxis = string;

export interface ChartsViewOptions {
	xAxis: XAxis;
	/** TensorBoard debiased EMA weight, 0 to 0.999. */
	smoothing: number;
	/** Per-chart x axes chosen in a chart's header (chart id -> axis); beats a group's `xUnit` and `xAxis`. */
	chartX?: Record<string, XAxis>;
	/** Several metrics in one chart: lists of metric names drawn together (see src/charts/compose.ts). */
	compose?: string[][];
}

/** Per-group axis settings (setting `runlens.charts.axes`, dvc.yaml plot props). */
export interface AxisSettings {
	xLabel?: string;
	yLabel?: string;
	yMin?: number;
	yMax?: number;
	yScale?: 'linear' | 'logarithmic';
}

/** One line: one experiment's values of one metric, possibly sampled by the host. */
export interface LineSeries {
	/** `${experimentId}::${seriesId}`: stable key for appends and range replies. */
	key: string;
	experimentId: string;
	label: string;
	colour: string;
	x: number[];
	y: number[];
	/** Smoothed y at the same x (computed on the full-resolution series); absent when smoothing is 0. */
	smoothed?: number[];
	/** Finite points of the whole series before sampling. */
	total: number;
	/** True when `x`/`y` hold fewer points than the series has in the requested range. */
	sampled: boolean;
	/** `y1`: drawn against the right y axis (a composed chart's metric in another unit). */
	yAxis?: 'y1';
	/** A composed chart's metric position (0 first): later metrics draw dashed, so a run's lines differ. */
	metricIndex?: number;
}

/** A vertical marker for a run event (events.jsonl or observed lifecycle). */
export interface EventMarker {
	x: number;
	name: string;
	colour: string;
	experimentId: string;
	/** Pre-formatted `key: value` lines for the tooltip; always rendered as text. */
	detail: string[];
}

export interface LineChart {
	id: string;
	/** `train`, `eval`, `system` or `other`. */
	group: string;
	title: string;
	xLabel: string;
	/** The x axis the chart's lines use (per-chart choice, group `xUnit` or the panel's). */
	xAxis?: XAxis;
	/** X axes offered in the chart's own select: step, relative, wall, then its series' numeric columns. */
	xAxes?: XAxis[];
	/** The chart's own x choice, when one is set (absent: the panel default). */
	xChoice?: XAxis;
	axes: AxisSettings;
	/** 5th and 95th percentile of all finite raw values (for "ignore outliers"). */
	outlierBounds?: [number, number];
	/** Full x extent of the chart's data (for reset zoom and range requests). */
	xExtent?: [number, number];
	series: LineSeries[];
	events: EventMarker[];
	/** Why the chart is not drawn (or not wholly) on the x axis asked for, shown in its card. */
	note?: string;
	/** A composed chart: the metrics it draws (absent: the one metric of `id`). */
	metrics?: string[];
	/** A composed chart's right y axis title (the other metrics' units). */
	y1Label?: string;
}

export type PlotKind = 'line' | 'scatter' | 'bar' | 'confusion';

/** Data of one dvc.yaml plot definition across the selected revisions. */
export interface PlotChart {
	id: string;
	kind: PlotKind;
	title: string;
	xLabel: string;
	yLabel: string;
	/** bar_horizontal_sorted: categories sorted by value. */
	sorted?: boolean;
	/** line/scatter/bar: one entry per (revision, y field). For bar: x holds values, categories the labels. */
	series: { label: string; colour: string; x: number[]; y: number[]; categories?: string[] }[];
	/** confusion: one matrix per revision. */
	matrices?: { label: string; colour: string; classes: string[]; counts: number[][]; normalized: boolean }[];
	errors: string[];
}

export interface ImageGroup {
	experimentId: string;
	experimentLabel: string;
	colour: string;
	/** Folder name for `name/{step}.png` groups, else the image name. */
	name: string;
	/** Sorted by step; a single entry (no step) for plain images. */
	images: { file: string; step?: number }[];
}

export interface ChartsSnapshot {
	options: ChartsViewOptions;
	/** X axes offered in the select: step, relative, wall, then other numeric columns found. */
	xAxes: XAxis[];
	experiments: { id: string; label: string; colour: string }[];
	charts: LineChart[];
	plots: PlotChart[];
	images: ImageGroup[];
	/** Target points per series used by the host (about one bucket per pixel). */
	pointBudget: number;
	/** Default of the "ignore outliers" toggle (setting `runlens.charts.ignoreOutliers`). */
	ignoreOutliers: boolean;
}

export type ChartsHostMessage =
	| { type: 'charts/snapshot'; snapshot: ChartsSnapshot }
	| {
			type: 'charts/append';
			/** New points of live series; `smoothed` continues the host's EMA. */
			appends: { chartId: string; key: string; x: number[]; y: number[]; smoothed?: number[]; total: number }[];
	  }
	| { type: 'charts/range'; requestId: number; chartId: string; x0: number; x1: number; series: LineSeries[] }
	/** Reply to `charts/setChartX`: the chart rebuilt with its new x axis. */
	| { type: 'charts/chart'; requestId: number; chart: LineChart }
	| { type: 'charts/image'; requestId: number; file: string; dataUrl?: string; error?: string }
	| { type: 'charts/exported'; requestId: number; ok: boolean; message: string };

export type ChartsWebviewMessage =
	| { type: 'charts/setOptions'; options: Partial<ChartsViewOptions> }
	| { type: 'charts/requestRange'; requestId: number; chartId: string; x0: number; x1: number; pixels: number }
	/** A chart's own x axis; `xAxis` absent returns the chart to the panel default. */
	| { type: 'charts/setChartX'; requestId: number; chartId: string; xAxis?: XAxis }
	| { type: 'charts/requestImage'; requestId: number; experimentId: string; file: string }
	| { type: 'charts/exportPng'; requestId: number; chartId: string; title: string; dataUrl: string }
	| { type: 'charts/exportCsv'; requestId: number; chartId: string; title: string }
	/** Test/diagnostic report after each full render: chart count and lines per chart. */
	| { type: 'charts/rendered'; charts: { id: string; lines: number; points: number }[] };

/** Everything the chart panel's host side receives. */
export type ChartsInbound = ReadyMessage | ChartsWebviewMessage;

export function isChartsInbound(message: { type: string }): message is ChartsInbound {
	return message.type === 'ready' || message.type.startsWith('charts/');
}

export function isChartsHostMessage(message: { type: string }): message is ChartsHostMessage {
	return message.type.startsWith('charts/');
}

// ───────────────────────────── custom plots (charts panel, owned by the plots engineer) ─────────────────────────────

/** `params:<file>:<key>` or `metrics:<file>:<key>`, as the experiments table names its columns. */
export type CustomColumnId = string;

export interface CustomColumn {
	id: CustomColumnId;
	source: 'params' | 'metrics';
	file: string;
	key: string;
	/** Numeric when every present value is a number; anything else (strings, booleans, lists) is categorical. */
	kind: 'numeric' | 'categorical';
}

export type CustomPlotConfig =
	| { id: string; kind: 'scatter'; x?: CustomColumnId; y?: CustomColumnId; logX?: boolean; logY?: boolean }
	| { id: string; kind: 'parallel'; columns: CustomColumnId[] };

export interface CustomPlotsConfig {
	/** The "Custom plots" section is shown. */
	enabled: boolean;
	plots: CustomPlotConfig[];
}

/** One plotted axis. Categorical values travel as indexes into `categories`. */
export interface CustomAxis {
	column: CustomColumnId;
	kind: 'numeric' | 'categorical';
	min: number;
	max: number;
	categories?: string[];
}

export interface CustomPoint {
	experimentId: string;
	label: string;
	/** The run's selection colour; absent: not selected, drawn in a neutral colour. */
	colour?: string;
	/** Per axis: the number drawn (category index for categorical axes) and the value as text. */
	values: number[];
	texts: string[];
}

export interface CustomPlotData {
	config: CustomPlotConfig;
	/** Scatter: [x, y]; parallel: one per chosen column that exists. */
	axes: CustomAxis[];
	points: CustomPoint[];
	/** Experiments left out because a value was missing (or not finite, or ≤ 0 on a log axis). */
	excluded: number;
}

export interface CustomPlotsSnapshot {
	config: CustomPlotsConfig;
	/** Where the experiments come from: the shared selection, the table's filtered rows, or all. */
	source: 'selection' | 'table' | 'all';
	experiments: number;
	columns: CustomColumn[];
	plots: CustomPlotData[];
	/** The brush as the table holds it (it may remove ranges through its chips). */
	brush: { column: CustomColumnId; min: number; max: number }[];
}

export type CustomPlotsHostMessage =
	| { type: 'custom/snapshot'; snapshot: CustomPlotsSnapshot }
	/**
	 * For the integration tier, which cannot reach into the webview: the page drags on its own
	 * canvas (pointer events through its real handlers) from `from` to `to` on `column`'s axis.
	 */
	| { type: 'custom/simulateBrush'; plotId: string; column: CustomColumnId; from: number; to: number };

export type CustomPlotsWebviewMessage =
	/** Sent by the section once loaded, with the configuration the page state holds (if any). */
	| { type: 'custom/ready'; config?: CustomPlotsConfig }
	| { type: 'custom/setConfig'; config: CustomPlotsConfig }
	/** Parallel-coordinates brushing: every active range (an empty list clears). */
	| { type: 'custom/brush'; ranges: { column: CustomColumnId; min: number; max: number }[] }
	/** Test/diagnostic report after each render: points drawn per plot. */
	| { type: 'custom/rendered'; plots: { id: string; kind: 'scatter' | 'parallel'; points: number }[] };

export function isCustomPlotsInbound(message: { type: string }): message is CustomPlotsWebviewMessage {
	return message.type.startsWith('custom/');
}

export function isCustomPlotsHostMessage(message: { type: string }): message is CustomPlotsHostMessage {
	return message.type.startsWith('custom/');
}

// ───────────────────────────── end of custom plots ─────────────────────────────

// ───────────────────────────── examples (owned by the examples engineer) ─────────────────────────────

export type ExamplesCell = string | number | boolean | null;

export interface ExamplesColumn {
	id: string;
	name: string;
	kind: 'num' | 'str';
	/** `foreign`: dataset column; `a`/`b`: metrics of the first/second experiment; `delta`: b − a. */
	source: 'id' | 'foreign' | 'a' | 'b' | 'delta';
	/** Cells are image paths: rows carry a webview URI in `thumbs` for them. */
	image?: boolean;
}

/** Everything but the rows: sent on open and after every sort/filter/step change. */
export interface ExamplesSnapshot {
	title: string;
	/** One entry, or two (A then B) when a delta is shown. */
	experiments: { label: string; colour: string; table: string }[];
	columns: ExamplesColumn[];
	/** Distinct values of the step/epoch column, ascending; empty when the table has none. */
	steps: number[];
	stepColumn?: string;
	step?: number;
	/** Rows after filtering. */
	total: number;
	sort?: { column: string; descending: boolean };
	filter: { global: string; columns: Record<string, string> };
	filterError?: string;
	/** Validation errors of the tables (with row numbers), shown above the grid. */
	errors: string[];
	/** Bumped on every snapshot so late row replies of an older view are dropped. */
	version: number;
}

export interface ExamplesRow {
	/** Position in the sorted, filtered view. */
	index: number;
	exampleId: number;
	cells: ExamplesCell[];
	/** column index -> webview URI of the image at that cell. */
	thumbs?: Record<number, string>;
}

export type ExamplesHostMessage =
	| { type: 'examples/snapshot'; snapshot: ExamplesSnapshot }
	| { type: 'examples/rows'; requestId: number; version: number; start: number; total: number; rows: ExamplesRow[] };

export type ExamplesWebviewMessage =
	| { type: 'examples/requestRows'; requestId: number; version: number; start: number; count: number }
	| { type: 'examples/setSort'; column?: string; descending: boolean }
	| { type: 'examples/setFilter'; global: string; columns?: Record<string, string> }
	| { type: 'examples/setStep'; step: number }
	| { type: 'examples/reveal'; index: number; column?: string };

/**
 * The examples panel's own directions. Kept out of HostToWebview/WebviewToHost for now: the charts
 * panel's exhaustive switch over WebviewToHost would otherwise have to name examples messages.
 */
export type ExamplesToWebview = ExamplesHostMessage;
export type ExamplesFromWebview = ReadyMessage | ExamplesWebviewMessage;

// ───────────────────────────── end of examples ─────────────────────────────

// ───────────────────────────── all features ─────────────────────────────

// Every panel narrows these with its own guard (`isChartsInbound`, `isChartsHostMessage`) before its
// exhaustive switch, so adding a feature here never breaks another feature's switch.
export type HostToWebview = ChartsHostMessage | ExamplesHostMessage | CustomPlotsHostMessage;
export type WebviewToHost = ReadyMessage | ChartsWebviewMessage | ExamplesWebviewMessage | CustomPlotsWebviewMessage;

/** Narrowing helper for untrusted input arriving through `onDidReceiveMessage` / `message` events. */
export function isMessage(value: unknown): value is { type: string } {
	return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
