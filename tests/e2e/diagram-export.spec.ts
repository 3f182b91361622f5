import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { expect, status, test } from './fixtures';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function download(page: Page, button: string): Promise<{ file: Download; bytes: Buffer }> {
	const diagram = page.getByRole('region', { name: 'Sequence diagram' });
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		diagram.getByRole('button', { name: button }).click()
	]);
	return { file, bytes: await readFile(await file.path()) };
}

test('the sequence diagram downloads as a standalone SVG and as a PNG, for slides', async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');

	const svg = await download(page, 'Download SVG');
	expect(svg.file.suggestedFilename()).toBe('handshake-sequence.svg');
	const text = svg.bytes.toString('utf8');
	expect(text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
	const [, width, height] = text.match(/viewBox="0 0 (\d+) (\d+)"/) ?? [];
	expect(Number(width)).toBeGreaterThan(300);
	expect(Number(height)).toBeGreaterThan(300);
	expect(text).toMatch(/<text [^>]*>offer #1<\/text>/);
	expect(text).toContain('>Signaling bus</text>');
	expect(text).not.toContain('role="button"');
	expect(text).not.toContain('tabindex');
	expect(text).not.toContain('var(--');
	// Downloaded right after the run, while the newest arrows still grow: each is drawn whole.
	const arrows = await page.evaluate((svgText) => {
		const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
		return Array.from(doc.querySelectorAll('g:has(> path) > line'), (line) => ({
			x2: line.getAttribute('x2'),
			tip: /^M(-?[\d.]+)/.exec(
				line.parentElement?.querySelector('path')?.getAttribute('d') ?? ''
			)?.[1]
		}));
	}, text);
	expect(arrows.length).toBeGreaterThan(8);
	for (const arrow of arrows) expect(arrow.x2).toBe(arrow.tip);

	const png = await download(page, 'Download PNG');
	expect(png.file.suggestedFilename()).toBe('handshake-sequence.png');
	expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
	expect(png.bytes.length).toBeGreaterThan(10_000);
	// IHDR (PNG §11.2.2): drawn at twice the SVG's size.
	expect(png.bytes.readUInt32BE(16)).toBe(2 * Number(width));
	expect(png.bytes.readUInt32BE(20)).toBe(2 * Number(height));
});
