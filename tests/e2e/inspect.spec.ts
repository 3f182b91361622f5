import type { Page } from '@playwright/test';
import { expect, status, test } from './fixtures';

const annotated = (page: Page) => page.getByRole('list', { name: 'Annotated SDP' });
const input = (page: Page) => page.getByRole('textbox', { name: 'SDP or candidate' });

async function explain(page: Page, text: string) {
	await input(page).fill(text);
	await page.getByRole('button', { name: 'Explain' }).click();
}

test("the lab's live offer and answer, with audio and video, have no unexplained line", async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('checkbox', { name: /Audio and video/ }).check();
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected.');
	for (const [peer, description] of [
		['Alice (offerer)', 'local offer'],
		['Bob (answerer)', 'local answer']
	]) {
		await page
			.getByRole('region', { name: peer })
			.getByRole('button', { name: description })
			.click();
		const lines = annotated(page).getByRole('listitem');
		await expect(lines.first()).toContainText('v=0');
		expect(await lines.count()).toBeGreaterThan(40);
		await expect(lines.filter({ hasText: 'a=rtpmap:111 opus/48000/2' })).toHaveCount(1);
		await expect(lines.filter({ hasText: 'Not explained yet' })).toHaveCount(0);
	}
	await expect(page.getByRole('region', { name: 'Offer and answer' })).toContainText(
		'Bob answered recvonly'
	);
});

test("a pasted malformed SDP shows the browser parser's own error, and the input stays", async ({
	page
}) => {
	await page.goto('/inspect');
	const sdp =
		'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nthis is not sdp\r\n';
	await explain(page, sdp);
	await expect(page.getByRole('alert').first()).toContainText(
		/OperationError: .*Failed to parse SessionDescription/
	);
	await expect(annotated(page).getByRole('listitem')).toHaveCount(6);
	await expect(
		annotated(page).getByRole('listitem').filter({ hasText: 'this is not sdp' })
	).toContainText('Not explained yet');
	// A textarea's value normalizes line breaks to LF (HTML §4.10.11): nothing else changes.
	await expect(input(page)).toHaveValue(sdp.replace(/\r\n/g, '\n'));
});

test('markup in a pasted SDP renders as text, never as HTML', async ({ page }) => {
	let dialog = false;
	page.on('dialog', (d) => {
		dialog = true;
		void d.dismiss();
	});
	await page.goto('/inspect');
	const xss = ['a=x-test:<script>alert(1)</script>', 'a=x-img:<img src=x onerror=alert(2)>'];
	await explain(page, ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...xss].join('\n'));
	for (const line of xss)
		await expect(annotated(page).getByRole('listitem').filter({ hasText: line })).toHaveCount(1);
	await expect(page.locator('main img')).toHaveCount(0);
	await expect(page.locator('main script')).toHaveCount(0);
	expect(dialog).toBe(false);
});

test('a candidate line decodes into the right priority parts', async ({ page }) => {
	await page.goto('/inspect');
	await explain(page, 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0');
	const region = page.getByRole('region', { name: 'Candidate' });
	// RFC 8445 §5.1.2.1: 2^24 × 126 + 2^8 × 32542 + (256 − 1) = 2122260223
	await expect(region).toContainText('Priority 2122260223');
	await expect(region).toContainText('type preference 126');
	await expect(region).toContainText('local preference 32542');
	await expect(region).toContainText('component 1');
	await expect(region.getByLabel('Decoded candidate')).toContainText('host');
});

test('text typed before the page script arrives is kept, and Explain waits for the script', async ({
	page
}) => {
	// A slow link: the page is drawn, but its script (which the load event does not wait for) lags.
	let release = () => {};
	const arrived = new Promise<void>((resolve) => (release = resolve));
	await page.route(/\/_app\/immutable\/(entry|nodes)\//, async (route) => {
		await arrived;
		await route.continue();
	});
	await page.goto('/inspect');
	const line = 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0';
	await input(page).fill(line);
	const button = page.getByRole('button', { name: 'Explain' });
	await expect(button).toBeDisabled();
	release();
	await expect(button).toBeEnabled();
	await expect(input(page)).toHaveValue(line);
	await button.click();
	await expect(page.getByRole('region', { name: 'Candidate' })).toContainText(
		'Priority 2122260223'
	);
	expect(new URL(page.url()).search).toBe('');
});

test('bad input gets a clear message and nothing typed is lost', async ({ page }) => {
	await page.goto('/inspect');
	await page.getByRole('button', { name: 'Explain' }).click();
	await expect(page.getByRole('alert')).toContainText('Paste an SDP or a candidate line first.');
	const junk = 'hello\u0000\u0001\u0002 world';
	await explain(page, junk);
	await expect(page.getByRole('alert').first()).toBeVisible();
	await expect(input(page)).toHaveValue(junk);
	const huge = 'v=0\n' + 'a=x:'.padEnd(300 * 1024, 'x');
	await explain(page, huge);
	await expect(page.getByRole('alert').first()).toContainText(/KB|bytes/);
	await expect(annotated(page)).toHaveCount(0);
});
