import { Lazy } from '$lib/components/ui/lazy.svelte';

/**
 * `./explainer` (the annotator, the decoder and the explanation texts), loaded the first time a
 * page shows an SDP or a candidate; one download for the lab's Inspector and /inspect alike.
 */
export const explainer = new Lazy(() => import('./explainer'));
