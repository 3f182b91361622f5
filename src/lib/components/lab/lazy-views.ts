import { Lazy } from '$lib/components/ui/lazy.svelte';

/**
 * The optional panels (views.ts), for a page that shows them only when asked: an embed. Kept out
 * of lazy-parts.ts on purpose: a page that imports views.ts itself must not also reach it through
 * an import(), or SvelteKit (2.70) neither preloads its JS nor inlines its styles for that page.
 */
export const lazyViews = new Lazy(() => import('./views').then((m) => m.LAB_VIEWS));
