import type { StatsEvent, TraceEvent, PeerName } from '../trace/types';
import { extendsTrace } from '../trace/trace';

export interface PairEnd {
	type: string;
	address: string;
	port: number | null;
	protocol: string | null;
	url: string | null;
}

export interface CandidatePair {
	id: string;
	local: PairEnd;
	remote: PairEnd;
	/** RTCStatsIceCandidatePairState: frozen, waiting, in-progress, failed, succeeded. */
	state: string;
	nominated: boolean;
	requestsSent: number;
	responsesReceived: number;
	/** Seconds, as getStats reports it; null before a response came back. */
	currentRoundTripTime: number | null;
	selected: boolean;
}

export type Path = 'direct' | 'reflexive' | 'relay';

export interface PairsView {
	peer: PeerName;
	t: number;
	pairs: CandidatePair[];
	selected: CandidatePair | null;
	/** How the selected pair's packets travel: between host addresses, through an address a STUN server (or the peer) saw, or through a TURN relay. */
	path: Path | null;
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** The path of a pair (RFC 8445 §5.1.1 candidate types): a relay anywhere means relayed. */
export function pathOf(pair: Pick<CandidatePair, 'local' | 'remote'>): Path {
	const types = [pair.local.type, pair.remote.type];
	if (types.includes('relay')) return 'relay';
	if (types.includes('srflx') || types.includes('prflx')) return 'reflexive';
	return 'direct';
}

export const PATH_TEXT: Record<Path, string> = {
	direct: 'direct, between host addresses',
	reflexive: 'through a server- or peer-reflexive address (as a NAT would map it)',
	relay: 'through the TURN relay'
};

/** The candidate pairs of one getStats sample, the selected one marked (transport.selectedCandidatePairId). */
export function pairsOf(event: StatsEvent): PairsView {
	const byId = new Map(event.report.map((e) => [String(e.id), e]));
	const end = (id: unknown): PairEnd => {
		const c = byId.get(String(id)) ?? {};
		return {
			type: str(c.candidateType) ?? '?',
			address: str(c.address) ?? '?',
			port: num(c.port),
			protocol: str(c.protocol),
			url: str(c.url)
		};
	};
	const selectedId = event.report.find((e) => e.type === 'transport')?.selectedCandidatePairId;
	const pairs = event.report
		.filter((e) => e.type === 'candidate-pair')
		.map((p): CandidatePair => ({
			id: String(p.id),
			local: end(p.localCandidateId),
			remote: end(p.remoteCandidateId),
			state: str(p.state) ?? '?',
			nominated: p.nominated === true,
			requestsSent: num(p.requestsSent) ?? 0,
			responsesReceived: num(p.responsesReceived) ?? 0,
			currentRoundTripTime: num(p.currentRoundTripTime),
			selected: p.id === selectedId
		}));
	const selected = pairs.find((p) => p.selected) ?? null;
	return {
		peer: event.peer,
		t: event.t,
		pairs,
		selected,
		path: selected ? pathOf(selected) : null
	};
}

/**
 * Each sample joined once: views ask for the latest samples on every frame, and a sample of 2,050
 * pairs takes a few ms to join (and as much garbage to collect).
 */
const joined = new WeakMap<StatsEvent, PairsView>();
function pairsOfOnce(event: StatsEvent): PairsView {
	let view = joined.get(event);
	if (!view) joined.set(event, (view = pairsOf(event)));
	return view;
}

/** Each peer's newest getStats sample among events[from…], found from the end. */
function newestSamples(
	events: readonly TraceEvent[],
	from = 0
): Partial<Record<PeerName, StatsEvent>> {
	const newest: Partial<Record<PeerName, StatsEvent>> = {};
	for (let i = events.length - 1; i >= from && !(newest.alice && newest.bob); i--) {
		const e = events[i];
		if (e?.type === 'stats') newest[e.peer] ??= e;
	}
	return newest;
}

/** The latest sample of each peer. The views it returns are shared: read them, never change them. */
export function latestPairs(events: readonly TraceEvent[]): Partial<Record<PeerName, PairsView>> {
	const latest: Partial<Record<PeerName, PairsView>> = {};
	for (const sample of Object.values(newestSamples(events)))
		latest[sample.peer] = pairsOfOnce(sample);
	return latest;
}

const sameEnd = (a: PairEnd, b: PairEnd) =>
	a.type === b.type &&
	a.address === b.address &&
	a.port === b.port &&
	a.protocol === b.protocol &&
	a.url === b.url;

/** Every field of the two pairs is the same. */
export function samePair(a: CandidatePair, b: CandidatePair): boolean {
	return (
		a.id === b.id &&
		a.state === b.state &&
		a.nominated === b.nominated &&
		a.requestsSent === b.requestsSent &&
		a.responsesReceived === b.responsesReceived &&
		a.currentRoundTripTime === b.currentRoundTripTime &&
		a.selected === b.selected &&
		sameEnd(a.local, b.local) &&
		sameEnd(a.remote, b.remote)
	);
}

/**
 * `next`, with each pair that did not change since `previous` replaced by the previous object.
 * Most of 2,050 pairs stay `waiting` from one getStats sample to the next: a view that compares
 * rows by identity then redraws only the few that changed.
 */
export function reuseUnchanged(
	previous: readonly CandidatePair[],
	next: CandidatePair[]
): CandidatePair[] {
	if (previous.length === 0) return next;
	const byId = new Map(previous.map((p) => [p.id, p]));
	return next.map((p) => {
		const before = byId.get(p.id);
		return before && samePair(before, p) ? before : p;
	});
}

/**
 * latestPairs for a trace that grows: each call reads only the events added since the last one
 * (a live trace and a replay both only append; anything else, such as a reset, starts over), and
 * a peer's new sample keeps the pair objects that did not change (reuseUnchanged).
 */
export function latestPairsTracker(): (
	events: readonly TraceEvent[]
) => Partial<Record<PeerName, PairsView>> {
	let seen: readonly TraceEvent[] = [];
	let latest: Partial<Record<PeerName, PairsView>> = {};
	return (events) => {
		const grown = extendsTrace(seen, events);
		const from = grown ? seen.length : 0;
		const before = grown ? latest : {};
		seen = events;
		// Only the newest sample of each peer among the new events is worth joining.
		const newest = newestSamples(events, from);
		if (!newest.alice && !newest.bob && grown) return latest;
		latest = { ...before };
		for (const sample of [newest.alice, newest.bob]) {
			if (!sample) continue;
			const view = pairsOfOnce(sample);
			const pairs = reuseUnchanged(before[sample.peer]?.pairs ?? [], view.pairs);
			const selected = pairs.find((p) => p.selected) ?? null;
			latest[sample.peer] = { ...view, pairs, selected };
		}
		return latest;
	};
}
