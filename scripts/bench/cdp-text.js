// Watches one element's text through the DevTools protocol's DOM domain, with no script in the
// page. Endurance reads the page's JS heap, and a wait that runs in the page (a MutationObserver
// handed to `evaluate`, Playwright's locators and their injected and utility scripts) lives in that
// same V8 heap: what V8 keeps for it was counted as the lab's.

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The characters the HTML serializer escapes in text (HTML, "Serializing HTML fragments"). */
const ESCAPED = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0' };

/**
 * The element's text once `selector` matches one (checked every 50 ms until `timeout`), and a
 * way to wait for that text to match a pattern, told of each change by the DOM domain's events.
 * @param {import('@playwright/test').CDPSession} cdp
 * @param {string} selector
 * @param {number} timeout ms
 */
export async function watchText(cdp, selector, timeout) {
	await cdp.send('DOM.enable');
	const until = Date.now() + timeout;
	let nodeId = 0;
	while (!nodeId) {
		const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
		({ nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector }));
		if (nodeId) break;
		if (Date.now() > until) throw new Error(`no ${selector} within ${timeout} ms`);
		await sleep(50);
	}
	// The whole subtree, so that the DOM domain reports changes anywhere in it.
	await cdp.send('DOM.requestChildNodes', { nodeId, depth: -1 });
	const text = async () => {
		const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
		return outerHTML
			.replace(/<[^>]*>/g, '')
			.replace(/&(?:amp|lt|gt|nbsp);/g, (e) => ESCAPED[/** @type {keyof ESCAPED} */ (e)])
			.trim();
	};
	/** @type {Set<() => void>} */
	const waiting = new Set();
	const changed = () => waiting.forEach((check) => check());
	for (const event of [
		'DOM.characterDataModified',
		'DOM.childNodeInserted',
		'DOM.childNodeRemoved',
		'DOM.childNodeCountUpdated',
		'DOM.setChildNodes'
	])
		cdp.on(/** @type {any} */ (event), changed);
	return {
		/**
		 * Resolves with the text once it matches `pattern` (trimmed, as textContent), rejects after
		 * `timeout` ms.
		 * @param {RegExp} pattern
		 * @param {number} timeout ms
		 * @returns {Promise<string>}
		 */
		waitFor(pattern, timeout) {
			return new Promise((resolve, reject) => {
				// One read at a time; a change during a read asks for one more.
				let reading = false;
				let again = false;
				const done = () => {
					waiting.delete(check);
					clearTimeout(timer);
				};
				const timer = setTimeout(() => {
					done();
					reject(new Error(`text did not match ${pattern} within ${timeout} ms`));
				}, timeout);
				async function check() {
					if (reading) {
						again = true;
						return;
					}
					reading = true;
					try {
						do {
							again = false;
							const now = await text();
							if (pattern.test(now)) {
								done();
								resolve(now);
								return;
							}
						} while (again);
					} catch (err) {
						done();
						reject(err);
					} finally {
						reading = false;
					}
				}
				waiting.add(check);
				void check();
			});
		}
	};
}
