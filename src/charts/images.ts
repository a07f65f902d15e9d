import type { ImageRef } from '../model/types';
import type { ImageGroup } from '../shared/protocol';

/**
 * DVCLive images of the selected experiments, one group per experiment and image name; images
 * logged as `name/{step}.png` share the folder's group and get a step slider in the webview.
 */
export function imageGroups(
	runs: readonly { id: string; label: string; colour: string; images: readonly ImageRef[] }[],
): ImageGroup[] {
	const groups: ImageGroup[] = [];
	for (const run of runs) {
		const byName = new Map<string, ImageGroup>();
		for (const image of run.images) {
			const name = image.group ?? image.name;
			let group = byName.get(name);
			if (!group) {
				group = { experimentId: run.id, experimentLabel: run.label, colour: run.colour, name, images: [] };
				byName.set(name, group);
				groups.push(group);
			}
			group.images.push(image.step === undefined ? { file: image.file } : { file: image.file, step: image.step });
		}
	}
	for (const group of groups) {
		group.images.sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
	}
	return groups.sort((a, b) => a.name.localeCompare(b.name) || a.experimentLabel.localeCompare(b.experimentLabel));
}

export function imageMime(file: string): string | undefined {
	const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
	return { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif' }[ext];
}
