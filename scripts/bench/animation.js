// Long tasks and frame times while the lab replays a recording: Import trace, then Play until the
// status says `Replayed.`.
import { readFile } from 'node:fs/promises';
import { summarize, waitForText } from './util.js';

/** Installed in the page before the import: what the main thread did, by phase. */
function observe() {
	const bench = {
		phase: 'import',
		/** @type {{ phase: string, start: number, duration: number }[]} */
		longTasks: [],
		/** @type {{ phase: string, t: number }[]} */
		frames: [],
		running: true
	};
	Object.assign(window, { __bench: bench });
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries())
			bench.longTasks.push({
				phase: bench.phase,
				start: entry.startTime,
				duration: entry.duration
			});
	}).observe({ type: 'longtask' });
	const frame = (/** @type {number} */ t) => {
		bench.frames.push({ phase: bench.phase, t });
		if (bench.running) requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {{ trace: string, maxPlayMs: number }} options the recording, and how long to let it play
 *   at most
 */
export async function measureAnimation(browser, origin, { trace, maxPlayMs }) {
	const text = await readFile(trace, 'utf8');
	const { events } = JSON.parse(text);
	const candidates = events.filter(
		(/** @type {any} */ e) => e.type === 'ice-candidate' && e.candidate
	).length;
	const page = await browser.newPage();
	try {
		await page.goto(`${origin}/`);
		await page.getByRole('button', { name: 'Play' }).waitFor();
		await page.evaluate(observe);

		const importStart = Date.now();
		const [chooser] = await Promise.all([
			page.waitForEvent('filechooser'),
			page.getByRole('button', { name: 'Import trace' }).click()
		]);
		await chooser.setFiles(trace);
		await page
			.getByRole('note')
			.filter({ hasText: /^Recording, not live/ })
			.waitFor();
		const importMs = Date.now() - importStart;

		// Found once by role; watched without polling during the replay (see waitForText).
		const status = await page.getByRole('status').elementHandle();
		await page.evaluate(() => {
			/** @type {any} */ (window).__bench.phase = 'play';
		});
		const playStart = Date.now();
		await page.getByRole('button', { name: 'Play' }).click();
		const ended = await waitForText(status, /^Replayed\./, maxPlayMs).then(
			() => true,
			() => false
		);
		const playMs = Date.now() - playStart;
		/** @type {{ longTasks: { phase: string, duration: number }[], frames: { phase: string, t: number }[] }} */
		const data = await page.evaluate(() => {
			const bench = /** @type {any} */ (window).__bench;
			bench.running = false;
			return { longTasks: bench.longTasks, frames: bench.frames };
		});
		if (!ended) await page.getByRole('button', { name: 'Pause' }).click();

		const longTasks = (/** @type {string} */ phase) =>
			data.longTasks.filter((l) => l.phase === phase).map((l) => l.duration);
		const times = data.frames.filter((f) => f.phase === 'play').map((f) => f.t);
		const frameDeltas = times.slice(1).map((t, i) => t - times[i]);
		const playTasks = longTasks('play');
		return {
			candidates,
			bytes: Buffer.byteLength(text),
			ended,
			playMs,
			importMs,
			// Every long task is over 50 ms: that is what makes a task long (Long Tasks API).
			longTasks: { count: playTasks.length, max: Math.max(0, ...playTasks) },
			importLongest: Math.max(0, ...longTasks('import')),
			frames: summarize(frameDeltas)
		};
	} finally {
		await page.close();
	}
}
