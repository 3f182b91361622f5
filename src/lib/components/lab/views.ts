/**
 * The lab's panels that a page may leave out (Lab's `panels`) and that show something from the
 * start: the settings, the Inspector and the candidate pairs. The lab page and the lessons show
 * them at once and import them with the lab; an embed shows them only when its URL asks for them,
 * and then loads them (lazy-views.ts).
 */
import CandidatePairs from './CandidatePairs.svelte';
import Inspector from './Inspector.svelte';
import Settings from './Settings.svelte';

export const LAB_VIEWS = { Settings, Inspector, CandidatePairs };
export type LabViews = typeof LAB_VIEWS;
