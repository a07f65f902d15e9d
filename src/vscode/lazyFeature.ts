import * as vscode from 'vscode';

/** A command handler as `vscode.commands.registerCommand` takes it. */
export type CommandHandler = (...args: never[]) => unknown;

/** Where a lazily loaded feature puts its command handlers (instead of `vscode.commands`). */
export interface CommandSink {
	register(id: string, handler: CommandHandler): vscode.Disposable;
}

export interface Loaded {
	readonly disposable: vscode.Disposable;
}

/**
 * A feature that is not needed for the first paint: its module is imported (`import()`, which
 * esbuild keeps in the one bundle but evaluates only then) and built on first use. VS Code
 * requires a handler for every command package.json contributes as soon as it runs one, so thin
 * handlers for `commandIds` are registered now; each loads the feature, then calls the handler
 * the feature registered in `commands`. The feature is disposed with this object, also when its
 * load finishes after disposal.
 */
export class LazyFeature<T extends Loaded> implements vscode.Disposable {
	private readonly handlers = new Map<string, CommandHandler>();
	private readonly thin: vscode.Disposable[];
	private loading: Promise<T> | undefined;
	private value: T | undefined;
	private disposed = false;
	/** What the feature's module registers its commands in. */
	readonly commands: CommandSink = {
		register: (id, handler) => {
			this.handlers.set(id, handler);
			return new vscode.Disposable(() => this.handlers.get(id) === handler && this.handlers.delete(id));
		},
	};

	constructor(
		readonly name: string,
		commandIds: readonly string[],
		private readonly load: (commands: CommandSink) => Promise<T>,
	) {
		this.thin = commandIds.map((id) =>
			vscode.commands.registerCommand(id, async (...args: unknown[]) => {
				await this.get();
				const handler = this.handlers.get(id) as ((...a: unknown[]) => unknown) | undefined;
				if (!handler) {
					throw new Error(`Runlens: the ${name} feature has no handler for ${id}`);
				}
				return handler(...args);
			}),
		);
	}

	/** The feature once loaded (undefined before). */
	get loaded(): T | undefined {
		return this.value;
	}

	/** Loads the feature once; later calls share the same promise. */
	get(): Promise<T> {
		this.loading ??= this.load(this.commands).then((value) => {
			if (this.disposed) {
				value.disposable.dispose();
				throw new Error(`Runlens: the ${this.name} feature loaded after the extension was disposed`);
			}
			this.value = value;
			return value;
		});
		return this.loading;
	}

	dispose(): void {
		this.disposed = true;
		for (const d of this.thin) {
			d.dispose();
		}
		this.value?.disposable.dispose();
		this.value = undefined;
		this.handlers.clear();
	}
}
