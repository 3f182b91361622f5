/**
 * Which candidate pairs a reader sees first. With 200 candidates on each side one getStats sample
 * holds 2,050 pairs, almost all of them still `waiting`: a learner wants the selected pair and the
 * ones ICE actually tried, an engineer may want every one (as chrome://webrtc-internals shows
 * them). So the pairs are ranked, and a long list is split into the pairs shown first and the rest,
 * which a view reveals on request.
 */
import type { CandidatePair } from './pairs';

/** Up to this many pairs a sample is shown whole; beyond it, the checked pairs first (at most this many). */
export const SHOWN_FIRST = 50;

/**
 * A pair's rank, lowest first: the selected pair (RTCIceTransport's selectedCandidatePairId), the
 * nominated ones (RFC 8445 §8.1.1), then by state (W3C webrtc-stats RTCStatsIceCandidatePairState)
 * the pairs whose checks succeeded, are in progress or failed, then any other pair a check was
 * sent on; last the pairs ICE has not checked yet (`waiting`, `frozen`).
 */
export function rankOf(pair: CandidatePair): number {
	if (pair.selected) return 0;
	if (pair.nominated) return 1;
	if (pair.state === 'succeeded') return 2;
	if (pair.state === 'in-progress') return 3;
	if (pair.state === 'failed') return 4;
	if (pair.requestsSent > 0 || pair.responsesReceived > 0) return 5;
	return 6;
}

/** ICE has done something with this pair: selected, nominated, or a check sent or settled. */
export const isChecked = (pair: CandidatePair): boolean => rankOf(pair) < 6;

export interface ShownPairs {
	/** Shown at once, ranked (pairs of one rank in getStats order). */
	first: CandidatePair[];
	/** Shown on request, ranked likewise; empty when the sample is short enough to show whole. */
	rest: CandidatePair[];
	/** How many pairs ICE has checked (isChecked), which may be more than `first` holds. */
	checked: number;
}

/**
 * Splits a sample's pairs: a short sample (`limit` pairs or fewer) is shown whole; a long one
 * shows its checked pairs first, at most `limit`, and the rest on request.
 */
export function pairsToShow(pairs: readonly CandidatePair[], limit = SHOWN_FIRST): ShownPairs {
	const ranked = pairs
		.map((pair, order) => ({ pair, order, rank: rankOf(pair) }))
		.sort((a, b) => a.rank - b.rank || a.order - b.order)
		.map((r) => r.pair);
	const checked = ranked.filter(isChecked).length;
	if (ranked.length <= limit) return { first: ranked, rest: [], checked };
	const shown = Math.min(checked, limit);
	return { first: ranked.slice(0, shown), rest: ranked.slice(shown), checked };
}
