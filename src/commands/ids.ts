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
	applyExperiment: 'runlens.applyExperiment',
	branchFromExperiment: 'runlens.createBranchFromExperiment',
	renameExperiment: 'runlens.renameExperiment',
	removeExperiments: 'runlens.removeExperiments',
	pushExperiments: 'runlens.pushExperiments',
	pullExperiments: 'runlens.pullExperiments',
	teamRefresh: 'runlens.team.refresh',
	teamPlot: 'runlens.team.plot',
	teamCompare: 'runlens.team.compare',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
