import { readFile } from 'node:fs/promises';
import {
	bus,
	expect,
	nextStep,
	outlook,
	stateOf,
	status,
	test,
	type PeerTitle,
	type StateLabel
} from './fixtures';
import type { Page } from '@playwright/test';

const ALICE: PeerTitle = 'Alice (offerer)';
const BOB: PeerTitle = 'Bob (answerer)';
type Expected = Partial<Record<StateLabel, string | RegExp>>;

async function expectStates(page: Page, title: PeerTitle, expected: Expected) {
	for (const [label, value] of Object.entries(expected) as [StateLabel, string | RegExp][]) {
		await expect(stateOf(page, title, label), `${title} ${label}`).toHaveText(value);
	}
}

/**
 * What WebRTC must show after each step (JSEP RFC 8829 §3.2, webrtc-pc §4.3): keyed by the start of
 * the sentence the lab showed before the step was taken.
 */
const AFTER: [RegExp, Expected, Expected][] = [
	[
		/^Next: Create Alice's and Bob's RTCPeerConnection/,
		{
			'signaling state': 'stable',
			'ICE gathering state': 'new',
			'ICE connection state': 'new',
			'connection state': 'new'
		},
		{
			'signaling state': 'stable',
			'ICE gathering state': 'new',
			'ICE connection state': 'new',
			'connection state': 'new'
		}
	],
	[
		/^Next: Alice calls createOffer/,
		{ 'signaling state': 'stable', 'ICE gathering state': 'new', 'connection state': 'new' },
		{ 'signaling state': 'stable' }
	],
	[
		/^Next: Alice calls setLocalDescription/,
		{
			'signaling state': 'have-local-offer',
			'ICE gathering state': /^(gathering|complete)$/,
			'ICE connection state': 'new',
			'connection state': 'new'
		},
		{ 'signaling state': 'stable', 'ICE gathering state': 'new' }
	],
	[
		/^Next: Deliver Alice's offer/,
		{ 'signaling state': 'have-local-offer' },
		{ 'signaling state': 'stable' }
	],
	[
		/^Next: Bob calls setRemoteDescription/,
		{ 'signaling state': 'have-local-offer' },
		{
			'signaling state': 'have-remote-offer',
			'ICE gathering state': 'new',
			'ICE connection state': 'new',
			'connection state': 'new'
		}
	],
	[
		/^Next: Bob calls createAnswer/,
		{ 'signaling state': 'have-local-offer' },
		{ 'signaling state': 'have-remote-offer' }
	],
	[
		/^Next: Bob calls setLocalDescription/,
		{ 'signaling state': 'have-local-offer' },
		{ 'signaling state': 'stable', 'ICE gathering state': /^(gathering|complete)$/ }
	],
	[
		/^Next: Deliver Bob's answer/,
		{ 'signaling state': 'have-local-offer' },
		{ 'signaling state': 'stable' }
	],
	[
		/^Next: Alice calls setRemoteDescription/,
		{ 'signaling state': 'stable', 'ICE gathering state': 'complete' },
		{ 'signaling state': 'stable' }
	],
	// Trickle ICE: Alice's candidates go to Bob as soon as he has her offer, before his answer.
	[
		/^Next: Deliver Alice's .*candidate/,
		{ 'signaling state': /^(have-local-offer|stable)$/ },
		{ 'signaling state': /^(have-remote-offer|stable)$/ }
	],
	[
		/^Next: Deliver Bob's .*candidate/,
		{ 'signaling state': 'stable' },
		{ 'signaling state': 'stable' }
	],
	[
		/^Next: Deliver .* end-of-candidates/,
		{ 'signaling state': /^(have-local-offer|stable)$/ },
		{ 'signaling state': /^(have-remote-offer|stable)$/ }
	],
	[
		/^Next: Wait for the connectivity checks/,
		{ 'ICE connection state': /^(connected|completed)$/, 'connection state': 'connected' },
		{ 'ICE connection state': /^(connected|completed)$/, 'connection state': 'connected' }
	],
	[
		/^Next: The data channel "chat" is open\. Alice sends/,
		{ 'connection state': 'connected' },
		{ 'connection state': 'connected' }
	],
	[/^Next: Bob echoes/, { 'connection state': 'connected' }, { 'connection state': 'connected' }]
];

