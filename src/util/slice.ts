/**
 * Time slicing for long loops on the extension host's main thread, which every extension shares:
 * a loop calls `pause()` often (it is cheap) and yields to the event loop only once its slice of
 * ~10 ms is used up, so no turn blocks timers and I/O for long whatever the input's size.
 */
const SLICE_MS = 10;

/** One macrotask turn: timers, I/O callbacks and other extensions run before this resolves. */
export function yieldToLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

export class TimeSlicer {
	private started = performance.now();

	constructor(private readonly sliceMs = SLICE_MS) {}

	/** True once this slice ran longer than its budget. */
	get due(): boolean {
		return performance.now() - this.started > this.sliceMs;
	}

	/** Yields when the slice is used up (then starts a new one); else returns at once. */
	async pause(): Promise<void> {
		if (this.due) {
			await yieldToLoop();
			this.started = performance.now();
		}
	}
}
