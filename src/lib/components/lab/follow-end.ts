/**
 * Keeps a scrolling box at its end while its content grows, as a log does, unless the reader has
 * scrolled away; once they scroll back to the end, it follows again.
 *
 * It never forces a layout. The box is read where the browser has just laid out anyway: in a
 * ResizeObserver callback (called after layout) when the content grows, and when a scroll ends.
 * Reading scrollTop right after a DOM update instead made the browser lay out the whole page
 * then and there: 46 ms per handshake, and 700 ms in one task once 2,050 candidate pairs were on
 * the page.
 *
 * "At the end" is judged against where the end was when the reader began to scroll: a smooth
 * scroll down lands on the end as it was then, and rows that arrived meanwhile must not make the
 * reader look as if they had stopped short.
 *
 * @param box the element that scrolls
 * @param content the element inside it that grows
 * @param slack within this many pixels of the end, the reader is at the end
 * @returns a function that stops following
 */
export function followEnd(box: HTMLElement, content: HTMLElement, slack = 80): () => void {
	let following = true;
	/** The content's height, as of the last time it changed. */
	let height = 0;
	/** A scroll we caused is under way: its scroll event is not the reader's. */
	let ours = false;
	/** Where the end was when the reader began to scroll; null while they are not scrolling. */
	let endWhenScrollBegan: number | null = null;

	function toEnd() {
		if (box.scrollTop + box.clientHeight >= height) return;
		ours = true;
		box.scrollTop = height;
	}

	const observer = new ResizeObserver(() => {
		const before = height;
		height = box.scrollHeight;
		// While the reader scrolls, the view is theirs.
		if (endWhenScrollBegan !== null) return;
		// At the end before this change (or the content shrank to fit, as after a reset).
		if (!following) following = before - box.scrollTop - box.clientHeight < slack;
		if (following && height > before) toEnd();
	});
	observer.observe(content);

	function onscroll() {
		if (ours) {
			ours = false;
			return;
		}
		if (endWhenScrollBegan === null) {
			endWhenScrollBegan = height;
			following = false;
		}
	}

	function onscrollend() {
		ours = false;
		if (endWhenScrollBegan === null) return;
		const end = Math.min(endWhenScrollBegan, height);
		endWhenScrollBegan = null;
		following = box.scrollTop + box.clientHeight >= end - slack;
		// Catch up with what arrived while the reader scrolled.
		if (following) toEnd();
	}

	// Where `scrollend` is missing (older Safari), a scroll has ended after 150 ms of quiet.
	const native = 'onscrollend' in box;
	let quiet: ReturnType<typeof setTimeout> | undefined;
	function onscrollQuiet() {
		onscroll();
		clearTimeout(quiet);
		quiet = setTimeout(onscrollend, 150);
	}

	box.addEventListener('scroll', native ? onscroll : onscrollQuiet, { passive: true });
	if (native) box.addEventListener('scrollend', onscrollend);
	return () => {
		observer.disconnect();
		clearTimeout(quiet);
		box.removeEventListener('scroll', native ? onscroll : onscrollQuiet);
		box.removeEventListener('scrollend', onscrollend);
	};
}