test('a guided walk from Start to the echoed message shows the right states after every step', async ({
	page
}) => {
	await page.goto('/');
	const taken: string[] = [];
	while (!/^(Connected|Stopped)\./.test(await outlook(page))) {
		const sentence = await nextStep(page);
		taken.push(sentence);
		const rule = AFTER.find(([pattern]) => pattern.test(sentence));
		expect(rule, `a rule for "${sentence}"`).toBeDefined();
		await expectStates(page, ALICE, rule![1]);
		await expectStates(page, BOB, rule![2]);
		expect(taken.length, 'steps').toBeLessThan(40);
	}
	await expect(status(page)).toContainText('Connected. Done: Alice got her message back from Bob');
	for (const title of [ALICE, BOB])
		await expectStates(page, title, {
			'signaling state': 'stable',
			'ICE gathering state': 'complete',
			'connection state': 'connected'
		});
	// The order of the exchange itself (JSEP): the offer, then the answer, then data.
	const order = [
		/createOffer/,
		/Alice calls setLocalDescription/,
		/Deliver Alice's offer/,
		/Bob calls setRemoteDescription/,
		/createAnswer/,
		/Bob calls setLocalDescription/,
		/Deliver Bob's answer/,
		/Alice calls setRemoteDescription/
	];
	const at = (pattern: RegExp) => taken.findIndex((s) => pattern.test(s));
	const positions = order.map(at);
	expect(positions, 'the offer/answer steps, in order').toEqual(
		[...positions].sort((a, b) => a - b)
	);
	expect(Math.min(...positions)).toBe(1);
	// Trickle ICE: each side's candidates go once the receiver has the description they belong
	// to. Alice's reach Bob before his answer; Bob's reach Alice after she has set it.
	const alices = taken.flatMap((s, i) => (/Deliver Alice's host candidate/.test(s) ? [i] : []));
	const bobs = taken.flatMap((s, i) => (/Deliver Bob's host candidate/.test(s) ? [i] : []));
	expect(alices.length).toBeGreaterThan(0);
	expect(bobs.length).toBeGreaterThan(0);
	for (const i of alices) {
		expect(i).toBeGreaterThan(at(/Bob calls setRemoteDescription/));
		expect(i).toBeLessThan(at(/createAnswer/));
	}
	for (const i of bobs) expect(i).toBeGreaterThan(at(/Alice calls setRemoteDescription/));
	expect(taken.at(-1)).toMatch(/Bob echoes/);
	test.info().annotations.push({ type: 'guided steps', description: String(taken.length) });
	await expect(page.getByRole('alert')).toHaveCount(0);
});

test('Play runs the whole handshake to connected, and Pause stops it', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected. Done');
	for (const title of [ALICE, BOB])
		await expectStates(page, title, { 'connection state': 'connected' });

	await page.getByRole('button', { name: 'Reset' }).click();
	await expectStates(page, ALICE, { 'signaling state': '—' });
	// A live handshake takes ~30 ms, faster than any click, and the controls show Play only after
	// up to 100 ms: pause with space in the same task as Play, before the first real call has
	// resolved. Space asks the session itself whether it plays.
	await page.evaluate(() => {
		[...document.querySelectorAll('button')]
			.find((b) => b.textContent?.trim().startsWith('Play'))!
			.click();
		document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
	});
	await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
	// Pause lets the step under way finish, then takes no more.
	await expect(page.getByRole('button', { name: 'Next step' })).toBeEnabled();
	const paused = await outlook(page);
	// Paused stays paused: nothing moves on its own.
	await page.waitForTimeout(300);
	expect(await outlook(page)).toBe(paused);
	expect(paused).not.toMatch(/^Connected/);
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected. Done');
});

test('the keyboard drives the lab: → steps, space plays, r resets', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
	await page.keyboard.press('ArrowRight');
	await expect(stateOf(page, ALICE, 'signaling state')).toHaveText('stable');
	await expect(status(page)).toContainText('Alice calls createOffer');
	await page.keyboard.press('ArrowRight');
	await expect(status(page)).toContainText('Alice calls setLocalDescription');
	await page.keyboard.press(' ');
	await expect(status(page)).toContainText('Connected. Done');
	await page.keyboard.press('r');
	await expect(stateOf(page, BOB, 'connection state')).toHaveText('—');
	// The shortcuts can be switched off (WCAG 2.1.4): then → does nothing.
	await page.getByRole('checkbox', { name: 'Single-key shortcuts' }).uncheck();
	await page.locator('body').click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('ArrowRight');
	await page.waitForTimeout(300);
	await expect(stateOf(page, ALICE, 'signaling state')).toHaveText('—');
});

test('dropping every candidate leaves both peers unconnected, and the page says why', async ({
	page
}) => {
	await page.goto('/');
	// Walk until candidates are all that is left to deliver, dropping each one as it waits.
	const held = bus(page)
		.getByRole('listitem')
		.filter({ hasText: / candidate / });
	for (let i = 0; i < 40 && !/^(Connected|Stopped)\./.test(await outlook(page)); i++) {
		while ((await held.count()) > 0)
			await held.first().getByRole('button', { name: 'Drop' }).click();
		if (/^(Connected|Stopped)\./.test(await outlook(page))) break;
		await nextStep(page);
	}
	await expect(status(page)).toContainText(
		'Not connected: neither peer has added a candidate of the other'
	);
	for (const title of [ALICE, BOB]) {
		await expectStates(page, title, {
			'signaling state': 'stable',
			'ICE connection state': 'new',
			'connection state': 'new'
		});
	}
	await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
	await expect(
		page
			.getByRole('region', { name: 'Sequence diagram' })
			.getByRole('button', { name: /candidate #\d+ dropped/ })
			.first()
	).toBeVisible();
});

test("a candidate delivered before the offer shows the browser's real InvalidStateError", async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Start' }).click();
	await nextStep(page); // createOffer
	await nextStep(page); // setLocalDescription: the offer and Alice's candidates wait on the bus
	const candidate = bus(page)
		.getByRole('listitem')
		.filter({ hasText: / candidate / })
		.first();
	await candidate.getByRole('button', { name: 'Deliver' }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText("Bob's addIceCandidate() failed: InvalidStateError");
	await expect(alert).toContainText('The remote description was null');
	await expect(stateOf(page, BOB, 'signaling state')).toHaveText('stable');
});

test('Export trace downloads the real offer, answer and candidates of both peers', async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected. Done');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export trace' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^[a-z0-9-]+\.trace\.json$/);
	const trace = JSON.parse(await readFile((await download.path())!, 'utf8'));
	expect(trace.version).toBe(1);
	type Ev = {
		t: number;
		type: string;
		peer?: string;
		description?: { type: string; sdp: string };
		candidate?: string | null;
	};
	const events: Ev[] = trace.events;
	for (const e of events) expect(typeof e.t).toBe('number');
	const offer = events.find(
		(e) => e.type === 'local-description' && e.peer === 'alice'
	)?.description;
	expect(offer?.type).toBe('offer');
	expect(offer?.sdp).toMatch(/^a=fingerprint:sha-256 [0-9A-F:]+\r?$/m);
	expect(offer?.sdp).toMatch(/^a=ice-ufrag:\S+\r?$/m);
	const answer = events.find(
		(e) => e.type === 'local-description' && e.peer === 'bob'
	)?.description;
	expect(answer?.type).toBe('answer');
	expect(answer?.sdp).toMatch(/^a=setup:(active|passive)\r?$/m);
	for (const peer of ['alice', 'bob'])
		expect(
			events.filter(
				(e) =>
					e.type === 'ice-candidate' && e.peer === peer && e.candidate?.startsWith('candidate:')
			).length
		).toBeGreaterThan(0);
});

test('selecting an arrow shows its payload in the Inspector', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Play' }).click();
	await expect(status(page)).toContainText('Connected. Done');
	const diagram = page.getByRole('region', { name: 'Sequence diagram' });
	await diagram.getByRole('button', { name: "Alice's offer #1 sent to the bus" }).click();
	const inspector = page.getByRole('region', { name: 'Inspector' });
	await expect(inspector.getByRole('list', { name: 'Annotated SDP' })).toContainText(
		'a=ice-ufrag:'
	);
	// Enter on a focused item selects it too.
	await diagram
		.getByRole('button', { name: /Alice gathered a candidate/ })
		.first()
		.focus();
	await page.keyboard.press('Enter');
	await expect(inspector.getByLabel('Decoded candidate')).toContainText('host');
});
