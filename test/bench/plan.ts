/** Sizes and run counts of `npm run bench` (full) and `npm run bench -- --quick`. */
export interface Plan {
	quick: boolean;
	/** Runs per figure (median, min, max); the heavy sections have their own counts. */
	runs: number;
	experiments: number[];
	/** Experiment counts at which `dvc exp show` is timed too (slow: seconds per run). */
	dvcExperiments: number[];
	dvcRuns: number;
	tsvRows: number[];
	memoryRows: number;
	memoryRuns: number;
	liveSamples: number;
	liveChartPoints: number;
	chartPoints: number[];
	chartRuns: number;
	sortRows: number[];
	outboxStreams: number[];
	outboxRuns: number;
	/** Events held in the outbox (Studio paused) for the memory figure. */
	outboxQueuedEvents: number;
	/**
	 * Running experiments each sending `outboxWaitSteps` data events, one per `outboxWaitIntervalMs`
	 * (100 ms: the model's watcher debounce, so live push never enqueues faster per experiment).
	 */
	outboxWaitStreams: number;
	outboxWaitSteps: number;
	outboxWaitIntervalMs: number;
	/** Timed code-server starts per repo of the startup section (after one untimed start). */
	startupRuns: number;
	/** Experiments of the startup section's large repo (the small one is make_repo.py --kind startup). */
	startupLargeExperiments: number;
	/** Appends timed in the real extension host at 10 rows/s (sidebar section). */
	sidebarSamples: number;
	/** Seconds of each extension-host CPU window (run writing 10 rows/s, then no run). */
	sidebarCpuSeconds: number;
	/** Experiments on the bare remote of the team section (5 teammates), and runs per figure. */
	teamExperiments: number;
	teamRuns: number;
	/** Custom plots snapshot over experiments x columns (issue 11's table size), runs per figure. */
	customExperiments: number;
	customColumns: number;
	customRuns: number;
	/** Event-loop blocks: projects of the first scan (every `eventLoopHostileEvery`-th large/hostile), series rows. */
	eventLoopProjects: number;
	eventLoopHostileEvery: number;
	eventLoopSeriesRows: number;
	/** Experiments table: rows x columns in the page benchmark. */
	tableExperiments: number;
	tableColumns: number;
}

export const FULL: Plan = {
	quick: false,
	runs: 5,
	experiments: [20, 50, 100, 200],
	dvcExperiments: [20, 50, 100, 200],
	dvcRuns: 3,
	tsvRows: [100_000, 1_000_000, 3_000_000],
	memoryRows: 10_000_000,
	memoryRuns: 3,
	liveSamples: 40,
	liveChartPoints: 100_000,
	chartPoints: [10_000, 100_000, 300_000, 1_000_000],
	chartRuns: 3,
	sortRows: [100_000, 1_000_000],
	outboxStreams: [100, 1_000],
	outboxRuns: 3,
	outboxQueuedEvents: 100_000,
	outboxWaitStreams: 10,
	outboxWaitSteps: 50,
	outboxWaitIntervalMs: 100,
	startupRuns: 5,
	startupLargeExperiments: 200,
	sidebarSamples: 60,
	sidebarCpuSeconds: 20,
	teamExperiments: 1_000,
	teamRuns: 5,
	customExperiments: 10_000,
	customColumns: 200,
	customRuns: 5,
	eventLoopProjects: 24,
	eventLoopHostileEvery: 6,
	eventLoopSeriesRows: 5_000_000,
	tableExperiments: 10_000,
	tableColumns: 200,
};

export const QUICK: Plan = {
	quick: true,
	runs: 3,
	experiments: [20, 50],
	dvcExperiments: [20],
	dvcRuns: 2,
	tsvRows: [100_000, 300_000],
	memoryRows: 1_000_000,
	memoryRuns: 2,
	liveSamples: 10,
	liveChartPoints: 10_000,
	chartPoints: [10_000, 100_000],
	chartRuns: 2,
	sortRows: [100_000],
	outboxStreams: [100],
	outboxRuns: 2,
	outboxQueuedEvents: 100_000,
	outboxWaitStreams: 5,
	outboxWaitSteps: 30,
	outboxWaitIntervalMs: 100,
	startupRuns: 2,
	startupLargeExperiments: 200,
	sidebarSamples: 40,
	sidebarCpuSeconds: 10,
	teamExperiments: 1_000,
	teamRuns: 3,
	customExperiments: 10_000,
	customColumns: 200,
	customRuns: 2,
	eventLoopProjects: 8,
	eventLoopHostileEvery: 4,
	eventLoopSeriesRows: 1_000_000,
	tableExperiments: 10_000,
	tableColumns: 200,
};
