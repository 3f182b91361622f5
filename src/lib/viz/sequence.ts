import { scalePoint } from 'd3-scale';
import { candidateLabel } from '$lib/core/ice/summary';
import type { PeerName, TraceEvent } from '$lib/core/trace/types';

export type Lane = PeerName | 'bus';
export const LANES: readonly Lane[] = ['alice', 'bus', 'bob'];
export const LANE_TITLES: Record<Lane, string> = {
	alice: 'Alice',
	bus: 'Signaling bus',
	bob: 'Bob'
};

export type Tone = 'call' | 'error' | 'state' | 'candidate' | 'message' | 'data' | 'drop';

/** One drawn item: an arrow between two lanes, or a mark on one. */
export interface Item {
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
}

export interface Layout {
	width: number;
	height: number;
	lanes: { lane: Lane; x: number; title: string }[];
	items: Item[];
}

export const ROW = 26;
const TOP = 16;

const Name: Record<PeerName, string> = { alice: 'Alice', bob: 'Bob' };
type Draft = Omit<Item, 'x1' | 'x2' | 'y' | 'index'>;

/** What an event looks like on the diagram, or null if it is not drawn (a call's start). */
function draw(e: TraceEvent): Draft | null {
	const mark = (lane: Lane, label: string, tone: Tone, description = label): Draft => ({
		kind: 'mark',
		from: lane,
		to: lane,
		label,
		tone,
		description
	});
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
		case 'ice-candidate':
			return e.candidate
				? mark(
						e.peer,
						`candidate ${candidateLabel(e.candidate)}`,
						'candidate',
						`${Name[e.peer]} gathered a candidate`
					)
				: mark(e.peer, 'end of candidates', 'candidate', `${Name[e.peer]} finished gathering`);
		case 'ice-candidate-error':
			return mark(e.peer, `icecandidateerror ${e.errorCode}`, 'error');
		case 'bus-message': {
			const what = `${Name[e.from]}'s ${e.kind} #${e.id}`;
			if (e.phase === 'sent')
				return {
					kind: 'arrow',
					from: e.from,
					to: 'bus',
					label: `${e.kind} #${e.id}`,
					tone: 'message',
					description: `${what} sent to the bus`
				};
			if (e.phase === 'delivered')
				return {
					kind: 'arrow',
					from: 'bus',
					to: e.to,
					label: `${e.kind} #${e.id}`,
					tone: 'message',
					description: `${what} delivered to ${Name[e.to]}`
				};
			return mark('bus', `${e.kind} #${e.id} dropped`, 'drop', `${what} dropped`);
		}
		case 'data-channel':
			if (e.phase === 'message') {
				// Data goes straight between the peers: the arrow skips the bus.
				const from: PeerName = e.peer === 'alice' ? 'bob' : 'alice';
				return {
					kind: 'arrow',
					from,
					to: e.peer,
					label: `"${e.data ?? ''}"`,
					tone: 'data',
					description: `${Name[e.peer]} received "${e.data}" on ${e.label}`
				};
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

/** Lays out the trace as a sequence diagram: one row per drawn event, in trace order. */
export function layoutSequence(events: readonly TraceEvent[], width: number): Layout {
	const x = scalePoint<Lane>().domain(LANES).range([0, width]).padding(0.5);
	const items: Item[] = [];
	events.forEach((event, index) => {
		const d = draw(event);
		if (!d) return;
		items.push({ ...d, index, x1: x(d.from) ?? 0, x2: x(d.to) ?? 0, y: TOP + items.length * ROW });
	});
	return {
		width,
		height: TOP + Math.max(items.length, 1) * ROW + ROW / 2,
		lanes: LANES.map((lane) => ({ lane, x: x(lane) ?? 0, title: LANE_TITLES[lane] })),
		items
	};
}
