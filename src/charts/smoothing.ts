/**
 * TensorBoard's "classic" debiased EMA (tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts),
 * reproduced exactly so a run looks the same here as in TensorBoard:
 * - the weight is clamped to [0, 1] and a non-finite weight counts as 0;
 * - a constant series (every y equal to the first) is returned unchanged (TensorBoard #786);
 * - non-finite values pass through unchanged and do not advance the average;
 * - the average starts at 0 and is divided by 1 - w^n (n = finite points seen) unless w is 1.
 *
 * The host smooths the full-resolution series *before* bucketing: smoothing after sampling makes
 * the same run look different at different lengths or zoom levels (TensorBoard #1518, #6829).
 */
export function clampWeight(weight: number): number {
	return Number.isFinite(weight) ? Math.max(0, Math.min(weight, 1)) : 0;
}

export function smoothSeries(y: ArrayLike<number>, length: number, weight: number): Float64Array {
	return smoothWithState(y, length, weight).values;
}

/** Smooths and also returns the EMA state after the last row, for live appends. */
export function smoothWithState(
	y: ArrayLike<number>,
	length: number,
	weight: number,
): { values: Float64Array; state: EmaState } {
	const values = new Float64Array(length);
	const state = new EmaState(weight);
	const constant = isConstant(y, length);
	for (let i = 0; i < length; i++) {
		const s = state.next(y[i]);
		values[i] = constant ? y[i] : s;
	}
	return { values, state };
}

function isConstant(y: ArrayLike<number>, length: number): boolean {
	for (let i = 1; i < length; i++) {
		// TensorBoard compares with `==`, the same as `!==` for numbers: a NaN makes the series non-constant.
		if (y[i] !== y[0]) {
			return false;
		}
	}
	return true;
}

/**
 * The running state of the EMA, so live appends continue the average without re-smoothing. While
 * the series is still constant the debiased average equals the value up to rounding, so an append
 * that breaks constancy needs no resend of earlier points.
 */
export class EmaState {
	private last = 0;
	private count = 0;
	/** Set once w^n is so small that 1 - w^n rounds to exactly 1, as Math.pow would give from then on. */
	private debiased = false;
	private readonly weight: number;

	constructor(weight: number) {
		this.weight = clampWeight(weight);
	}

	next(value: number): number {
		if (!Number.isFinite(value)) {
			return value;
		}
		this.last = this.last * this.weight + (1 - this.weight) * value;
		this.count++;
		if (this.debiased) {
			return this.last;
		}
		const power = this.weight === 1 ? 0 : Math.pow(this.weight, this.count);
		// w^n only shrinks: below 2^-54, 1 - w^n is 1 in double precision, identical to TensorBoard's value.
		this.debiased = power < 2 ** -54;
		return this.last / (1 - power);
	}
}
