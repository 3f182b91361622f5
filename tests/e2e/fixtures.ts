import { test as base, expect, type Locator, type Page } from '@playwright/test';

/** Every test fails if the page logged a console error or threw: errors belong on the page. */
export const test = base.extend<{ consoleErrors: string[] }>({
	consoleErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('console', (m) => {
				if (m.type() === 'error') errors.push(m.text());
			});
			page.on('pageerror', (e) => errors.push(String(e)));
			await use(errors);
			expect(errors, 'console errors').toEqual([]);
		},
		{ auto: true }
	]
});
export { expect };

export type PeerTitle = 'Alice (offerer)' | 'Bob (answerer)';
export type StateLabel =
	'signaling state' | 'ICE gathering state' | 'ICE connection state' | 'connection state';

export const peer = (page: Page, title: PeerTitle) => page.getByRole('region', { name: title });
export const stateOf = (page: Page, title: PeerTitle, label: StateLabel): Locator =>
	peer(page, title).getByLabel(label, { exact: true });
export const status = (page: Page) => page.getByRole('status');
export const bus = (page: Page) => page.getByRole('region', { name: 'Signaling bus' });

/** The sentence that says what the next step will do (or how the handshake ended). */
export async function outlook(page: Page): Promise<string> {
	return ((await status(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

export type WalkAction = 'ended' | 'predict' | 'next';

/**
 * Waits until the step under way is over, and says what the walk can do now: the handshake has
 * ended, a lesson's prediction waits for an answer, or Next step is usable. A step's status can
 * pass through a wait ("Wait for the message to arrive…") on its way to the end, so neither a
 * changed status nor a disabled Next step alone means the walk can go on.
 */
export async function walkAction(page: Page): Promise<WalkAction> {
	const next = page.getByRole('button', { name: 'Next step' });
	const predict = page.getByRole('group', { name: 'Predict' });
	let action: WalkAction = 'next';
	await expect(async () => {
		if (/^(Connected|Stopped)\./.test(await outlook(page))) action = 'ended';
		else if (await predict.count()) action = 'predict';
		else if (await next.isEnabled()) action = 'next';
		else throw new Error(`the step under way has not ended: ${await outlook(page)}`);
	}).toPass();
	return action;
}

/** Takes one guided step and waits until it has completed: the status sentence moves on. */
export async function nextStep(page: Page): Promise<string> {
	const before = await outlook(page);
	const next = page.getByRole('button', { name: 'Next step' });
	await expect(next).toBeEnabled();
	await next.click();
	await expect.poll(() => outlook(page)).not.toBe(before);
	await walkAction(page);
	return before;
}

/** Takes guided steps until the handshake has ended (at most 40). */
export async function walkToEnd(page: Page): Promise<void> {
	for (let i = 0; i < 40 && !/^(Connected|Stopped)\./.test(await outlook(page)); i++)
		await nextStep(page);
}
