// The recording with 200 host candidates (2,050 candidate pairs per getStats sample): what the
// Candidate pairs panel shows first and on request, and the diagram following the newest event
// while it replays, until the reader scrolls up.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, status, test } from './fixtures';

const RECORDING = 'tests/fixtures/traces/many-candidates.trace.json';

async function importRecording(page: Page) {
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
	const [chooser] = await Promise.all([
		page.waitForEvent('filechooser'),
		page.getByRole('button', { name: 'Import trace' }).click()
	]);
	await chooser.setFiles(RECORDING);
	await expect(page.getByRole('note')).toContainText('Recording, not live');
}

test('the recording shows the selected pair and the checked ones first, and all 2,050 on request', async ({
	page
}) => {
	await importRecording(page);
	// Step through the recording to its end, one recorded step at a time.
	const next = page.getByRole('button', { name: 'Next step' });
	for (let text = ''; !/^Replayed\./.test(text);) {
		await next.click();
		await expect(status(page)).not.toHaveText(text);
		text = ((await status(page).textContent()) ?? '').trim();
	}
	const pairs = page.getByRole('region', { name: 'Candidate pairs' });
	const table = pairs.getByRole('region', { name: 'Checked pairs' });
	const rows = table.getByRole('row');
	await expect(pairs).toContainText('Selected pair: direct, between host addresses');
	await expect(pairs).toContainText(
		'30 of 2,050 pairs: the selected pair and the pairs ICE has checked.'
	);
	// The header, then the selected pair first.
	await expect(rows).toHaveCount(31);
	await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
	await expect(rows.nth(1).getByRole('cell').nth(2)).toHaveText('succeeded');
	// The control and its summary keep the panel at WCAG 2.2 AA. (All 2,050 rows were checked
	// too, in both themes, with no violation; axe takes minutes over them, too long for here.)
	const { violations } = await new AxeBuilder({ page })
		.include('section[aria-label="Candidate pairs"]')
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	// By keyboard: the control says how many pairs there are, and adds them all.
	const more = pairs.getByRole('button', { name: 'Show all 2,050 pairs' });
	await more.focus();
	await page.keyboard.press('Enter');
	await expect(rows).toHaveCount(2051);
	await expect(table.locator('[aria-current="true"]')).toHaveCount(1);
	await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
	await expect(rows.last().getByRole('cell').nth(2)).toHaveText('waiting');

	// Bob's view has 2,050 pairs of its own, his selected pair first.
	await pairs.getByRole('radio', { name: "Bob's view" }).check();
	await expect(rows).toHaveCount(2051);
	await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');

	await pairs.getByRole('button', { name: 'Show only the checked pairs' }).click();
	await expect(rows).toHaveCount(37);
	await expect(pairs.getByRole('button', { name: 'Show all 2,050 pairs' })).toBeVisible();
});

/** The diagram's items, where its scrolling box is and whether the newest item is in it. */
function diagramView(page: Page) {
	const group = page
		.getByRole('region', { name: 'Sequence diagram' })
		.getByRole('group', { name: 'Handshake events, one row each' });
	const geometry = () =>
		group.evaluate((el) => {
			const box = el.parentElement!.getBoundingClientRect();
			const last = Array.from(el.querySelectorAll('[role="button"]')).at(-1);
			const item = last?.getBoundingClientRect();
			return {
				scrollTop: el.parentElement!.scrollTop,
				lastInView: !!item && item.top >= box.top - 1 && item.bottom <= box.bottom + 1
			};
		});
	/** Turns the mouse wheel over the middle of the box. The page above it grows while candidates
	 * arrive, so the box is found again just before. */
	const wheel = async (deltaY: number) => {
		const { x, y } = await group.evaluate((el) => {
			const box = el.parentElement!;
			box.scrollIntoView({ block: 'center' });
			const r = box.getBoundingClientRect();
			return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
		});
		await page.mouse.move(x, y);
		await page.mouse.wheel(0, deltaY);
	};
	return { items: group.getByRole('button'), geometry, wheel };
}

test('while a recording plays, the diagram follows the newest event until the reader scrolls up', async ({
	page
}) => {
	await importRecording(page);
	const view = diagramView(page);
	await page.getByRole('button', { name: 'Play' }).click();

	// More rows than the box shows (32rem, about 19 rows): the newest stays in view.
	await expect.poll(() => view.items.count(), { timeout: 20_000 }).toBeGreaterThan(40);
	await expect.poll(async () => (await view.geometry()).lastInView).toBe(true);
	expect((await view.geometry()).scrollTop).toBeGreaterThan(0);

	// The reader scrolls up to an older event: new events no longer move the diagram.
	await view.wheel(-100_000);
	await expect.poll(async () => (await view.geometry()).scrollTop).toBe(0);
	const seen = await view.items.count();
	await expect.poll(() => view.items.count(), { timeout: 20_000 }).toBeGreaterThan(seen + 5);
	expect(await view.geometry()).toEqual({ scrollTop: 0, lastInView: false });

	// Back at the end, it follows again.
	await view.wheel(100_000);
	const back = await view.items.count();
	await expect.poll(() => view.items.count(), { timeout: 20_000 }).toBeGreaterThan(back + 3);
	await expect.poll(async () => (await view.geometry()).lastInView).toBe(true);
	await page.getByRole('button', { name: 'Pause' }).click();
});
