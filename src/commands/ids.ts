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
	showTable: 'runlens.showTable',
	tableCopySha: 'runlens.table.copySha',
	tableCopyName: 'runlens.table.copyName',
	tableCopyCell: 'runlens.table.copyCell',
	tableExportCsv: 'runlens.table.exportCsv',
	tableExportMarkdown: 'runlens.table.exportMarkdown',
	addCustomPlot: 'runlens.addCustomPlot',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
