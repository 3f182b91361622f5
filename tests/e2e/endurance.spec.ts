import { expect, status, test } from './fixtures';

// Chromium allows 500 RTCPeerConnections per page and closed ones count until garbage
// collection: 300 rounds of two connections each pass only if Reset really lets them go.
test('300 rounds of Play to connected and Reset in one page', async ({ page }) => {
	test.setTimeout(600_000);
	await page.goto('/');
	const play = page.getByRole('button', { name: 'Play' });
	const reset = page.getByRole('button', { name: 'Reset' });
	for (let round = 1; round <= 300; round++) {
		await play.click();
		await expect(status(page), `round ${round}`).toContainText('Connected. Done');
		await expect(page.getByRole('alert')).toHaveCount(0);
		await reset.click();
	}
	await expect(page.getByText('Cannot create so many PeerConnections')).toHaveCount(0);
});
