/**
 * What each trace event looks like on the sequence diagram: nothing, a mark on a lane, or an arrow
 * between two lanes (a few for an inferred STUN/TURN exchange). Where the rows go is sequence.ts.
 */
import { PEER_NAMES } from '$lib/core/trace/types';
import { attributeServerEvent } from '$lib/core/ice/server-log';
import { candidateLabel, summarizeCandidate } from '$lib/core/ice/summary';
import type { PeerName, TraceEvent } from '$lib/core/trace/types';

export type Lane = PeerName | 'bus' | 'server';
export const LANES: readonly Lane[] = ['alice', 'bus', 'bob'];
/** With ICE servers, their lane sits between the bus and Bob. */
export const LANES_WITH_SERVER: readonly Lane[] = ['alice', 'bus', 'server', 'bob'];
export const LANE_TITLES: Record<Lane, string> = {
	alice: 'Alice',
	bus: 'Signaling bus',
	server: 'STUN/TURN server',
	bob: 'Bob'
};

export type Tone =
	'call' | 'error' | 'state' | 'candidate' | 'message' | 'data' | 'drop' | 'server';

/** One drawn item: an arrow between two lanes, or a mark on one. */
export interface Item {
	/** Unique among the items: one event may draw several (an inferred exchange). */
	key: string;
	/** The trace event it draws; selecting the item selects this event. */
	index: number;
	kind: 'arrow' | 'mark';
	from: Lane;
	to: Lane;
	x1: number;
	x2: number;
	y: number;
	label: string;
	tone: Tone;
	/** A sentence for assistive technology. */
	description: string;
	/** Inferred from what the browser revealed, not observed: drawn dashed. */
	inferred?: boolean;
}

const Name = PEER_NAMES;

export type Draft = Omit<Item, 'x1' | 'x2' | 'y' | 'index' | 'key'>;

export interface Context {
	events: readonly TraceEvent[];
	/** The server lane is drawn: ICE servers were configured, or the server's log was read. */
	server: boolean;
	/** The server's own log is in the trace: draw what it observed and infer nothing. */
	observed: boolean;
}

const mark = (lane: Lane, label: string, tone: Tone, description = label): Draft => ({
	kind: 'mark',
	from: lane,
	to: lane,
	label,
	tone,
	description
});

const arrow = (
	from: Lane,
	to: Lane,
	label: string,
	tone: Tone,
	description: string,
	inferred = false
): Draft => ({
	kind: 'arrow',
	from,
	to,
	label,
	tone,
	description,
	...(inferred ? { inferred } : {})
});

/**
 * The exchange behind a srflx or relay candidate, as far as the browser reveals it (the
 * candidate's url and address): a Binding (RFC 8489 §6), or an Allocate that the server
 * challenges with 401 and that is repeated with the credential (RFC 8656 §7.2).
 */
function inferredExchange(peer: PeerName, type: string, address: string): Draft[] {
	const who = Name[peer];
	const from = "inferred from the browser's candidate";
	if (type === 'srflx')
		return [
			arrow(peer, 'server', 'Binding request', 'server', `${who}'s Binding request, ${from}`, true),
			arrow(
				'server',
				peer,
				`Binding response: ${address}`,
				'server',
				`The STUN server sees ${who} at ${address}, ${from}`,
				true
			)
		];
	if (type === 'relay')
		return [
			arrow(
				peer,
				'server',
				'Allocate (401, then with credential)',
				'server',
				`${who}'s Allocate requests, ${from}`,
				true
			),
			arrow(
				'server',
				peer,
				`Allocate success: ${address}`,
				'server',
				`The TURN server relays for ${who} at ${address}, ${from}`,
				true
			)
		];
	return [];
}

/** What an event looks like on the diagram: nothing (a call's start), one item, or a few. */
export function draw(e: TraceEvent, context: Context): Draft | Draft[] | null {
	switch (e.type) {
		case 'peer-created':
			return mark(
				e.peer,
				'new RTCPeerConnection()',
				'call',
				`${Name[e.peer]} creates an RTCPeerConnection`
			);
		case 'api-call':
			if (e.phase === 'start') return null;
			return e.phase === 'resolve'
				? mark(e.peer, `${e.method}() ✓`, 'call', `${Name[e.peer]}'s ${e.method} resolved`)
				: mark(
						e.peer,
						`${e.method}() ✗ ${e.error?.name ?? ''}`,
						'error',
						`${Name[e.peer]}'s ${e.method} rejected: ${e.error?.name}`
					);
		case 'state-change':
			return mark(
				e.peer,
				`${e.machine}: ${e.value}`,
				'state',
				`${Name[e.peer]}'s ${e.machine} state is now ${e.value}`
			);
		case 'ice-candidate': {
			if (!e.candidate)
				return mark(e.peer, 'end of candidates', 'candidate', `${Name[e.peer]} finished gathering`);
			const gathered = mark(
				e.peer,
				`candidate ${candidateLabel(e.candidate)}`,
				'candidate',
				`${Name[e.peer]} gathered a candidate`
			);
			const c = summarizeCandidate(e.candidate);
			// The server's own log, when read, replaces what would otherwise be inferred.
			if (!context.server || context.observed || !c || !e.url) return gathered;
			return [...inferredExchange(e.peer, c.type, `${c.address}:${c.port}`), gathered];
		}
		case 'ice-candidate-error':
			return context.server
				? arrow(
						'server',
						e.peer,
						`error ${e.errorCode} ${e.errorText}`,
						'error',
						`${Name[e.peer]}'s request to ${e.url} failed with ${e.errorCode}, as the browser reports it`
					)
				: mark(e.peer, `icecandidateerror ${e.errorCode}`, 'error');
		case 'server-log': {
			const peer = attributeServerEvent(e, context.events);
			const result = e.outcome === 'success' ? '✓' : String(e.code ?? 'error');
			const label = `${e.method} ${result}${e.relayed ? ` relayed ${e.relayed}` : ''}`;
			const outcome = e.outcome === 'success' ? 'succeeded' : `failed with ${e.code}`;
			const description = `${e.method} ${outcome}${peer ? ` for ${Name[peer]}` : ''}, observed at the server`;
			const tone: Tone = e.outcome === 'success' ? 'server' : 'error';
			return peer
				? arrow('server', peer, label, tone, description)
				: mark('server', label, tone, description);
		}
		case 'bus-message': {
			const what = `${Name[e.from]}'s ${e.kind} #${e.id}`;
			const label = `${e.kind} #${e.id}`;
			if (e.phase === 'sent')
				return arrow(e.from, 'bus', label, 'message', `${what} sent to the bus`);
			if (e.phase === 'delivered')
				return arrow('bus', e.to, label, 'message', `${what} delivered to ${Name[e.to]}`);
			return mark('bus', `${label} dropped`, 'drop', `${what} dropped`);
		}
		case 'data-channel':
			if (e.phase === 'message') {
				// Data goes between the peers over their ICE pair: the arrow skips the bus.
				const from: PeerName = e.peer === 'alice' ? 'bob' : 'alice';
				return arrow(
					from,
					e.peer,
					`"${e.data ?? ''}"`,
					'data',
					`${Name[e.peer]} received "${e.data}" on ${e.label}`
				);
			}
			return mark(
				e.peer,
				`channel ${e.label} ${e.phase}`,
				'data',
				`${Name[e.peer]}'s data channel ${e.label} is ${e.phase}`
			);
		default:
			return null;
	}
}
