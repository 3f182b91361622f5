/**
 * Calls `run` in a task of its own once the browser has painted what is on screen, so that a
 * page's start is several short tasks rather than one long one: between them the browser lays
 * out and paints, and answers a tap or a key (what Lighthouse's Total Blocking Time measures).
 * A hidden page paints no frame, so after 100 ms `run` is called anyway. Returns a function that
 * cancels the call if it has not happened yet.
 */
export function afterPaint(run: () => void): () => void {
	let done = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const go = () => {
		if (done) return;
		done = true;
		run();
	};
	// A task queued from requestAnimationFrame runs after that frame has been painted.
	const frame = requestAnimationFrame(() => (timer = setTimeout(go, 0)));
	const fallback = setTimeout(go, 100);
	return () => {
		done = true;
		cancelAnimationFrame(frame);
		clearTimeout(timer);
		clearTimeout(fallback);
	};
}
