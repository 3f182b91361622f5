import { Lazy } from '$lib/components/ui/lazy.svelte';

/** What happened: its diagnosis has nothing to say before the first event, so it loads then. */
export const whatHappened = new Lazy(() => import('./WhatHappened.svelte').then((m) => m.default));

/** The Inspector's view of an event: nothing is selected at first, so it loads with the first. */
export const inspectorEvent = new Lazy(() =>
	import('./InspectorEvent.svelte').then((m) => m.default)
);
