/**
 * The model's update loop: requests add to the pending Work (watcher notifications after a
 * debounce), runs never overlap, and requests made during a run fold into one rerun after it.
 */
import type { LogLevel } from './modelOptions';
import type { Work } from './watchRouting';

function noWork(): Work {
	return { discover: false, rows: new Set(), collect: new Set() };
}

export class UpdateRunner {
	/** What the next run does; the first run discovers projects. */
	pending: Work = { ...noWork(), discover: true };
	private current: Promise<void> | undefined;
	private timer: NodeJS.Timeout | undefined;
	private disposed = false;

	constructor(
		private readonly process: (work: Work) => Promise<void>,
		private readonly log: (level: LogLevel, msg: string) => void,
		private readonly debounceMs: () => number,
	) {}

	/** The run in progress, if any. */
	get running(): Promise<void> | undefined {
		return this.current;
	}

	hasWork(): boolean {
		return this.pending.discover || this.pending.rows.size > 0 || this.pending.collect.size > 0;
	}

	/** Runs the pending work after the debounce (watcher bursts coalesce into one run). */
	schedule(): void {
		if (this.timer || this.disposed) {
			return;
		}
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.kick();
		}, this.debounceMs());
	}

	/** Runs pending work; while a run is in progress, further requests fold into one rerun. */
	kick(): Promise<void> {
		if (this.current) {
			// The finished run's `finally` may already have started the rerun holding this call's work:
			// wait for that run, not only for the one in progress now.
			return this.current.then(() => this.current ?? (this.hasWork() ? this.kick() : undefined));
		}
		const work = this.pending;
		this.pending = noWork();
		this.current = this.process(work)
			.catch((err: unknown) => this.log('error', `model update failed: ${String(err)}`))
			.finally(() => {
				this.current = undefined;
				if (this.hasWork()) {
					void this.kick();
				}
			});
		return this.current;
	}

	dispose(): void {
		this.disposed = true;
		clearTimeout(this.timer);
	}
}
