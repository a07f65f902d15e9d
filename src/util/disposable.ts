import type { Disposable } from './event';

export function toDisposable(fn: () => void): Disposable {
	return { dispose: fn };
}

export function disposeAll(items: Iterable<Disposable>): void {
	for (const item of items) {
		try {
			item.dispose();
		} catch (err) {
			console.error('[runlens] dispose failed', err);
		}
	}
}

/** Base class owning a list of disposables, released in reverse order of registration. */
export class DisposableStore implements Disposable {
	private items: Disposable[] = [];
	private disposed = false;

	add<T extends Disposable>(item: T): T {
		if (this.disposed) {
			item.dispose();
		} else {
			this.items.push(item);
		}
		return item;
	}

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		disposeAll(this.items.reverse());
		this.items = [];
	}
}
