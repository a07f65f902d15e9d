/**
 * Theme values for canvas drawing, read at run time from VS Code's `--vscode-*` CSS variables
 * (canvas cannot use CSS variables directly). `onThemeChange` fires when VS Code swaps the body's
 * theme class (light, dark, high contrast).
 */
export interface Theme {
	kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
	foreground: string;
	muted: string;
	background: string;
	grid: string;
	fontFamily: string;
	fontSize: number;
}

function cssVar(name: string, fallback: string): string {
	const value = getComputedStyle(document.body).getPropertyValue(name).trim();
	return value || fallback;
}

export function themeKind(): Theme['kind'] {
	const c = document.body.classList;
	if (c.contains('vscode-high-contrast-light')) {
		return 'high-contrast-light';
	}
	if (c.contains('vscode-high-contrast')) {
		return 'high-contrast';
	}
	return c.contains('vscode-light') ? 'light' : 'dark';
}

export function readTheme(): Theme {
	const kind = themeKind();
	const light = kind === 'light' || kind === 'high-contrast-light';
	const foreground = cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', light ? '#333333' : '#cccccc'));
	const contrast = cssVar('--vscode-contrastBorder', '');
	return {
		kind,
		foreground,
		muted: cssVar('--vscode-descriptionForeground', foreground),
		background: cssVar('--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
		// High contrast themes define a contrast border: use it so grid lines stay visible.
		grid: contrast || cssVar('--vscode-editorWidget-border', light ? 'rgba(0,0,0,0.12)' : 'rgba(255,255,255,0.12)'),
		fontFamily: cssVar('--vscode-font-family', 'system-ui, sans-serif'),
		fontSize: parseFloat(cssVar('--vscode-font-size', '13')) || 13,
	};
}

export function onThemeChange(listener: (theme: Theme) => void): void {
	new MutationObserver(() => listener(readTheme())).observe(document.body, {
		attributes: true,
		attributeFilter: ['class', 'style'],
	});
}

/** A colour (hex or hsl()) with the given opacity, for faded raw lines. */
export function withAlpha(colour: string, alpha: number): string {
	const hex = /^#([0-9a-f]{6})$/i.exec(colour);
	if (hex) {
		const n = parseInt(hex[1], 16);
		return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
	}
	const hsl = /^hsl\((.*)\)$/i.exec(colour);
	return hsl ? `hsla(${hsl[1]}, ${alpha})` : colour;
}

/** `el(tag, className, text)`: every file-derived string goes in through textContent, never HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	className?: string,
	text?: string,
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) {
		node.className = className;
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}
