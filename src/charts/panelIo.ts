import * as vscode from 'vscode';
import type { ExperimentsModel } from '../model/api';
import type { ChartsHostMessage, ChartsViewOptions } from '../shared/protocol';
import { sanitizeCompose } from './compose';
import { imageMime } from './images';

/** The chart panel's file I/O: images for the page, PNG/CSV exports through a save dialog. */
const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

type ImageReply = Extract<ChartsHostMessage, { type: 'charts/image' }>;
type ExportReply = Extract<ChartsHostMessage, { type: 'charts/exported' }>;

export async function loadImage(
	model: ExperimentsModel,
	requestId: number,
	experimentId: string,
	file: string,
): Promise<ImageReply> {
	const bytes = await model.readFile(experimentId, file);
	const mime = imageMime(file);
	if (!bytes) {
		return { type: 'charts/image', requestId, file, error: 'image not found at this revision' };
	}
	if (!mime || bytes.length > MAX_IMAGE_BYTES) {
		return {
			type: 'charts/image',
			requestId,
			file,
			error: mime ? 'image too large to show' : 'unsupported image type',
		};
	}
	return {
		type: 'charts/image',
		requestId,
		file,
		dataUrl: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`,
	};
}

export function pngBytes(dataUrl: string): Uint8Array | undefined {
	const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
	return match ? Buffer.from(match[1], 'base64') : undefined;
}

export async function saveExport(
	requestId: number,
	title: string,
	ext: 'png' | 'csv',
	data: Uint8Array,
): Promise<ExportReply> {
	const name = `${title.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'chart'}.${ext}`;
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
	const target = await vscode.window.showSaveDialog({
		defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
		filters: { [ext.toUpperCase()]: [ext] },
	});
	if (!target) {
		return { type: 'charts/exported', requestId, ok: false, message: 'cancelled' };
	}
	await vscode.workspace.fs.writeFile(target, data);
	return { type: 'charts/exported', requestId, ok: true, message: `saved ${target.fsPath}` };
}

/** Options from the page are untrusted input: keep only well-formed values. */
export function sanitizeOptions(options: Partial<ChartsViewOptions>): Partial<ChartsViewOptions> {
	const out: Partial<ChartsViewOptions> = {};
	if (typeof options.xAxis === 'string' && options.xAxis.length > 0) {
		out.xAxis = options.xAxis;
	}
	if (typeof options.smoothing === 'number' && Number.isFinite(options.smoothing)) {
		out.smoothing = Math.max(0, Math.min(options.smoothing, 0.999));
	}
	const chartX = sanitizeChartX(options.chartX);
	if (chartX) {
		out.chartX = chartX;
	}
	const compose = sanitizeCompose(options.compose);
	if (compose) {
		out.compose = compose;
	}
	return out;
}

/** Per-chart x choices from persisted page state: only non-empty string values survive. */
export function sanitizeChartX(value: unknown): Record<string, string> | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return undefined;
	}
	const entries = Object.entries(value as Record<string, unknown>).filter(
		(e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0,
	);
	return Object.fromEntries(entries);
}
