/**
 * Every command Runlens contributes, in one table. A unit test checks it against
 * `contributes.commands` in package.json both ways, so neither can drift.
 */
export const CommandIds = {
	refresh: 'runlens.refresh',
	showCharts: 'runlens.showCharts',
	showExamples: 'runlens.showExamples',
	selectForCharts: 'runlens.experiments.toggleSelection',
	selectExperiments: 'runlens.selectExperiments',
	filter: 'runlens.filterExperiments',
	clearFilter: 'runlens.experiments.clearFilter',
	toggleStar: 'runlens.experiments.toggleStar',
	toggleOnlyRunning: 'runlens.experiments.toggleOnlyRunning',
	copyValue: 'runlens.copyValue',
	openFile: 'runlens.openFileAtRevision',
	revealInExplorer: 'runlens.experiments.revealInExplorer',
	compare: 'runlens.compareExperiments',
	filterEvents: 'runlens.experiments.filterEvents',
	pushToStudio: 'runlens.pushToStudio',
	openArtifact: 'runlens.artifacts.open',
	revealArtifact: 'runlens.revealArtifact',
	copyArtifactPath: 'runlens.artifacts.copyPath',
	copyArtifactChecksum: 'runlens.artifacts.copyChecksum',
	studioSetToken: 'runlens.studio.setToken',
	studioSignIn: 'runlens.studio.signIn',
	studioSignOut: 'runlens.studio.signOut',
	showOutput: 'runlens.showOutput',
	dvcRun: 'runlens.dvc.run',
	dvcQueue: 'runlens.dvc.queue',
	dvcModifyAndRun: 'runlens.dvc.modifyAndRun',
	dvcModifyAndQueue: 'runlens.dvc.modifyAndQueue',
	dvcQueueStart: 'runlens.dvc.queueStart',
	dvcQueueStop: 'runlens.dvc.queueStop',
	dvcStop: 'runlens.dvc.stop',
	dvcShowLogs: 'runlens.dvc.showLogs',
	dvcSetup: 'runlens.dvc.setup',
	dvcPull: 'runlens.dvc.pull',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
