// Play → `connected` and Play → data channel open: the lab in auto mode against the bare baseline
// page (static/bench/baseline.html), in one browser, runs interleaved.
import { readFile } from 'node:fs/promises';
import { summarize, waitForText } from './util.js';

/**
 * The handshake as a chain of milestones, each the first time it happened in ms since Play (the
 * baseline page names them so; the lab's come from its trace). Differences of their medians say
 * where the lab's extra time goes; a negative one means the two came in the other order. `call`: the segment
 * ends with an API call resolving; for the lab, the time before that call started is its own
 * work between steps (the choreography and the bus), the rest is the call until its result
 * arrives. Candidates are left out: when the first one is added depends on the order of the
 * other calls, which differs between the two pages.
 */
const CHAIN = [
	{ name: 'alice.createOffer', label: 'Play → Alice createOffer resolved', call: true },
	{ name: 'alice.setLocalDescription', label: '→ Alice setLocalDescription(offer)', call: true },
	{ name: 'bob.setRemoteDescription', label: '→ Bob setRemoteDescription(offer)', call: true },
	{ name: 'bob.createAnswer', label: '→ Bob createAnswer', call: true },
	{ name: 'bob.setLocalDescription', label: '→ Bob setLocalDescription(answer)', call: true },
	{ name: 'alice.setRemoteDescription', label: '→ Alice setRemoteDescription(answer)', call: true },
	{ name: 'both.iceConnected', label: '→ ICE connected (both)', call: false },
	{ name: 'both.open', label: '→ data channel open (both)', call: false },
	{ name: 'both.connected', label: '→ connection connected (both)', call: false }
];

/**
 * Adds the `both.*` milestones: the later of the two peers.
 * @param {Record<string, number>} marks
 */
function withBoth(marks) {
	for (const what of ['iceConnected', 'open', 'connected'])
		marks[`both.${what}`] = Math.max(marks[`alice.${what}`] ?? NaN, marks[`bob.${what}`] ?? NaN);
	return marks;
}

/**
 * The milestones of one exported lab trace, and the two measures as measure-handshake.js reads
 * them: the later of the two peers.
 * @param {any[]} events
 */
function labTimes(events) {
	/** @type {Record<string, number>} */
	const marks = {};
	const first = (/** @type {string} */ name, /** @type {(e: any) => boolean} */ match) => {
		const event = events.find(match);
		if (event) marks[name] = event.t;
	};
	for (const peer of ['alice', 'bob']) {
		for (const method of [
			'createOffer',
			'createAnswer',
			'setLocalDescription',
			'setRemoteDescription',
			'addIceCandidate'
		])
			for (const phase of ['start', 'resolve'])
				first(
					`${peer}.${method}${phase === 'start' ? '.start' : ''}`,
					(e) =>
						e.peer === peer && e.type === 'api-call' && e.method === method && e.phase === phase
				);
		first(`${peer}.candidate`, (e) => e.peer === peer && e.type === 'ice-candidate' && e.candidate);
		const state = (/** @type {string} */ machine) => (/** @type {any} */ e) =>
			e.peer === peer &&
			e.type === 'state-change' &&
			e.machine === machine &&
			e.value === 'connected';
		first(`${peer}.iceConnected`, state('iceConnection'));
		first(`${peer}.connected`, state('connection'));
		first(
			`${peer}.open`,
			(e) => e.peer === peer && e.type === 'data-channel' && e.phase === 'open'
		);
	}
	withBoth(marks);
	marks['lab.inAddIceCandidate'] = inAddIceCandidate(
		events,
		marks['alice.setRemoteDescription'] ?? NaN,
		marks['both.iceConnected']
	);
	return { connected: marks['both.connected'], open: marks['both.open'], marks };
}

/**
 * How much of [from, to] the lab spent inside addIceCandidate calls (start to resolve or reject).
 * Calls that overlap are counted once per peer; what remains here is time the calls themselves
 * took while ICE was being established.
 * @param {any[]} events
 * @param {number} from
 * @param {number} to
 */
function inAddIceCandidate(events, from, to) {
	if (!(from < to)) return NaN;
	let total = 0;
	/** @type {Map<string, number>} */
	const started = new Map();
	for (const e of events) {
		if (e.type !== 'api-call' || e.method !== 'addIceCandidate') continue;
		if (e.phase === 'start') started.set(e.peer, e.t);
		else if (started.has(e.peer)) {
			const start = /** @type {number} */ (started.get(e.peer));
			total += Math.max(0, Math.min(e.t, to) - Math.max(start, from));
			started.delete(e.peer);
		}
	}
	return total;
}

/** Chromium's cumulative main-thread times (CDP Performance.getMetrics, in seconds), by our name. */
const BUSY = {
	task: 'TaskDuration',
	script: 'ScriptDuration',
	style: 'RecalcStyleDuration',
	layout: 'LayoutDuration'
};
/** @typedef {Record<keyof typeof BUSY, number>} Busy ms */
const BUSY_KEYS = /** @type {(keyof Busy)[]} */ (Object.keys(BUSY));
/** @typedef {{ connected: number, open: number, marks: Record<string, number>, work: Busy | null }} Run */

/**
 * What the page's main thread has done so far, in ms: its tasks, and within them script, style
 * recalculation and layout.
 * @param {import('@playwright/test').CDPSession} cdp with Performance enabled
 * @returns {Promise<Busy>}
 */
