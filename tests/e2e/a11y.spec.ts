// Accessibility: axe-core with the WCAG 2.2 AA rules on every page, in light and dark, with
// reduced motion; the keyboard path through the lab with a visible focus; the live status; and
// every screen, from a 360 px phone to a 640 × 400 embed.
import { readdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, status, test } from './fixtures';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Lesson slugs as the site makes them: the folder names under content/lessons, number dropped. */
const SLUGS = readdirSync('content/lessons', { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name)
	.sort()
	.map((name) => name.replace(/^\d+-/, ''));

const SCHEMES = ['light', 'dark'] as const;

/** axe's violations, one line each (rule, what it says, where), so a failure reads on its own. */
async function violations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
	return violations.flatMap((v) =>
		v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`)
	);
}

/** Opens a page and waits until it is drawn: the lab pages render the lab after hydration. */
async function open(page: Page, path: string) {
	await page.goto(path);
	if (path === '/inspect')
		await expect(page.getByRole('textbox', { name: 'SDP or candidate' })).toBeVisible();
	else if (path === '/learn') await expect(page.getByRole('link').last()).toBeVisible();
	else await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
}

const diagram = (page: Page) => page.getByRole('region', { name: 'Sequence diagram' });

/** Plays the lab to the end and selects Alice's offer: the Inspector annotates it. */
async function playAndInspect(page: Page) {
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	await diagram(page)
		.getByRole('button', { name: /^Alice's offer #1 sent to the bus/ })
		.click();
	await expect(page.getByRole('list', { name: 'Annotated SDP' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Offer and answer' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'What happened' })).toBeVisible();
	const pairs = page.getByRole('region', { name: 'Candidate pairs' });
	await expect(pairs.getByRole('row').and(pairs.locator('[aria-current="true"]'))).toHaveCount(1);
	await diagram(page).getByText('Events as a list').click();
	await expect(page.getByRole('list', { name: 'Sequence of events' })).toBeVisible();
}

for (const colorScheme of SCHEMES) {
	test.describe(`WCAG 2.2 AA, ${colorScheme}, reduced motion`, () => {
		test.use({ colorScheme, reducedMotion: 'reduce' });

		test('every page has no axe violation', async ({ page }) => {
			const paths = [
				'/',
				'/inspect',
				'/learn',
				...SLUGS.map((slug) => `/learn/${slug}`),
				`/embed/${SLUGS[0]}`
			];
			for (const path of paths) {
				await open(page, path);
				expect(await violations(page), path).toEqual([]);
			}
		});

		test('/inspect with an explained SDP and with a decoded candidate has no axe violation', async ({
			page
		}) => {
			await open(page, '/inspect');
			const sdp = readFileSync(
				'tests/fixtures/sdp/chromium-156-audio-video-datachannel-offer.sdp',
				'utf8'
			);
			// One line nobody explains, so "Not explained yet" is on the page too.
			await page
				.getByRole('textbox', { name: 'SDP or candidate' })
				.fill(`${sdp}a=x-lab-test:1\r\n`);
			await page.getByRole('button', { name: 'Explain', exact: true }).click();
			const lines = page.getByRole('list', { name: 'Annotated SDP' }).getByRole('listitem');
			await expect(lines.filter({ hasText: 'Not explained yet' })).toHaveCount(1);
			await expect(page.getByRole('status')).toContainText("This browser's parser accepts it");
			expect(await violations(page), 'explained SDP').toEqual([]);

			await page
				.getByRole('textbox', { name: 'SDP or candidate' })
				.fill(
					'candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 192.168.1.2 rport 61665 generation 0'
				);
			await page.getByRole('button', { name: 'Explain', exact: true }).click();
			await expect(page.getByLabel('Decoded candidate')).toBeVisible();
			expect(await violations(page), 'decoded candidate').toEqual([]);
		});

		test('the lab after Play has connected has no axe violation', async ({ page }) => {
			await open(page, '/');
			await playAndInspect(page);
			expect(await violations(page)).toEqual([]);
		});

		test('a lesson waiting for a prediction, and after it, has no axe violation', async ({
			page
		}) => {
			await open(page, `/learn/${SLUGS[0]}`);
			await page.getByRole('button', { name: 'Play' }).click();
			const predict = page.getByRole('group', { name: 'Predict' });
			await expect(predict).toBeVisible();
			expect(await violations(page), 'prediction').toEqual([]);
			await predict.getByRole('radio').first().check();
			await page.getByRole('button', { name: 'Check', exact: true }).click();
			await expect(page.getByRole('region', { name: 'Lesson' })).toContainText(/Right\.|Not quite/);
			expect(await violations(page), 'verdict').toEqual([]);
		});
	});
}

/** Whether the focused element shows its focus: an outline of 2 px or more, or for a diagram item
 * (SVG, where outlines are not drawn everywhere) its row's stroke. */
async function focusRing(target: Locator) {
	return target.evaluate((el) => {
		const focused = el === document.activeElement && el.matches(':focus-visible');
		const style = getComputedStyle(el);
		const ring = el.querySelector('rect') ? getComputedStyle(el.querySelector('rect')!) : null;
		const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
		const stroke = !!ring && ring.stroke !== 'none' && parseFloat(ring.strokeWidth) >= 2;
		return { focused, visible: outline || stroke };
	});
}

/** Presses Tab until `target` (or one of the elements it matches) has the focus. */
async function tabTo(page: Page, target: Locator, most = 120) {
	for (let i = 0; i < most; i++) {
		await page.keyboard.press('Tab');
		const here = await target.evaluateAll((els) => els.some((el) => el === document.activeElement));
		if (here) return;
	}
	throw new Error(`Tab never reached ${target}`);
}

test('the keyboard reaches and works the lab, with a visible focus on every stop', async ({
	page
}) => {
	await open(page, '/');
	const start = page.getByRole('button', { name: 'Start' });
	await tabTo(page, start);
	expect(await focusRing(start)).toEqual({ focused: true, visible: true });
	await page.keyboard.press('Enter');
	await expect(
		page
			.getByRole('region', { name: 'Alice (offerer)' })
			.getByLabel('signaling state', { exact: true })
	).toHaveText('stable');

	const next = page.getByRole('button', { name: 'Next step' });
	await tabTo(page, next);
	expect(await focusRing(next)).toEqual({ focused: true, visible: true });
	// createOffer, then setLocalDescription: the offer waits in the bus.
	for (let i = 0; i < 2; i++) {
		await expect(next).toBeEnabled();
		await page.keyboard.press('Enter');
	}
	const deliver = page
		.getByRole('region', { name: 'Signaling bus' })
		.getByRole('button', { name: 'Deliver' });
	await expect(deliver.first()).toBeVisible();
	await tabTo(page, deliver);
	const focusedDeliver = deliver.and(page.locator(':focus'));
	expect(await focusRing(focusedDeliver)).toEqual({ focused: true, visible: true });
	await page.keyboard.press('Enter');

	const offer = diagram(page).getByRole('button', { name: /^Alice's offer #1 sent to the bus/ });
	await tabTo(page, offer);
	expect(await focusRing(offer)).toEqual({ focused: true, visible: true });
	await page.keyboard.press('Enter');
	await expect(offer).toHaveAttribute('aria-pressed', 'true');

	const lines = page.getByRole('list', { name: 'Annotated SDP' }).getByRole('button');
	await tabTo(page, lines);
	const line = lines.and(page.locator(':focus'));
	await expect(line).toContainText('v=0');
	expect(await focusRing(line)).toEqual({ focused: true, visible: true });
	await page.keyboard.press('ArrowDown');
	await expect(line).toContainText('o=');
	expect(await focusRing(line)).toEqual({ focused: true, visible: true });
});

test('the status says the next step in one live region, announced politely, never twice', async ({
	page
}) => {
	await open(page, '/');
	await expect(page.getByRole('status')).toHaveCount(1);
	const region = await status(page).elementHandle();
	const live = () =>
		page.evaluate(() => {
			const regions = Array.from(
				document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')
			);
			const el = document.querySelector('[role="status"]')!;
			return {
				politeness: el.getAttribute('aria-live') ?? 'polite', // role=status is polite by itself
				nested: !!el.parentElement?.closest('[aria-live], [role="status"], [role="alert"]'),
				inside: el.querySelectorAll('[aria-live], [role="status"], [role="alert"]').length,
				texts: regions.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim())
			};
		});
	const before = await live();
	expect(before).toMatchObject({ politeness: 'polite', nested: false, inside: 0 });
	const sentence = (await status(page).textContent())!.replace(/\s+/g, ' ').trim();
	expect(sentence).toMatch(/^Next: /);
	expect(before.texts.filter((t) => t.includes(sentence.slice(6)))).toHaveLength(1);

	await page.getByRole('button', { name: 'Start' }).click();
	await expect(status(page)).not.toHaveText(sentence);
	// The same element, its text changed: a live region replaced by a new one is not announced.
	expect(await region!.evaluate((el) => el.isConnected && el.getAttribute('role'))).toBe('status');
	const after = await live();
	const now = (await status(page).textContent())!.replace(/\s+/g, ' ').trim();
	expect(after.texts.filter((t) => t.includes(now.slice(6)))).toHaveLength(1);
});

for (const colorScheme of SCHEMES) {
	test.describe(`every screen, ${colorScheme}`, () => {
		test.use({ colorScheme });

		test('the lab at 360 px wide never scrolls sideways', async ({ page }, testInfo) => {
			await page.setViewportSize({ width: 360, height: 740 });
			await open(page, '/');
			await playAndInspect(page);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				360
			);
			await page.screenshot({
				path: testInfo.outputPath(`lab-360-${colorScheme}.png`),
				fullPage: true
			});
		});

		test('a lesson at 360 px wide never scrolls sideways', async ({ page }, testInfo) => {
			await page.setViewportSize({ width: 360, height: 740 });
			await open(page, `/learn/${SLUGS[1]}`);
			// Its first prediction comes before the offer is written: the Predict group shows.
			await page.getByRole('button', { name: 'Start' }).click();
			await expect(page.getByRole('group', { name: 'Predict' })).toBeVisible();
			await page.getByText('Embed this lesson').click();
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				360
			);
			await page.screenshot({
				path: testInfo.outputPath(`lesson-360-${colorScheme}.png`),
				fullPage: true
			});
		});

		test('an embed at 640 × 400 shows the controls and the diagram without scrolling', async ({
			page
		}, testInfo) => {
			await page.setViewportSize({ width: 640, height: 400 });
			await open(page, `/embed/${SLUGS[0]}`);
			await page.getByRole('button', { name: 'Start' }).click();
			await page.getByRole('button', { name: 'Next step' }).click();
			await expect(
				diagram(page).getByRole('button', { name: /createOffer resolved/ })
			).toBeVisible();
			const inView = async (target: Locator) => {
				const box = (await target.boundingBox())!;
				return box.x >= 0 && box.y >= 0 && box.x + box.width <= 640 && box.y + box.height <= 400;
			};
			for (const name of ['Start', 'Next step', 'Play', 'Reset'])
				expect(await inView(page.getByRole('button', { name, exact: true })), name).toBe(true);
			expect(await inView(status(page)), 'status').toBe(true);
			expect(await inView(diagram(page)), 'Sequence diagram').toBe(true);
			expect(await page.evaluate(() => [scrollX, scrollY])).toEqual([0, 0]);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				640
			);
			await page.screenshot({ path: testInfo.outputPath(`embed-640x400-${colorScheme}.png`) });
		});
	});
}
