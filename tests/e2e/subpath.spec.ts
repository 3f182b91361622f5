import { createServer } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, status, test, walkAction } from './fixtures';

// The static build of `npm run build:subpath`, served by scripts/serve-static.js under a sub-path
// (the second webServer in playwright.config.ts): a teacher's own host, as it would be.
/** Set by playwright.config.ts: the sub-path server's origin. */
const ORIGIN = process.env.E2E_SUBPATH_ORIGIN ?? 'http://127.0.0.1:4174';
const BASE = '/courses/webrtc';
/** The dev/preview server's endpoint: a static host has none, and the page says so. */

/** Every same-origin request the page makes, and every 404 it gets. */
function watch(page: Page) {
	const outside: string[] = [];
	const missing: string[] = [];
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.origin === ORIGIN && !url.pathname.startsWith(`${BASE}/`)) outside.push(url.href);
	});
	page.on('response', (response) => {
		if (response.status() === 404) missing.push(new URL(response.url()).pathname);
	});
	return { outside, missing };
}

test('the static build served under a sub-path loads and runs the lab, the inspector and a lesson', async ({
	page
}) => {
	const { outside, missing } = watch(page);

	await page.goto(`${ORIGIN}${BASE}/`);
	await expect(page.getByRole('region', { name: 'Sequence diagram' })).toBeVisible();
	// No local STUN/TURN server on a static host: the page says so, and the lab works without it.
	await expect(page.getByRole('radio', { name: 'Local STUN' })).toBeDisabled();
	await expect(page.getByText('served without its local STUN/TURN server')).toBeVisible();
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	await expect(page.getByRole('region', { name: 'Sequence diagram' })).toContainText('offer #1');

	const nav = page.getByRole('navigation', { name: 'Site' });
	const hrefs = await nav
		.getByRole('link')
		.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
	expect(hrefs).toContain(`${ORIGIN}${BASE}/`);
	expect(hrefs).toContain(`${ORIGIN}${BASE}/inspect`);
	for (const href of hrefs) expect(href.startsWith(`${ORIGIN}${BASE}/`), href).toBe(true);

	await expect(nav.getByRole('link', { name: 'Lab' })).toHaveAttribute('aria-current', 'page');

	// Client-side navigation, then a fresh load of the prerendered page itself.
	await nav.getByRole('link', { name: 'Inspect SDP' }).click();
	await expect(page).toHaveURL(`${ORIGIN}${BASE}/inspect`);
	await expect(nav.getByRole('link', { name: 'Inspect SDP' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	await page.goto(`${ORIGIN}${BASE}/inspect`);
	await page
		.getByRole('textbox', { name: 'SDP or candidate' })
		.fill('candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0');
	await page.getByRole('button', { name: 'Explain' }).click();
	const candidate = page.getByRole('region', { name: 'Candidate' });
	await expect(candidate).toContainText('Priority 2122260223');
	await expect(candidate.getByLabel('Decoded candidate')).toContainText('host');
	await nav.getByRole('link', { name: 'Lab' }).click();
	await expect(page).toHaveURL(`${ORIGIN}${BASE}/`);
	await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();

	// A lesson runs there too: narration, a prediction, and the real handshake to the end.
	await page.goto(`${ORIGIN}${BASE}/learn`);
	await page.getByRole('main').getByRole('link').first().click();
	await expect(page).toHaveURL(new RegExp(`^${ORIGIN}${BASE}/learn/`));
	await expect(page.getByRole('region', { name: 'Lesson' })).toBeVisible();
	for (let i = 0, action = await walkAction(page); i < 40 && action !== 'ended'; i++) {
		const before = (await status(page).textContent()) ?? '';
		if (action === 'predict') {
			await page.getByRole('group', { name: 'Predict' }).getByRole('radio').first().check();
			await page.getByRole('button', { name: 'Check', exact: true }).click();
		} else await page.getByRole('button', { name: 'Next step' }).click();
		await expect(status(page)).not.toHaveText(before);
		action = await walkAction(page);
	}
	await expect(status(page)).toContainText('Connected.');

	expect(outside, 'same-origin requests outside the base').toEqual([]);
	// The static host answers the local-server probe with its own file: no 404, no console error.
	expect(missing, '404 responses').toEqual([]);
});

test('the embed runs inside sandbox="allow-scripts" when its host sends Access-Control-Allow-Origin', async ({
	page
}) => {
	// A stand-in course page on another origin than the lab, served for real on loopback (Chromium's
	// local network access checks let only a local page frame a local server), and closed after.
	// The lab's static host sends Access-Control-Allow-Origin: * (serve-static --cors), as the
	// README tells hosts to.
	const course = createServer((_, res) => {
		res.writeHead(200, { 'Content-Type': 'text/html' });
		res.end('<!doctype html><title>Course</title><body></body>');
	});
	await new Promise<void>((ok) => course.listen(0, '127.0.0.1', ok));
	const { port } = course.address() as { port: number };
	try {
		await page.goto(`http://127.0.0.1:${port}/`);
		await page.evaluate((src) => {
			const w = window as unknown as { messages: unknown[] };
			w.messages = [];
			addEventListener('message', (e) => w.messages.push({ data: e.data, origin: e.origin }));
			document.body.innerHTML = '';
			const frame = document.createElement('iframe');
			frame.setAttribute('sandbox', 'allow-scripts');
			frame.src = src;
			document.body.append(frame);
		}, `${ORIGIN}${BASE}/embed/why-signaling`);
		type Message = { data: { type: string; step?: string }; origin: string };
		const messages = () =>
			page.evaluate(() => (window as unknown as { messages: Message[] }).messages);
		await expect
			.poll(
				async () => (await messages()).find((m) => m.data.type === 'handshake-lab:ready')?.origin
			)
			.toBe('null');
		await page.evaluate(() =>
			document
				.querySelector('iframe')!
				.contentWindow!.postMessage({ type: 'handshake-lab:next' }, '*')
		);
		await expect
			.poll(
				async () => (await messages()).find((m) => m.data.type === 'handshake-lab:step')?.data.step
			)
			.toBe('start');
	} finally {
		await new Promise((done) => course.close(done));
	}
});
