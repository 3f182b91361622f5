/**
 * Everything that explains a payload: the SDP annotator, the candidate decoder, the offer ↔ answer
 * comparison, their views, and the explanation texts of content/ (333 SDP and 20 ICE entries).
 * About 36 KB of gzipped JavaScript that no page needs for its first view, so pages reach it only
 * through `explainer.svelte.ts`, when they first show an SDP or a candidate.
 */
export { default as AnnotatedSdp } from './AnnotatedSdp.svelte';
export { default as CandidateView } from './CandidateView.svelte';
export { default as OfferAnswer } from './OfferAnswer.svelte';
export { annotateSdp, explainedShare } from '$lib/core/sdp/annotate';
export { explanations } from '$lib/content/sdp';
