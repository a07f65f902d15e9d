/**
 * VS Code glue for Studio push: token commands (SecretStorage only), device sign-in, the push
 * command, the outbox in global storage, live push and a status bar item.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ExperimentsModel } from '../model/api';
import { RunlensConfig } from '../vscode/config';
import type { CommandSink } from '../vscode/lazyFeature';
import type { StudioConfig } from './config';
import { dvcConfigFiles, inferRepoUrl, isValidTokenFormat, readDvcStudioSection, resolveStudioConfig } from './config';
import { deviceLogin } from './deviceLogin';
import { metaOf } from './events';
import type { PushRecorder, PushResult } from './livePush';
import { LivePush, recordingSender } from './livePush';
import { registerPushCommand } from './pushCommand';
import type { ExperimentResolver } from '../experiments/resolve';
import type { OutboxState } from './outbox';
import { Outbox } from './outbox';
import { createStudioSender } from './sender';
import { StudioStatus } from './status';

const SECRET_KEY = 'runlens.studio.token';

export interface StudioDeps {
	context: vscode.ExtensionContext;
	model: ExperimentsModel;
	log: vscode.LogOutputChannel;
	isTrusted: () => boolean;
	/** The LifecycleRecorder: every push outcome is recorded as a `studio push` event. */
	lifecycle?: PushRecorder;
	/** Which experiment a command means (menu arguments, else a quick pick). */
	resolver: ExperimentResolver;
}

export interface StudioRegistration extends vscode.Disposable {
	readonly outbox: Outbox;
	state(): OutboxState;
	pushExperiment(id: string): PushResult;
	/** For deactivate: flush for up to `timeoutMs`, persist the rest. */
	close(timeoutMs?: number): Promise<void>;
}

export function registerStudio(deps: StudioDeps, commands: CommandSink): StudioRegistration {
	const { context, model, log, lifecycle } = deps;
	const settings = new RunlensConfig();
	let token: string | undefined;
	const loadToken = async () => (token = (await context.secrets.get(SECRET_KEY)) || undefined);
	void loadToken();

	const getConfig = (experimentId: string, repoUrl?: string): StudioConfig =>
		studioConfigFor(model, experimentId, settings, token, repoUrl);
	const outbox = new Outbox({
		dir: path.join(context.globalStorageUri.fsPath, 'studio-outbox'),
		sender: lifecycle
			? recordingSender(createStudioSender({ model, getConfig }), lifecycle)
			: createStudioSender({ model, getConfig }),
		onWarning: (message) => log.warn(`Studio: ${message}`),
		onRetry: (delay, message) => log.info(`Studio: ${message}; retrying in ${Math.round(delay / 100) / 10} s`),
		onAuthError: (message) => void promptSignIn(message),
		onDrop: (event, dropped) =>
			log.warn(
				`Studio: the outbox is full (${settings.studioOutboxMaxEvents} events): dropped a data event of ` +
					`${event.meta.name} (step ${event.step ?? 0}; its rows go with the next one), ${dropped} dropped so far`,
			),
		maxEvents: settings.studioOutboxMaxEvents,
		overflow: settings.studioOutboxOverflow,
	});
	const live = new LivePush({
		model,
		outbox,
		isLiveEnabled: () => deps.isTrusted() && settings.studioLivePush && !settings.studioOffline,
		metaOf: (exp) => {
			const config = getConfig(exp.id);
			if (!config.configured) {
				return notConfiguredMessage(config.reason);
			}
			return metaOf(
				exp,
				model.getProjects().find((p) => p.id === exp.projectId),
				config.repoUrl,
			);
		},
		onWarning: (message) => log.warn(`Studio: ${message}`),
	});
	const status = new StudioStatus(
		outbox,
		() => token !== undefined,
		(id) => model.getExperiment(id)?.name,
	);
	/** Manual pushes whose `done` has not been accepted yet: then Studio's link (if any) is offered. */
	const manualPushes = new Set<string>();

	const pushExperiment = (id: string): PushResult => {
		if (!deps.isTrusted()) {
			return { ok: false, message: 'Runlens never pushes to DVC Studio from an untrusted workspace.' };
		}
		return live.pushExperiment(id);
	};

	const setToken = async (value: string | undefined) => {
		if (value) {
			await context.secrets.store(SECRET_KEY, value);
		} else {
			await context.secrets.delete(SECRET_KEY);
		}
		token = value;
		status.update();
		if (value) {
			outbox.resumeAuth();
		}
	};

	async function promptSignIn(message: string): Promise<void> {
		log.warn(`Studio: ${message}`);
		const choice = await vscode.window.showErrorMessage(
			`DVC Studio refused the token (${message}).`,
			'Sign In',
			'Set Token',
		);
		if (choice === 'Sign In') {
			await vscode.commands.executeCommand(CommandIds.studioSignIn);
		} else if (choice === 'Set Token') {
			await vscode.commands.executeCommand(CommandIds.studioSetToken);
		}
	}

	const disposables: vscode.Disposable[] = [
		settings,
		settings.onDidChange((change) => {
			if (change.affects('studio.outbox.maxEvents') || change.affects('studio.outbox.overflow')) {
				outbox.setLimits({ maxEvents: settings.studioOutboxMaxEvents, overflow: settings.studioOutboxOverflow });
				status.update();
			}
		}),
		outbox.onDidDeliver(({ event, link }) => {
			if (event.kind === 'done' && manualPushes.delete(event.stream) && link !== undefined) {
				void offerLink(event.meta.name, link);
			}
		}),
		live,
		status,
		context.secrets.onDidChange((e) => e.key === SECRET_KEY && void loadToken().then(() => status.update())),
		commands.register(CommandIds.studioSetToken, () => askForToken(setToken)),
		commands.register(CommandIds.studioSignIn, () => signIn(settings, setToken, log)),
		commands.register(CommandIds.studioSignOut, async () => {
			await setToken(undefined);
			void vscode.window.showInformationMessage('Signed out of DVC Studio: the token was removed.');
		}),
		registerPushCommand(commands, {
			resolver: deps.resolver,
			isTrusted: deps.isTrusted,
			configFor: async (id) => (await loadToken(), getConfig(id)),
			push: pushExperiment,
			log,
			onQueued: (id) => manualPushes.add(id),
			...(lifecycle ? { lifecycle } : {}),
		}),
	];

	let closed = false;
	const close = async (timeoutMs = 3000) => {
		if (!closed) {
			closed = true;
			vscode.Disposable.from(...disposables).dispose();
			await outbox.flushAndClose(timeoutMs);
		}
	};
	return { outbox, state: () => outbox.getState(), pushExperiment, close, dispose: () => void close() };
}