async function busy(cdp) {
	const { metrics } = await cdp.send('Performance.getMetrics');
	const value = (/** @type {string} */ name) =>
		(metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
	return /** @type {Busy} */ (
		Object.fromEntries(Object.entries(BUSY).map(([key, name]) => [key, value(name)]))
	);
}

/**
 * The main-thread work between two readings.
 * @param {Busy} after
 * @param {Busy} before
 * @returns {Busy}
 */
const since = (after, before) =>
	/** @type {Busy} */ (Object.fromEntries(BUSY_KEYS.map((k) => [k, after[k] - before[k]])));

/**
 * One lab run, as measure-handshake.js does it: Play, wait for the end, Export trace, Reset.
 * `work` is the main thread's, from just before Play until the end shows (not the export).
 * @param {import('@playwright/test').Page} page
 * @param {import('@playwright/test').CDPSession} cdp
 * @param {import('@playwright/test').ElementHandle<Node>} status the lab's `status`
 * @returns {Promise<Run>}
 */
async function labRun(page, cdp, status) {
	const before = await busy(cdp);
	await page.getByRole('button', { name: 'Play' }).click();
	await waitForText(status, /^(Connected|Stopped)\./, 30_000);
	const work = since(await busy(cdp), before);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export trace' }).click()
	]);
	const { events } = JSON.parse(await readFile(await download.path(), 'utf8'));
	await page.getByRole('button', { name: 'Reset' }).click();
	await waitForText(status, /^Next:/, 10_000);
	return { ...labTimes(events), work };
}

/**
 * One baseline run: Play, read the result the page writes, Reset.
 * @param {import('@playwright/test').Page} page
 * @param {import('@playwright/test').CDPSession} cdp
 * @param {import('@playwright/test').ElementHandle<Node>} result the page's `Result` output
 * @returns {Promise<Run>}
 */
async function baselineRun(page, cdp, result) {
	const before = await busy(cdp);
	await page.getByRole('button', { name: 'Play' }).click();
	const text = await waitForText(result, /^\{/, 30_000);
	const work = since(await busy(cdp), before);
	const times = JSON.parse(text);
	await page.getByRole('button', { name: 'Reset' }).click();
	if (times.error) throw new Error(times.error);
	return { connected: times.connected, open: times.open, marks: withBoth(times.marks), work };
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {{ runs: number, warmup: number }} options
 */
export async function measureHandshakes(browser, origin, { runs, warmup }) {
	const context = await browser.newContext({ acceptDownloads: true });
	try {
		const kinds = /** @type {const} */ (['lab', 'baseline']);
		/** @typedef {(typeof kinds)[number]} Kind */
		const page = { lab: await context.newPage(), baseline: await context.newPage() };
		await page.lab.goto(`${origin}/`);
		await page.baseline.goto(`${origin}/bench/baseline.html`);
		const cdp = {
			lab: await context.newCDPSession(page.lab),
			baseline: await context.newCDPSession(page.baseline)
		};
		for (const kind of kinds) await cdp[kind].send('Performance.enable');
		// Found once by role; watched without polling while measured (see waitForText).
		const watched = {
			lab: await page.lab.getByRole('status').elementHandle(),
			baseline: await page.baseline.getByRole('status', { name: 'Result' }).elementHandle()
		};
		const run = { lab: labRun, baseline: baselineRun };
		/** @type {Record<Kind, Run[]>} */
		const results = { lab: [], baseline: [] };
		/** @type {string[]} */
		const errorTexts = [];
		const once = async (/** @type {Kind} */ kind, /** @type {boolean} */ keep) => {
			// Both pages stay open; the one measured is in front, so neither is a background tab.
			await page[kind].bringToFront();
			try {
				const result = await run[kind](page[kind], cdp[kind], watched[kind]);
				if (keep) results[kind].push(result);
			} catch (err) {
				if (!keep) throw err;
				errorTexts.push(`${kind}: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
				results[kind].push({ connected: NaN, open: NaN, marks: {}, work: null });
			}
		};
		// Warm-up runs (not kept): the first handshakes in a page pay for compiling code.
		for (let i = 0; i < warmup; i++) for (const kind of kinds) await once(kind, false);
		// Interleaved, and the order alternates, so a drift of the machine touches both alike.
		for (let i = 0; i < runs; i++)
			for (const kind of i % 2 ? [...kinds].reverse() : kinds) await once(kind, true);

		const median = (/** @type {Kind} */ kind, /** @type {(r: Run) => number} */ of) =>
			summarize(results[kind].map(of)).median;
		const at = (/** @type {Kind} */ kind, /** @type {string | null} */ name) =>
			name ? median(kind, (r) => r.marks[name] ?? NaN) : 0;
		/** Each segment of the chain: the difference of the medians of its two ends. */
		const breakdown = CHAIN.map(({ name, label, call }, i) => {
			const previous = i ? CHAIN[i - 1].name : null;
			return {
				label,
				lab: at('lab', name) - at('lab', previous),
				baseline: at('baseline', name) - at('baseline', previous),
				// The lab's own time before the call began (the baseline calls at once).
				labBeforeCall: call ? at('lab', `${name}.start`) - at('lab', previous) : NaN
			};
		});
		/** Median main-thread work of a run, by kind of work. */
		const mainThread = (/** @type {Kind} */ kind) =>
			/** @type {Busy} */ (
				Object.fromEntries(BUSY_KEYS.map((k) => [k, median(kind, (r) => r.work?.[k] ?? NaN)]))
			);
		const both = (/** @type {(kind: Kind) => any} */ f) => ({
			lab: f('lab'),
			baseline: f('baseline')
		});
		return {
			labInAddIceCandidate: at('lab', 'lab.inAddIceCandidate'),
			connected: both((kind) => summarize(results[kind].map((r) => r.connected))),
			open: both((kind) => summarize(results[kind].map((r) => r.open))),
			mainThread: both(mainThread),
			breakdown,
			errorTexts
		};
	} finally {
		await context.close();
	}
}
