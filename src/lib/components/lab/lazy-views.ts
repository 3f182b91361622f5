import { Lazy } from '$lib/components/ui/lazy.svelte';

/**
 * The optional panels (views.ts), for a page that shows them only when asked: an embed. Kept out
 * of lazy-parts.ts on purpose, so that a page that imports views.ts itself does not also reach it
 * through an import(): SvelteKit 2.70 then neither preloaded its JS nor inlined its styles for
 * that page (mended in scripts/patches; tests/e2e/lazy.spec.ts checks the preloads).
 */
export const lazyViews = new Lazy(() => import('./views').then((m) => m.LAB_VIEWS));
