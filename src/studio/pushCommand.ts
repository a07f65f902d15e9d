import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ExperimentResolver } from '../experiments/resolve';
import { unknownMessage } from '../experiments/resolve';
import type { CommandSink } from '../vscode/lazyFeature';
import type { StudioConfig } from './config';
import type { PushRecorder, PushResult } from './livePush';
import { recordPushRefused } from './livePush';

export interface PushCommandDeps {
	resolver: ExperimentResolver;
	isTrusted: () => boolean;
	/** Re-reads the token from SecretStorage, then the config of one experiment (any project's when ''). */
	configFor: (experimentId: string) => Promise<StudioConfig>;
	push: (experimentId: string) => PushResult;
	lifecycle?: PushRecorder;
	log: vscode.LogOutputChannel;
	/** A push was queued: Studio's link is offered when its `done` is delivered. */
	onQueued: (experimentId: string) => void;
}

export const NO_TOKEN_MESSAGE =
	'No DVC Studio access token is set: sign in to DVC Studio or set an access token, then push again.';

/**
 * "Push Experiment to DVC Studio" from every place it is offered: the experiment's context menu
 * (a tree handle), a multi-selection, a table row (`{ experimentId }`), an id (API), and the
 * palette (nothing: a quick pick). Says up front when there is no token, before asking anything.
 */
export function registerPushCommand(commands: CommandSink, deps: PushCommandDeps): vscode.Disposable {
	return commands.register(CommandIds.pushToStudio, (arg: unknown, multi: unknown) =>
		pushFromCommand(deps, arg, multi),
	);
}

async function pushFromCommand(deps: PushCommandDeps, arg: unknown, multi: unknown): Promise<PushResult> {
	if (!deps.isTrusted()) {
		return refuse('Runlens never pushes to DVC Studio from an untrusted workspace.');
	}
	const named = deps.resolver.idsFromArgs(arg, multi);
	const config = await deps.configFor(named[0] ?? '');
	if (!config.configured && config.reason === 'no-token') {
		// Not awaited: the command's result must not wait for the user to answer the notification.
		void offerSignIn();
		return { ok: false, message: NO_TOKEN_MESSAGE };
	}
	const resolution = await deps.resolver.resolveDetailed(arg, multi, {
		placeHolder: 'Experiment to push to DVC Studio',
		// All of a multi-selection; one from the palette's quick pick.
		many: named.length > 1,
	});
	if (resolution.kind === 'cancelled') {
		return { ok: false, message: 'No experiment was chosen.' };
	}
	if (resolution.kind === 'unknown') {
		return refuse(unknownMessage(resolution.ids));
	}
	let last: PushResult = { ok: false, message: 'No experiment was chosen.' };
	for (const exp of resolution.experiments) {
		last = pushOne(deps, exp.id);
		if (!last.ok) {
			break;
		}
	}
	return last;
}

function pushOne(deps: PushCommandDeps, id: string): PushResult {
	const result = deps.push(id);
	if (!result.ok) {
		if (deps.lifecycle) {
			recordPushRefused(deps.lifecycle, id, result.message);
		}
		return refuse(result.message);
	}
	deps.onQueued(id);
	deps.log.info(`Studio: queued ${result.events} event(s) for ${id}`);
	void vscode.window.setStatusBarMessage('Pushing experiment to DVC Studio…', 3000);
	return result;
}

function refuse(message: string): PushResult {
	void vscode.window.showWarningMessage(message);
	return { ok: false, message };
}

async function offerSignIn(): Promise<void> {
	const choice = await vscode.window.showWarningMessage(NO_TOKEN_MESSAGE, 'Sign In', 'Set Access Token');
	if (choice === 'Sign In') {
		await vscode.commands.executeCommand(CommandIds.studioSignIn);
	} else if (choice === 'Set Access Token') {
		await vscode.commands.executeCommand(CommandIds.studioSetToken);
	}
}
