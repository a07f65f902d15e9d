import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { contentSecurityPolicy } from '../shared/csp';

/**
 * The one HTML shell every Runlens webview uses: `default-src 'none'`, scripts only with a fresh
 * nonce, styles/images/fonts only from the webview's own origin. No inline script, no eval.
 * Everything file-derived reaches the page as data through postMessage, never inside this HTML.
 */
export interface ShellOptions {
	webview: vscode.Webview;
	extensionUri: vscode.Uri;
	/** Bundle name under dist/webview, e.g. `charts` for dist/webview/charts.js (+ .css if present). */
	bundle: string;
	title: string;
	/** Extra img-src sources (e.g. `data:` for thumbnails made in the page). */
	imgSources?: string[];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
	return {
		enableScripts: true,
		retainContextWhenHidden: false,
		localResourceRoots: [
			vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
			vscode.Uri.joinPath(extensionUri, 'media'),
		],
	};
}

export function newNonce(): string {
	return randomBytes(16).toString('base64');
}

export function renderShell(opts: ShellOptions): string {
	const nonce = newNonce();
	const { webview, extensionUri, bundle } = opts;
	const asset = (file: string) =>
		webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
	const csp = contentSecurityPolicy(webview.cspSource, nonce, opts.imgSources);
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset(`${bundle}.css`)}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${asset(`${bundle}.js`)}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