async function offerLink(name: string, link: string): Promise<void> {
	const choice = await vscode.window.showInformationMessage(`${name} was pushed to DVC Studio.`, 'Open in Studio');
	if (choice === 'Open in Studio') {
		await vscode.env.openExternal(vscode.Uri.parse(link));
	}
}

function studioConfigFor(
	model: ExperimentsModel,
	experimentId: string,
	settings: RunlensConfig,
	token: string | undefined,
	/** A queued event's repo URL: resolved with the precedence below when it was queued, so it stands at send. */
	repoUrl?: string,
) {
	const projectId = model.getExperiment(experimentId)?.projectId;
	const project = model.getProjects().find((p) => p.id === projectId) ?? model.getProjects()[0];
	const dvcDir = project ? path.join(project.root, '.dvc') : undefined;
	const gitDir = project?.gitRoot ? path.join(project.gitRoot, '.git') : undefined;
	return resolveStudioConfig(
		{ token, repoUrl, offline: settings.studioOffline, fallbackUrl: settings.studioUrl },
		readDvcStudioSection(dvcConfigFiles(dvcDir)),
		process.env,
		() => (gitDir ? inferRepoUrl(gitDir, settings.studioGitRemote || undefined) : undefined),
	);
}

function notConfiguredMessage(reason: 'offline' | 'no-token' | 'no-repo-url'): string {
	switch (reason) {
		case 'offline':
			return 'DVC Studio is offline (runlens.studio.offline, DVC_STUDIO_OFFLINE or [studio] offline).';
		case 'no-token':
			return 'No DVC Studio token: run "DVC Studio: Sign In" or "DVC Studio: Set Access Token".';
		case 'no-repo-url':
			return 'No repository URL for DVC Studio: add a git remote or set DVC_STUDIO_REPO_URL.';
	}
}

async function askForToken(setToken: (t: string | undefined) => Promise<void>): Promise<void> {
	const value = await vscode.window.showInputBox({
		title: 'DVC Studio access token',
		prompt: 'Paste a Studio access token with the EXPERIMENTS scope (kept in VS Code secret storage).',
		password: true,
		ignoreFocusOut: true,
		validateInput: (v) =>
			isValidTokenFormat(v) ? undefined : 'A Studio token starts with isat_ or dsat_ followed by letters and digits.',
	});
	if (value) {
		await setToken(value.trim());
		void vscode.window.showInformationMessage('DVC Studio token saved.');
	}
}

async function signIn(settings: RunlensConfig, setToken: (t: string) => Promise<void>, log: vscode.LogOutputChannel) {
	const studioUrl = process.env.DVC_STUDIO_URL || settings.studioUrl;
	const result = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: 'Signing in to DVC Studio…', cancellable: true },
		(_progress, cancel) =>
			deviceLogin({
				studioUrl,
				tokenName: `runlens-${vscode.env.machineId.slice(0, 8)}`,
				openVerification: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url))),
				isCancelled: () => cancel.isCancellationRequested,
			}),
	);
	if (result.ok) {
		await setToken(result.token);
		void vscode.window.showInformationMessage('Signed in to DVC Studio.');
	} else if (!result.cancelled) {
		log.warn(`Studio: ${result.message}`);
		void vscode.window.showErrorMessage(result.message);
	}
}
