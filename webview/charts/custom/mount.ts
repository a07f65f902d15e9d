import type { WebviewApi } from '../../shared/api';
import { CustomPlotsSection } from './section';
import { shareState } from './state';

/**
 * Adds the "Custom plots" section to the chart panel page: above the chart panel's content once
 * that is built, sharing the page state. Returns the API the chart panel itself should use.
 */
export function mountCustomPlots<S extends object>(api: WebviewApi<S>, root: HTMLElement): WebviewApi<S> {
	const { charts, custom } = shareState(api);
	const section = new CustomPlotsSection(custom);
	// The chart panel appends toolbar, status and content; the section goes right before the content.
	queueMicrotask(() => root.insertBefore(section.element, root.querySelector(':scope > .content')));
	return charts;
}
