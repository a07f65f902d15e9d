import type { CustomPlotsConfig } from '../../../src/shared/protocol';
import type { WebviewApi } from '../../shared/api';

/** What the custom plots section keeps in the page state (beside the chart panel's own UI state). */
export interface CustomPageState {
	config?: CustomPlotsConfig;
}

const KEY = 'customPlots';

/**
 * VS Code gives a page one state object. The chart panel writes its whole UI state on every
 * change, so both writers go through this: each keeps the other's part.
 */
export function shareState<S extends object>(
	api: WebviewApi<S>,
): { charts: WebviewApi<S>; custom: WebviewApi<CustomPageState> } {
	const whole = () => api.getState() as Partial<S> & { [KEY]?: CustomPageState };
	let custom: CustomPageState = whole()[KEY] ?? {};
	const charts: WebviewApi<S> = {
		post: (m) => api.post(m),
		onMessage: (h) => api.onMessage(h),
		getState: () => {
			const { [KEY]: _own, ...rest } = whole();
			return rest as Partial<S>;
		},
		setState: (state) => api.setState({ ...state, [KEY]: custom }),
	};
	const section: WebviewApi<CustomPageState> = {
		post: (m) => api.post(m),
		onMessage: (h) => api.onMessage(h),
		getState: () => custom,
		setState: (state) => {
			custom = state;
			api.setState({ ...whole(), [KEY]: custom } as S);
		},
	};
	return { charts, custom: section };
}
