import type { StatsEvent, TraceEvent, PeerName } from '../trace/types';

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

/** The latest sample of each peer. */
export function latestPairs(events: readonly TraceEvent[]): Partial<Record<PeerName, PairsView>> {
	const latest: Partial<Record<PeerName, PairsView>> = {};
	for (const e of events) if (e.type === 'stats') latest[e.peer] = pairsOf(e);
	return latest;
}
