/**
 * A tiny, vscode-free event emitter with the same shape as `vscode.Event`,
 * so models can expose `onDid*` events and stay unit-testable in plain Node.
 */
export interface Disposable {
	dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
	private listeners = new Set<(e: T) => void>();

	readonly event: Event<T> = (listener) => {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	};

	fire(value: T): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(value);
			} catch (err) {
				// One bad listener must not stop the others from hearing about the change.
				console.error('[runlens] event listener failed', err);
			}
		}
	}

	dispose(): void {
		this.listeners.clear();
	}
}
