import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, stateOf, status, test, walkAction } from './fixtures';

const lessonRegion = (page: Page) => page.getByRole('region', { name: 'Lesson' });

test('/learn lists at least seven lessons, each a link to its page', async ({ page }) => {
	await page.goto('/learn');
	const links = page.getByRole('main').getByRole('listitem').getByRole('link');
	expect(await links.count()).toBeGreaterThanOrEqual(7);
	await links.first().click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(lessonRegion(page)).toBeVisible();
});

test('a lesson walked from start to end: the narration follows, predictions come before their step', async ({
	page
}) => {
	await page.goto('/learn/why-signaling');
	const narrations: string[] = [];
	let predictions = 0;
	for (let i = 0, action = await walkAction(page); i < 40 && action !== 'ended'; i++) {
		const before = (await status(page).textContent()) ?? '';
		if (action === 'predict') {
			// The step waits for the prediction: Next step is not available until Check.
			await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
			await page.getByRole('group', { name: 'Predict' }).getByRole('radio').last().check();
			await page.getByRole('button', { name: 'Check', exact: true }).click();
			await expect(status(page)).not.toHaveText(before);
			await expect(lessonRegion(page).locator('.verdict')).toContainText(
				/^(Right\.|Not quite: the answer is)/
			);
			predictions++;
		} else {
			await page.getByRole('button', { name: 'Next step' }).click();
			await expect(status(page)).not.toHaveText(before);
		}
		action = await walkAction(page);
		const text = ((await lessonRegion(page).textContent()) ?? '').trim();
		if (narrations.at(-1) !== text) narrations.push(text);
	}
	await expect(status(page)).toContainText('Connected.');
	expect(predictions).toBeGreaterThan(0);
	// The narration moved with the walk: several different texts, ending with the lesson's end.
	expect(new Set(narrations).size).toBeGreaterThan(3);
	await expect(stateOf(page, 'Bob (answerer)', 'connection state')).toHaveText('connected');
});

test('an embed in a sandboxed iframe announces itself, advances on next, and ignores other windows', async ({
	page,
	baseURL
}) => {
	await page.goto('/inspect'); // any page of the same server, to host the frames
	await page.evaluate((src) => {
		const w = window as unknown as { messages: unknown[] };
		w.messages = [];
		addEventListener('message', (e) => w.messages.push(e.data));
		document.body.innerHTML = '';
		const frame = document.createElement('iframe');
		frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
		frame.src = src;
		frame.width = '640';
		frame.height = '400';
		document.body.append(frame);
	}, `${baseURL}/embed/why-signaling`);
	const messages = () =>
		page.evaluate(
			() =>
				(
					window as unknown as {
						messages: {
							type: string;
							step?: string;
							index?: number;
							lesson?: string;
							steps?: string[];
							states?: Record<string, Record<string, string>>;
						}[];
					}
				).messages
		);
	await expect
		.poll(async () => (await messages()).find((m) => m.type === 'handshake-lab:ready'))
		.toMatchObject({ lesson: 'why-signaling' });
	const ready = (await messages()).find((m) => m.type === 'handshake-lab:ready')!;
	expect(ready.steps).toContain('alice.createOffer');

	// A window that is not the parent (a sibling frame) sends next: ignored.
	await page.evaluate(() => {
		const sibling = document.createElement('iframe');
		sibling.srcdoc =
			"<script>parent.frames[0].postMessage({ type: 'handshake-lab:next' }, '*')</' + 'script>";
		document.body.append(sibling);
	});
	await page.waitForTimeout(700);
	expect((await messages()).filter((m) => m.type === 'handshake-lab:step')).toEqual([]);

	// The parent sends next: the embed takes the first step and says so, with the states.
	await page.evaluate(() =>
		document
			.querySelector('iframe')!
			.contentWindow!.postMessage({ type: 'handshake-lab:next' }, '*')
	);
	await expect
		.poll(async () => (await messages()).filter((m) => m.type === 'handshake-lab:step').length)
		.toBe(1);
	const step = (await messages()).find((m) => m.type === 'handshake-lab:step')!;
	expect(step).toMatchObject({ step: 'start', index: 0 });
	expect(step.states?.alice?.signaling).toBe('stable');
	// A message that does not match the schema is ignored too.
	await page.evaluate(() =>
		document
			.querySelector('iframe')!
			.contentWindow!.postMessage({ type: 'handshake-lab:next', x: 1 }, '*')
	);
	await page.waitForTimeout(500);
	expect((await messages()).filter((m) => m.type === 'handshake-lab:step').length).toBe(1);
});

test('a recorded trace imported into the lab replays, marked as a recording', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
	const recording = await readFile('static/traces/mdns-host-candidates.trace.json', 'utf8');
	await page.locator('input[type=file]').setInputFiles({
		name: 'mdns.trace.json',
		mimeType: 'application/json',
		buffer: Buffer.from(recording)
	});
	await expect(page.getByRole('note')).toContainText('Recording, not live');
	await page.getByRole('button', { name: 'Next step' }).click();
	await expect(stateOf(page, 'Alice (offerer)', 'signaling state')).toHaveText('stable');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Replayed.', { timeout: 30_000 });
	await expect(stateOf(page, 'Bob (answerer)', 'connection state')).toHaveText('connected');
	await expect(page.getByRole('region', { name: 'Alice (offerer)' })).toContainText('.local');
	await page.getByRole('button', { name: 'Back to live' }).click();
	await expect(page.getByRole('note')).toHaveCount(0);
});

test('a bad trace file shows an alert and leaves the session as it was', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	const before = await page
		.getByRole('region', { name: 'Sequence diagram' })
		.getByRole('button')
		.count();
	const bad = JSON.stringify({
		version: 1,
		events: [{ t: 0, type: 'api-call', peer: 'alice', method: 'createOffer', phase: 'done' }]
	});
	await page.locator('input[type=file]').setInputFiles({
		name: 'bad.trace.json',
		mimeType: 'application/json',
		buffer: Buffer.from(bad)
	});
	await expect(page.getByRole('alert')).toContainText(
		'events[0].phase: expected one of "start", "resolve", "reject", got "done"'
	);
	await expect(status(page)).toContainText('Connected.');
	await expect(page.getByRole('note')).toHaveCount(0);
	expect(
		await page.getByRole('region', { name: 'Sequence diagram' }).getByRole('button').count()
	).toBe(before);
});
