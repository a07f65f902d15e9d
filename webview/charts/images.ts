import type { ImageGroup } from '../../src/shared/protocol';
import { el } from '../shared/theme';

/** Image cards; `name/{step}.png` groups get a step slider. Image bytes are fetched on demand. */
export function renderImages(
	groups: readonly ImageGroup[],
	fetchImage: (experimentId: string, file: string) => Promise<string | undefined>,
): HTMLElement {
	const grid = el('div', 'image-grid');
	for (const group of groups) {
		const card = el('div', 'image-card');
		const title = el('div', 'image-title');
		const swatch = el('span', 'swatch');
		swatch.style.background = group.colour;
		title.append(swatch, el('span', undefined, `${group.experimentLabel} \u00b7 ${group.name}`));
		const img = el('img');
		img.alt = group.name;
		const caption = el('div', 'image-caption');
		card.append(title, img, caption);
		const show = async (index: number) => {
			const image = group.images[index];
			caption.textContent = image.step === undefined ? '' : `step ${image.step}`;
			const url = await fetchImage(group.experimentId, image.file);
			if (url) {
				img.src = url;
			} else {
				caption.textContent = `could not load ${image.file}`;
			}
		};
		if (group.images.length > 1) {
			const slider = el('input', 'step-slider');
			Object.assign(slider, {
				type: 'range',
				min: '0',
				max: String(group.images.length - 1),
				step: '1',
				value: String(group.images.length - 1),
			});
			slider.addEventListener('input', () => void show(Number(slider.value)));
			card.append(slider);
		}
		void show(group.images.length - 1);
		grid.append(card);
	}
	return grid;
}
