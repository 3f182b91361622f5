// Endurance: many handshakes with Reset in one page. Counts the runs that did not end `Connected.`
// and compares the JS heap, after a forced garbage collection, before and after.
import { waitForText } from './util.js';

/**
 * Used JS heap after a full garbage collection, in bytes.
 * @param {import('@playwright/test').CDPSession} cdp
 */
async function heapAfterGc(cdp) {
	// Twice: objects freed by the first collection's finalizers go in the second.
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	return usedSize;
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {{ runs: number, warmup: number }} options `warmup`: after how many runs the heap is also
 *   read, to tell first-use costs (compiled code, caches) from growth that goes on
 */
export async function measureEndurance(browser, origin, { runs, warmup }) {
	const page = await browser.newPage();
	try {
		const cdp = await page.context().newCDPSession(page);
		await page.goto(`${origin}/`);
		const play = page.getByRole('button', { name: 'Play' });
		const reset = page.getByRole('button', { name: 'Reset' });
		await play.waitFor();
		// Found once by role; watched without polling (see waitForText).
		const status = await page.getByRole('status').elementHandle();
		const before = await heapAfterGc(cdp);
		let afterWarmup = NaN;
		let failures = 0;
		/** @type {string[]} */
		const failureTexts = [];
		const started = Date.now();
		for (let i = 0; i < runs; i++) {
			if (i === warmup) afterWarmup = await heapAfterGc(cdp);
			try {
				await play.click();
				const text = await waitForText(status, /^(Connected|Stopped)\./, 30_000);
				if (!text.startsWith('Connected.')) {
					failures++;
					failureTexts.push(`run ${i + 1}: ${text}`);
				}
			} catch (err) {
				failures++;
				failureTexts.push(
					`run ${i + 1}: ${err instanceof Error ? err.message.split('\n')[0] : err}`
				);
			}
			await reset.click();
			await waitForText(status, /^Next:/, 10_000);
		}
		const seconds = (Date.now() - started) / 1000;
		const after = await heapAfterGc(cdp);
		return { runs, failures, failureTexts, before, afterWarmup, after, seconds };
	} finally {
		await page.close();
	}
}
