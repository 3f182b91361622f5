// Endurance: many handshakes with Reset in one page. Counts the runs that did not end `Connected.`
// and compares the JS heap, after a forced garbage collection, before and after them.
import { watchText } from './cdp-text.js';
import { heapByKind } from './heap-spaces.js';

/**
 * Chromium switch for the leak check: the same rounds with V8's optimizing compilers, Maglev and
 * Turbofan, turned off (https://v8.dev/blog/maglev). V8 compiles a function with them once it has
 * run often enough, so a function a handshake calls a few times gets its optimized code only after
 * tens or hundreds of rounds: growth no page can avoid, and over these rounds it is nearly all of
 * it. Without them V8 still interprets and makes baseline (Sparkplug) code, all within the warm-up,
 * so what grows over the runs is what they leave behind.
 */
export const OPTIMIZING_COMPILERS_OFF = '--js-flags=--no-maglev --no-turbofan';

/** Long enough for the last run's animations (under a second) to end and let go of their nodes. */
const SETTLE_MS = 1500;

/**
 * Used JS heap after a full garbage collection, in bytes, and what it is made of (null when the
 * memory dump could not be matched to the page).
 * @param {import('@playwright/test').Page} page
 * @param {import('@playwright/test').CDPSession} cdp
 */
async function heapAfterGc(page, cdp) {
	await page.waitForTimeout(SETTLE_MS);
	// Twice: objects freed by the first collection's finalizers go in the second.
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	return { used: usedSize, byKind: await heapByKind(cdp, usedSize) };
}

/**
 * `runs` handshakes after `warmup` others. The heap is read after page load, after the warm-up
 * (`before`: the first handshakes compile the code they run and fill the browser's own buffers,
 * once), halfway through the `runs` (`middle`) and after them (`after`): growth from `before` to
 * `after` is what the runs left behind.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {{ runs: number, warmup: number }} options
 */
export async function measureEndurance(browser, origin, { runs, warmup }) {
	const page = await browser.newPage();
	try {
		const cdp = await page.context().newCDPSession(page);
		await page.goto(`${origin}/`);
		// Watched from outside the page (cdp-text.js): no script of the bench's in its heap.
		const status = await watchText(cdp, '[role=status]', 30_000);
		await status.waitFor(/^Next:/, 30_000);
		const { used: pageLoad } = await heapAfterGc(page, cdp);
		let failures = 0;
		/** @type {string[]} */
		const failureTexts = [];
		/**
		 * One handshake and Reset, by the lab's own shortcuts (space plays, r resets, as a keyboard
		 * user does): a locator's click runs Playwright's injected script in the page, in the same
		 * V8 heap, and the code V8 compiled for it over the rounds was counted as the lab's.
		 * True if it ended `Connected.`
		 */
		const round = async (/** @type {string} */ name) => {
			let ok = false;
			try {
				await page.keyboard.press(' ');
				const text = await status.waitFor(/^(Connected|Stopped)\./, 30_000);
				ok = text.startsWith('Connected.');
				if (!ok) failureTexts.push(`${name}: ${text}`);
			} catch (err) {
				failureTexts.push(`${name}: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
			}
			await page.keyboard.press('r');
			await status.waitFor(/^Next:/, 10_000);
			return ok;
		};
		for (let i = 0; i < warmup; i++) if (!(await round(`warm-up ${i + 1}`))) failures++;
		const before = await heapAfterGc(page, cdp);
		let seconds = 0;
		// Read halfway too: a leak grows as much in the second half as in the first, compiled code
		// less and less (its time is not counted in `seconds`).
		const half = Math.floor(runs / 2);
		const runRounds = async (/** @type {number} */ from, /** @type {number} */ to) => {
			const started = Date.now();
			for (let i = from; i < to; i++) if (!(await round(`run ${i + 1}`))) failures++;
			seconds += (Date.now() - started) / 1000;
		};
		await runRounds(0, half);
		const { used: middle } = await heapAfterGc(page, cdp);
		await runRounds(half, runs);
		const after = await heapAfterGc(page, cdp);
		return {
			runs,
			warmup,
			failures,
			failureTexts,
			pageLoad,
			before: before.used,
			middle,
			after: after.used,
			byKind: before.byKind && after.byKind ? { before: before.byKind, after: after.byKind } : null,
			seconds
		};
	} finally {
		await page.close();
	}
}
