import { PEER_NAMES } from './types';
import type { BusMessage } from '../signaling/bus.machine';
import type {
	BusMessageEvent,
	DescriptionEvent,
	IceCandidateEvent,
	PeerName,
	StateMachineName,
	TraceEvent
} from './types';

/** An event and its place in the trace, which is how views select it. */
export interface Indexed<E extends TraceEvent = TraceEvent> {
	index: number;
	event: E;
}

export interface PeerView {
	created: boolean;
	/** Each state machine's current value, exactly the API's string; null before the connection exists. */
	states: Record<StateMachineName, string | null>;
	descriptions: Indexed<DescriptionEvent>[];
	candidates: Indexed<IceCandidateEvent>[];
}

const NO_STATES: Record<StateMachineName, string | null> = {
	signaling: null,
	iceGathering: null,
	iceConnection: null,
	connection: null
};

/**
 * What each peer looks like after the events so far. A new connection starts in the states its
 * constructor gives it (webrtc-pc §4.4.1.1), which fire no event, so `peer-created` sets them.
 */
export function foldPeers(events: readonly TraceEvent[]): Record<PeerName, PeerView> {
	const view = (): PeerView => ({
		created: false,
		states: { ...NO_STATES },
		descriptions: [],
		candidates: []
	});
	const peers: Record<PeerName, PeerView> = { alice: view(), bob: view() };
	events.forEach((event, index) => {
		if (!('peer' in event)) return;
		const p = peers[event.peer];
		switch (event.type) {
			case 'peer-created':
				p.created = true;
				p.states = {
					signaling: 'stable',
					iceGathering: 'new',
					iceConnection: 'new',
					connection: 'new'
				};
				break;
			case 'state-change':
				p.states[event.machine] = event.value;
				break;
			case 'local-description':
			case 'remote-description':
				p.descriptions.push({ index, event });
				break;
			case 'ice-candidate':
				if (event.candidate) p.candidates.push({ index, event });
				break;
		}
	});
	return peers;
}

export interface TraceAlert {
	index: number;
	peer: PeerName;
	title: string;
	message: string;
}

const Name = PEER_NAMES;

/** Every error the browser reported: a rejected call or an icecandidateerror. */
export function alertsOf(events: readonly TraceEvent[]): TraceAlert[] {
	const alerts: TraceAlert[] = [];
	events.forEach((event, index) => {
		if (event.type === 'api-call' && event.phase === 'reject' && event.error)
			alerts.push({
				index,
				peer: event.peer,
				title: `${Name[event.peer]}'s ${event.method}() failed: ${event.error.name}`,
				message: event.error.message
			});
		if (event.type === 'ice-candidate-error')
			alerts.push({
				index,
				peer: event.peer,
				title: `${Name[event.peer]}'s ICE candidate error ${event.errorCode} from ${event.url}`,
				message: event.errorText
			});
	});
	return alerts;
}

/** The `sent` event of a bus message, which carries its payload. */
export function sentMessage(
	events: readonly TraceEvent[],
	id: number
): BusMessageEvent | undefined {
	return events.find(
		(e): e is BusMessageEvent => e.type === 'bus-message' && e.id === id && e.phase === 'sent'
	);
}

/**
 * The events that belong with the one at `index`: a gathered candidate and every phase of the bus
 * message that carried it; a bus message's other phases. Views highlight them together.
 */
export function relatedEvents(events: readonly TraceEvent[], index: number): Set<number> {
	const related = new Set<number>();
	const event = events[index];
	if (!event) return related;
	let id: number | undefined;
	if (event.type === 'bus-message') id = event.id;
	if (event.type === 'ice-candidate' && event.candidate) {
		const carrier = events.find(
			(e): e is BusMessageEvent =>
				e.type === 'bus-message' &&
				e.phase === 'sent' &&
				(e.payload as { candidate?: string } | null)?.candidate === event.candidate
		);
		id = carrier?.id;
	}
	if (id !== undefined)
		events.forEach((e, i) => {
			if (e.type === 'bus-message' && e.id === id) related.add(i);
		});
	if (event.type === 'bus-message') {
		const carried = (sentMessage(events, event.id)?.payload as { candidate?: string } | null)
			?.candidate;
		if (carried)
			events.forEach((e, i) => {
				if (e.type === 'ice-candidate' && e.candidate === carried) related.add(i);
			});
	}
	related.delete(index);
	return related;
}

/** The gathered-candidate event for a candidate string (with or without `a=`), if it is in the trace. */
export function candidateEventIndex(events: readonly TraceEvent[], candidate: string): number {
	const wanted = candidate.replace(/^a=/, '').trim();
	return events.findIndex((e) => e.type === 'ice-candidate' && e.candidate === wanted);
}

/** What the bus held after these events: sent and neither delivered nor dropped (for replays). */
export function heldMessages(events: readonly TraceEvent[]): BusMessage[] {
	const held = new Map<number, BusMessage>();
	for (const e of events) {
		if (e.type !== 'bus-message') continue;
		if (e.phase === 'sent')
			held.set(e.id, {
				id: e.id,
				from: e.from,
				to: e.to,
				kind: e.kind,
				payload: e.payload ?? null
			});
		else held.delete(e.id);
	}
	return [...held.values()];
}
