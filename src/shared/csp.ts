/**
 * The Content-Security-Policy of every Runlens webview, vscode-free so that the webview test tier
 * loads the bundles under exactly the policy the extension ships: nothing but nonce'd scripts, and
 * styles, images and fonts from the webview's own origin (plus the extra image sources named).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string, imgSources: string[] = []): string {
	return [
		`default-src 'none'`,
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource}`,
		`img-src ${[cspSource, ...imgSources].join(' ')}`,
		`font-src ${cspSource}`,
	].join('; ');
}
