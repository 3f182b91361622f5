// Small helpers shared by the bench's sections (scripts/bench.js): numbers, the preview server.
import { spawn } from 'node:child_process';

/**
 * The p-th percentile of sorted numbers, nearest rank (so p50 and p95 are values that occurred).
 * @param {number[]} sorted ascending
 * @param {number} p 0–100
 */
export const percentile = (sorted, p) =>
	sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];

/**
 * Median, p95, min and max of the finite values; `n` counts them, `of` counts every value given.
 * @param {number[]} values
 */
export function summarize(values) {
	const s = values.filter(Number.isFinite).sort((a, b) => a - b);
	return {
		n: s.length,
		of: values.length,
		median: s.length ? percentile(s, 50) : NaN,
		p95: s.length ? percentile(s, 95) : NaN,
		min: s.length ? s[0] : NaN,
		max: s.length ? s[s.length - 1] : NaN
	};
}

/** @param {number} x @param {number} [digits] */
export const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/**
 * `vite preview` of the current build on 127.0.0.1, started in its own process group so that it
 * and anything it starts stop together, by its PID.
 * @param {number} port
 * @returns {Promise<{ origin: string, stop: () => void }>}
 */
export async function startPreview(port) {
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(
		process.execPath,
		[
			'node_modules/vite/bin/vite.js',
			'preview',
			'--port',
			`${port}`,
			'--strictPort',
			'--host',
			'127.0.0.1'
		],
		// No coturn: the bench uses no STUN/TURN server, and coturn would listen on ports of its own
		// choosing (the bench keeps to 4220-4229). A TURNSERVER_PATH that is not an executable is
		// how scripts/coturn.js is told there is none.
		{ stdio: 'ignore', detached: true, env: { ...process.env, TURNSERVER_PATH: '/dev/null' } }
	);
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		try {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
		} catch {
			/* already gone */
		}
	};
	process.on('exit', stop);
	for (let i = 0; i < 150; i++) {
		if (child.exitCode !== null) break;
		try {
			if ((await fetch(`${origin}/`)).ok) return { origin, stop };
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	stop();
	throw new Error(`vite preview did not answer on ${origin} (is the port free? is there a build?)`);
}

/**
 * Resolves with the element's text once it matches `pattern`, without polling: a MutationObserver
 * in the page. Playwright's own waits re-run their role and text queries over the whole page while
 * they wait, and on the lab's large DOM that is main-thread work (about 0.8 s during one replay of
 * the 200-candidate recording, measured with the CDP profiler) that the bench would otherwise
 * count as the lab's. So the element is found by role once, before the measured part, and watched.
 * @param {import('@playwright/test').ElementHandle<Node>} element
 * @param {RegExp} pattern tested against the trimmed textContent
 * @param {number} timeout ms
 * @returns {Promise<string>}
 */
export function waitForText(element, pattern, timeout) {
	return element.evaluate(
		(node, { source, flags, timeout }) =>
			new Promise((resolve, reject) => {
				const re = new RegExp(source, flags);
				const check = () => {
					const text = (node.textContent ?? '').trim();
					if (!re.test(text)) return false;
					observer.disconnect();
					clearTimeout(timer);
					resolve(text);
					return true;
				};
				const observer = new MutationObserver(check);
				const timer = setTimeout(() => {
					observer.disconnect();
					reject(new Error(`text did not match ${re} within ${timeout} ms`));
				}, timeout);
				if (!check())
					observer.observe(node, { subtree: true, childList: true, characterData: true });
			}),
		{ source: pattern.source, flags: pattern.flags, timeout }
	);
}
