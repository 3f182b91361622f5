import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, stateOf, status, test, walkToEnd } from './fixtures';

// These run against `npm run preview`, which starts a real coturn on 127.0.0.1 with a credential
// made for this run (scripts/vite-plugin-lab-servers.js); the page learns it from the server.

type Ev = {
	type: string;
	peer?: string;
	candidate?: string | null;
	url?: string | null;
	method?: string;
	outcome?: string;
	code?: number;
};

async function play(page: Page) {
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText(/^(Connected|Stopped)\./, { timeout: 20_000 });
}

async function exportTrace(page: Page): Promise<Ev[]> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export trace' }).click()
	]);
	return JSON.parse(await readFile((await download.path())!, 'utf8')).events;
}

const diagram = (page: Page) => page.getByRole('region', { name: 'Sequence diagram' });
const happened = (page: Page) => page.getByRole('region', { name: 'What happened' });

async function open(page: Page) {
	await page.goto('/');
	// The local server's URLs come from the preview server, not from the bundle.
	await expect(page.getByRole('radio', { name: 'Local STUN' })).toBeEnabled();
}

test('Local STUN: each peer asks the server, and a srflx candidate or What happened shows the answer', async ({
	page
}) => {
	await open(page);
	const servers = await (await page.request.get('/__lab/ice-servers.json')).json();
	await page.getByRole('radio', { name: 'Local STUN' }).check();
	// Step by step, Alice has gathered long before Bob can check: her srflx candidate is certain.
	await walkToEnd(page);
	await expect(status(page)).toContainText('Connected.');
	for (const title of ['Alice (offerer)', 'Bob (answerer)'] as const)
		await expect(stateOf(page, title, 'ICE gathering state')).toHaveText('complete');
	for (const peer of ['Alice', 'Bob'])
		await expect(
			diagram(page)
				.getByRole('button', { name: `BINDING succeeded for ${peer}, observed at the server` })
				.first()
		).toBeVisible();
	const events = await exportTrace(page);
	const srflx = (peer: string) =>
		events.filter(
			(e) => e.type === 'ice-candidate' && e.peer === peer && / typ srflx /.test(e.candidate ?? '')
		);
	expect(srflx('alice').length, "Alice's srflx candidates").toBeGreaterThan(0);
	expect(srflx('alice')[0]?.url).toBe(servers.stun.urls);
	// Bob already has Alice's candidates when he starts gathering, so his ICE may connect on a
	// host pair before the STUN answer comes back; then Chromium stops gathering (measured here)
	// and What happened says so. Either way his Binding reached the server (above).
	if (srflx('bob').length) expect(srflx('bob')[0]?.url).toBe(servers.stun.urls);
	else await expect(happened(page)).toContainText("Bob's gathering ended at");
	expect(
		events.some((e) => e.type === 'server-log' && e.method === 'BINDING' && e.outcome === 'success')
	).toBe(true);
});

test('Local TURN (relay only): connects through a relay/relay pair, and the server logs the ALLOCATE', async ({
	page
}) => {
	await open(page);
	await page.getByRole('radio', { name: 'Local TURN (relay only)' }).check();
	await play(page);
	await expect(status(page)).toContainText('Connected.');
	await expect(stateOf(page, 'Alice (offerer)', 'connection state')).toHaveText('connected');
	const pairs = page.getByRole('region', { name: 'Candidate pairs' });
	await expect(pairs).toContainText('Selected pair: through the TURN relay');
	const selected = pairs.getByRole('row').and(pairs.locator('[aria-current="true"]'));
	await expect(selected.getByRole('cell').nth(0)).toContainText(/^relay udp /);
	await expect(selected.getByRole('cell').nth(1)).toContainText(/^relay udp /);
	await expect(happened(page)).toContainText("Alice's selected pair: relay");
	await expect(
		diagram(page)
			.getByRole('button', { name: /^ALLOCATE succeeded for (Alice|Bob), observed at the server$/ })
			.first()
	).toBeVisible();
	const events = await exportTrace(page);
	expect(
		events
			.filter((e) => e.type === 'ice-candidate' && e.candidate)
			.every((e) => / typ relay /.test(e.candidate!))
	).toBe(true);
	expect(
		events.some(
			(e) => e.type === 'server-log' && e.method === 'ALLOCATE' && e.outcome === 'success'
		)
	).toBe(true);
});

test('a wrong TURN credential shows the 401 on the page, and why nothing connects', async ({
	page
}) => {
	await open(page);
	const servers = await (await page.request.get('/__lab/ice-servers.json')).json();
	await page.getByRole('radio', { name: 'Custom' }).check();
	await page.getByLabel('Server URL').fill(servers.turn.urls);
	await page.getByLabel('Username').fill(servers.turn.username);
	await page.getByLabel('Credential').fill('not-the-credential');
	await page.getByRole('checkbox', { name: 'Relay only' }).check();
	await play(page);
	await expect(
		page.getByRole('alert').filter({ hasText: 'ICE candidate error 401' }).first()
	).toBeVisible();
	await expect(happened(page)).toContainText(
		'the server refused the credential (401 Unauthorized)'
	);
	await expect(happened(page)).toContainText('Relay only, and Alice gathered no relay candidate');
	await expect(stateOf(page, 'Alice (offerer)', 'connection state')).not.toHaveText('connected');
});

test('Custom with the local TURN server works like the preset', async ({ page }) => {
	await open(page);
	const servers = await (await page.request.get('/__lab/ice-servers.json')).json();
	await page.getByRole('radio', { name: 'Custom' }).check();
	await expect(page.getByRole('button', { name: 'Start' })).toBeDisabled();
	await expect(page.getByRole('alert').filter({ hasText: 'Enter a server URL' })).toBeVisible();
	await page.getByLabel('Server URL').fill(servers.turn.urls);
	await page.getByLabel('Username').fill(servers.turn.username);
	await page.getByLabel('Credential').fill(servers.turn.credential);
	await page.getByRole('checkbox', { name: 'Relay only' }).check();
	await play(page);
	await expect(status(page)).toContainText('Connected.');
	await expect(page.getByRole('region', { name: 'Candidate pairs' })).toContainText(
		'Selected pair: through the TURN relay'
	);
});

test('vanilla and trickle ICE both connect, and the page shows what trickling saved', async ({
	page
}) => {
	await open(page);
	await page.getByRole('radio', { name: 'Local STUN' }).check();
	await page.getByRole('checkbox', { name: /Trickle ICE/ }).uncheck();
	await play(page);
	await expect(status(page)).toContainText('Connected.');
	await expect(happened(page)).toContainText(
		/Vanilla ICE: Alice's offer waited \d+ ms for gathering to complete/
	);
	const vanilla = await exportTrace(page);
	expect(
		vanilla.filter((e) => e.type === 'bus-message' && (e as { kind?: string }).kind === 'candidate')
	).toEqual([]);

	await page.getByRole('button', { name: 'Reset' }).click();
	await page.getByRole('checkbox', { name: /Trickle ICE/ }).check();
	await play(page);
	await expect(status(page)).toContainText('Connected.');
	await expect(happened(page)).toContainText(
		/Trickle ICE: Alice's offer left at \d+ ms, \d+ ms before her gathering completed/
	);
});
