import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, outlook, stateOf, status, test, walkToEnd } from './fixtures';

async function download(page: Page, click: () => Promise<void>): Promise<string> {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	return readFile((await file.path())!, 'utf8');
}

/** Every IP address written anywhere in a text (node's own parser decides what is one). */
function addresses(text: string): Set<string> {
	const found = new Set<string>();
	for (const token of text.split(/[^0-9A-Fa-f:.]+/)) {
		const t = token.replace(/^[:.]+|[:.]+$/g, '');
		if (isIP(t)) found.add(t.toLowerCase());
		// `ip:port` as coturn and URLs write it
		const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(t)?.[1];
		if (v4 && isIP(v4)) found.add(v4);
	}
	return found;
}

// Not personal: the wildcard, loopback (the local coturn) and Chromium's own masked 0.0.0.x.
const kept = (a: string) => a === '0.0.0.0' || a === '::' || a.startsWith('127.') || a === '::1';

test('Export trace redacts every address of a STUN run, and the redacted trace still replays', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.getByRole('radio', { name: 'Local STUN' })).toBeEnabled();
	await page.getByRole('radio', { name: 'Local STUN' }).check();
	// Step by step: Alice has gathered her srflx candidate long before Bob can check. (With Play,
	// ICE can connect on host candidates first and Chromium then stops gathering.)
	await walkToEnd(page);
	await expect(status(page)).toContainText('Connected.');
	for (const title of ['Alice (offerer)', 'Bob (answerer)'] as const)
		await expect(stateOf(page, title, 'ICE gathering state')).toHaveText('complete');

	// The unredacted file, only after the warning says what it holds.
	await page.getByRole('button', { name: 'Export unredacted…' }).click();
	const warning = page.getByRole('alertdialog', { name: 'Export unredacted' });
	await expect(warning).toContainText('real IP addresses');
	const raw = await download(page, () =>
		warning.getByRole('button', { name: 'Export with addresses and secrets' }).click()
	);
	const real = [...addresses(raw)].filter((a) => !kept(a));
	expect(real.length, 'real addresses in the unredacted run').toBeGreaterThan(0);
	expect(raw).toMatch(/a=ice-pwd:(?!REDACTED)/);

	const redacted = await download(page, () =>
		page.getByRole('button', { name: 'Export trace' }).click()
	);
	for (const address of real) expect(addresses(redacted).has(address), address).toBe(false);
	expect(redacted).not.toMatch(/a=ice-pwd:(?!REDACTED)/);
	const file = JSON.parse(redacted);
	expect(file.redacted).toBe(true);
	// Candidate types and ports stay.
	expect(redacted).toMatch(/ typ srflx /);

	await page.locator('input[type=file]').setInputFiles({
		name: 'redacted.trace.json',
		mimeType: 'application/json',
		buffer: Buffer.from(redacted)
	});
	await expect(page.getByRole('note')).toContainText('Recording, not live');
	// Step through the replay: played, it would take the recording's own (stepped, so slow) time.
	const next = page.getByRole('button', { name: 'Next step' });
	for (let i = 0; i < 60 && !/^Replayed\./.test(await outlook(page)); i++) {
		const before = await outlook(page);
		await next.click();
		await expect.poll(() => outlook(page)).not.toBe(before);
	}
	await expect(status(page)).toContainText('Replayed.');
	await expect(stateOf(page, 'Bob (answerer)', 'connection state')).toHaveText('connected');
});
