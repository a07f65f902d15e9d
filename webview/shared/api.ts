import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import { isMessage } from '../../src/shared/protocol';

/** Typed wrapper over `acquireVsCodeApi()`, reusable by every Runlens webview. */
interface VsCodeApi {
	postMessage(message: unknown): void;
	getState(): unknown;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** `In`/`Out` default to the whole protocol; a panel may narrow them to its own section. */
export interface WebviewApi<State, In = HostToWebview, Out = WebviewToHost> {
	post(message: Out): void;
	getState(): Partial<State>;
	setState(state: State): void;
	onMessage(handler: (message: In) => void): void;
}

let acquired: VsCodeApi | undefined;

export function createApi<State extends object, In = HostToWebview, Out = WebviewToHost>(): WebviewApi<State, In, Out> {
	// acquireVsCodeApi() may be called only once per page.
	const vscode = (acquired ??= acquireVsCodeApi());
	return {
		post: (message) => vscode.postMessage(message),
		getState: () => {
			const state = vscode.getState();
			return typeof state === 'object' && state !== null ? state : {};
		},
		setState: (state) => vscode.setState(state),
		onMessage: (handler) => {
			window.addEventListener('message', (event: MessageEvent<unknown>) => {
				// Only the host posts to this page; anything not shaped like a message is ignored.
				if (isMessage(event.data)) {
					handler(event.data as In);
				}
			});
		},
	};
}
