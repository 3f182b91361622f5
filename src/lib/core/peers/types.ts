import type {
	Description,
	PeerName,
	StateMachineName,
	TraceError,
	TraceEventInput
} from '../trace/types';

/** Makes an RTCPeerConnection. The product passes the browser's; unit tests pass a fake. */
export type PeerConnectionFactory = (configuration: RTCConfiguration) => RTCPeerConnection;

export interface PeerInput {
	name: PeerName;
	factory: PeerConnectionFactory;
	configuration: RTCConfiguration;
	/** Report a trace event. The peer actor reports everything the connection says. */
	record: (event: TraceEventInput) => void;
	/** The offerer opens its data channel before createOffer, so the offer has an m=application section. */
	dataChannel?: string;
	/** The offerer adds these transceivers before createOffer (JSEP RFC 8829 §5.2.1: one m= section each). */
	transceivers?: ('audio' | 'video')[];
}

/** Commands the peer actor performs, one RTCPeerConnection call each. */
export type PeerCommand =
	| { type: 'peer.createOffer' }
	| { type: 'peer.createAnswer' }
	| { type: 'peer.setLocalDescription'; description: Description }
	| { type: 'peer.setRemoteDescription'; description: Description }
	/** `null` is the end-of-candidates indication (webrtc-pc §4.4.1.6, addIceCandidate). */
	| { type: 'peer.addIceCandidate'; candidate: RTCIceCandidateInit | null }
	| { type: 'peer.send'; data: string };

export type CallMethod =
	| 'createOffer'
	| 'createAnswer'
	| 'setLocalDescription'
	| 'setRemoteDescription'
	| 'addIceCandidate'
	| 'send';

/** What the peer actor tells its parent. */
export type PeerReport =
	| {
			type: 'peer.settled';
			peer: PeerName;
			method: CallMethod;
			ok: boolean;
			error?: TraceError;
			/** createOffer/createAnswer: the result; setLocalDescription: the connection's localDescription. */
			description?: Description;
			/** addIceCandidate: the candidate it was given; null for end-of-candidates. */
			candidate?: RTCIceCandidateInit | null;
	  }
	| {
			type: 'peer.candidate';
			peer: PeerName;
			candidate: RTCIceCandidateInit | null;
			/** With the end of gathering (candidate null): the local description, now with every candidate. */
			description?: Description;
	  }
	/** The connection exists (and the offerer's channel and transceivers): Start is done. */
	| { type: 'peer.ready'; peer: PeerName }
	/** The connection could not be made at all. */
	| { type: 'peer.failed'; peer: PeerName; error: TraceError }
	| { type: 'peer.state'; peer: PeerName; machine: StateMachineName; value: string }
	| { type: 'peer.channel'; peer: PeerName; phase: 'open' | 'close' }
	| { type: 'peer.message'; peer: PeerName; data: string };
