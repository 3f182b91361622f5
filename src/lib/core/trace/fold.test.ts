import { describe, expect, it } from 'vitest';
import {
	alertsOf,
	candidateEventIndex,
	foldPeers,
	heldMessages,
	relatedEvents,
	sentMessage
} from './fold';
import type { TraceEvent } from './types';

const events: TraceEvent[] = [
	{ t: 0, type: 'peer-created', peer: 'alice', configuration: { iceServers: [] } },
	{ t: 1, type: 'state-change', peer: 'alice', machine: 'signaling', value: 'have-local-offer' },
	{ t: 2, type: 'local-description', peer: 'alice', description: { type: 'offer', sdp: 'v=0' } },
	{
		t: 3,
		type: 'ice-candidate',
		peer: 'alice',
		candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host',
		sdpMid: '0',
		sdpMLineIndex: 0,
		url: null
	},
	{
		t: 4,
		type: 'ice-candidate',
		peer: 'alice',
		candidate: null,
		sdpMid: null,
		sdpMLineIndex: null,
		url: null
	},
	{
		t: 5,
		type: 'bus-message',
		id: 7,
		from: 'alice',
		to: 'bob',
		kind: 'offer',
		phase: 'sent',
		payload: { type: 'offer', sdp: 'v=0' }
	},
	{ t: 6, type: 'bus-message', id: 7, from: 'alice', to: 'bob', kind: 'offer', phase: 'delivered' },
	{
		t: 7,
		type: 'api-call',
		peer: 'bob',
		method: 'addIceCandidate',
		phase: 'reject',
		error: { name: 'InvalidStateError', message: 'The remote description was null' }
	},
	{
		t: 8,
		type: 'ice-candidate-error',
		peer: 'alice',
		url: 'stun:127.0.0.1:3478',
		errorCode: 701,
		errorText: 'STUN host lookup received error.',
		address: null,
		port: null
	}
];

describe('trace folds', () => {
	it('gives a created connection its initial states, then each change, and none before it exists', () => {
		const peers = foldPeers(events);
		expect(peers.alice.states).toEqual({
			signaling: 'have-local-offer',
			iceGathering: 'new',
			iceConnection: 'new',
			connection: 'new'
		});
		expect(peers.bob.created).toBe(false);
		expect(peers.bob.states.signaling).toBeNull();
	});

	it('lists descriptions and real candidates with their place in the trace', () => {
		const { alice } = foldPeers(events);
		expect(alice.descriptions.map((d) => d.index)).toEqual([2]);
		expect(alice.candidates.map((c) => c.index)).toEqual([3]);
	});

	it('turns every rejected call and icecandidateerror into an alert naming the error', () => {
		expect(alertsOf(events)).toEqual([
			{
				index: 7,
				peer: 'bob',
				title: "Bob's addIceCandidate() failed: InvalidStateError",
				message: 'The remote description was null'
			},
			{
				index: 8,
				peer: 'alice',
				title: "Alice's ICE candidate error 701 from stun:127.0.0.1:3478",
				message: 'STUN host lookup received error.'
			}
		]);
	});

	it("finds a bus message's payload on its sent event", () => {
		expect(sentMessage(events, 7)?.payload).toEqual({ type: 'offer', sdp: 'v=0' });
		expect(sentMessage(events, 8)).toBeUndefined();
	});
});

describe('related events', () => {
	const c = 'candidate:1 1 udp 1 192.0.2.1 5000 typ host';
	const trace: TraceEvent[] = [
		{
			t: 0,
			type: 'ice-candidate',
			peer: 'alice',
			candidate: c,
			sdpMid: '0',
			sdpMLineIndex: 0,
			url: null
		},
		{
			t: 1,
			type: 'bus-message',
			id: 3,
			from: 'alice',
			to: 'bob',
			kind: 'candidate',
			phase: 'sent',
			payload: { candidate: c }
		},
		{ t: 2, type: 'bus-message', id: 4, from: 'bob', to: 'alice', kind: 'answer', phase: 'sent' },
		{
			t: 3,
			type: 'bus-message',
			id: 3,
			from: 'alice',
			to: 'bob',
			kind: 'candidate',
			phase: 'delivered'
		}
	];

	it('links a gathered candidate to every phase of the message that carried it, and back', () => {
		expect([...relatedEvents(trace, 0)]).toEqual([1, 3]);
		expect([...relatedEvents(trace, 3)].sort()).toEqual([0, 1]);
		expect([...relatedEvents(trace, 2)]).toEqual([]);
	});

	it('finds a candidate event from an SDP line', () => {
		expect(candidateEventIndex(trace, `a=${c}`)).toBe(0);
		expect(candidateEventIndex(trace, 'a=candidate:9 1 udp 1 192.0.2.9 1 typ host')).toBe(-1);
	});
});

describe('held messages', () => {
	it('replays what the bus held: sent, and neither delivered nor dropped', () => {
		const m = (id: number, phase: 'sent' | 'delivered' | 'dropped'): TraceEvent => ({
			t: id,
			type: 'bus-message',
			id,
			from: 'alice',
			to: 'bob',
			kind: 'candidate',
			phase,
			...(phase === 'sent' ? { payload: { candidate: `c${id}` } } : {})
		});
		const trace = [m(1, 'sent'), m(2, 'sent'), m(3, 'sent'), m(1, 'delivered'), m(3, 'dropped')];
		expect(heldMessages(trace)).toEqual([
			{ id: 2, from: 'alice', to: 'bob', kind: 'candidate', payload: { candidate: 'c2' } }
		]);
		expect(heldMessages(trace.slice(0, 2)).map((h) => h.id)).toEqual([1, 2]);
	});
});
