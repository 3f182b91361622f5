import { afterPaint } from '$lib/components/ui/after-paint';
import { Lazy } from '$lib/components/ui/lazy.svelte';
import type { LabState } from '$lib/state/lab.svelte';
import type { LabSetup } from '$lib/state/open-lab';

/**
 * The lab's state and its machines (with xstate): a chunk of its own, fetched and run once the page
 * has hydrated and painted, so that running it is not part of the page's hydration task. A page
 * shows `LoadStatus` for it while it has no lab: `Loading the lab…`, or why it could not.
 */
export const labCode = new Lazy(() => import('$lib/state/open-lab'));

/**
 * openLab for a page's onMount, spread over tasks that each stay short (Lighthouse's Total
 * Blocking Time counts every task over 50 ms on its 4× slower CPU): after the page has painted,
 * the lab's code loads; after the next paint the session is made; after one more, `opened` gets
 * the lab, which renders it. The returned function, for onMount to return, closes the lab, or
 * cancels what has not happened yet if the page goes first.
 */
export function openLabLater(setup: LabSetup, opened: (lab: LabState) => void): () => void {
	let gone = false;
	let close: (() => void) | null = null;
	let cancel = afterPaint(() => {
		void labCode.load();
		void labCode.arrived().then(({ openLab }) => {
			if (gone) return;
			cancel = afterPaint(() => {
				const lab = openLab(setup);
				close = lab.close;
				cancel = afterPaint(() => opened(lab.lab));
			});
		});
	});
	return () => {
		gone = true;
		cancel();
		close?.();
	};
}
