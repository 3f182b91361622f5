import type { BusMessage } from '../signaling/bus.machine';
import type { Description, PeerName } from '../trace/types';

/** What the handshake knows of one peer, learned only from what its actor reported. */
export interface PeerFacts {
	/** Made by createOffer/createAnswer and not yet set as the local description. */
	created: Description | null;
	/** Delivered by the bus and not yet set as the remote description. */
	inbox: Description | null;
	local: Description['type'] | null;
	remote: Description['type'] | null;
	signalingState: string;
	iceGatheringState: string;
	iceConnectionState: string;
	connectionState: string;
	channel: 'none' | 'open' | 'closed';
	/** Messages that arrived on the data channel. */
	received: string[];
	sent: string[];
	/** Remote candidates (not end-of-candidates) this peer's addIceCandidate accepted. */
	candidatesAdded: number;
	/** addIceCandidate calls made and not yet settled: until they do, no verdict on the pairs. */
	adding: number;
	candidatesGathered: number;
	/**
	 * The end-of-candidates event (a null candidate) has come. Chromium fires it just after
	 * iceGatheringState becomes "complete": until then the last candidates may still be on the way.
	 */
	gatheringDone: boolean;
	/** The connection exists: until both do, Start is not over. */
	ready: boolean;
	/** Set when the connection could not be created at all: the browser's error. */
	fatal?: string;
}

export interface Facts {
	started: boolean;
	/** Trickle ICE (RFC 8838) or vanilla: each candidate sent as found, or all inside the SDP. */
	trickle: boolean;
	alice: PeerFacts;
	bob: PeerFacts;
	/** Mirror of the messages the bus holds, oldest first. */
	held: BusMessage[];
	/**
	 * Messages handed to the bus whose `sent` report has not come back yet. The bus reports in
	 * its own next event, so for that moment a message is in neither place; the plan must not
	 * conclude from that gap that nothing is left to deliver.
	 */
	sending: number;
}

/** A connection's initial values (webrtc-pc §4.4.1.1: the constructor sets them). */
export function initialPeerFacts(): PeerFacts {
	return {
		created: null,
		inbox: null,
		local: null,
		remote: null,
		signalingState: 'stable',
		iceGatheringState: 'new',
		iceConnectionState: 'new',
		connectionState: 'new',
		channel: 'none',
		received: [],
		sent: [],
		candidatesAdded: 0,
		adding: 0,
		candidatesGathered: 0,
		ready: false,
		gatheringDone: false
	};
}

export function initialFacts(): Facts {
	return {
		started: false,
		trickle: true,
		alice: initialPeerFacts(),
		bob: initialPeerFacts(),
		held: [],
		sending: 0
	};
}

export const other = (peer: PeerName): PeerName => (peer === 'alice' ? 'bob' : 'alice');

/** How many `a=candidate:` lines an SDP carries. */
export function countCandidateLines(sdp: string): number {
	return sdp.split(/\r?\n/).filter((line) => line.startsWith('a=candidate:')).length;
}
