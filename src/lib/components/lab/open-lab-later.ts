import { afterPaint } from '$lib/components/ui/after-paint';
import type { LabState } from '$lib/state/lab.svelte';
import { openLab, type LabSetup } from '$lib/state/open-lab';

/**
 * openLab for a page's onMount, spread over tasks: the session's machines are made after the
 * page has hydrated and painted, and `opened` gets the lab (which renders it) after one more
 * paint. The returned function, for onMount to return, closes the lab, or cancels what has not
 * happened yet if the page goes first.
 */
export function openLabLater(setup: LabSetup, opened: (lab: LabState) => void): () => void {
	let close: (() => void) | null = null;
	let cancel = afterPaint(() => {
		const lab = openLab(setup);
		close = lab.close;
		cancel = afterPaint(() => opened(lab.lab));
	});
	return () => {
		cancel();
		close?.();
	};
}
