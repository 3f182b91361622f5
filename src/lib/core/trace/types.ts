/**
 * The trace: the single source of truth for every view (see README, "Trace format").
 * A trace file is a public interface, so these names and shapes are kept stable;
 * field names are the WebRTC spec's own (W3C webrtc-pc), unchanged.
 */

export type PeerName = 'alice' | 'bob';
export const PEERS: readonly PeerName[] = ['alice', 'bob'];
/** How the page names each peer. */
export const PEER_NAMES: Readonly<Record<PeerName, string>> = { alice: 'Alice', bob: 'Bob' };

/** The four state machines of an RTCPeerConnection (W3C webrtc-pc §4.3). */
export type StateMachineName = 'signaling' | 'iceGathering' | 'iceConnection' | 'connection';
export const STATE_MACHINES: readonly StateMachineName[] = [
	'signaling',
	'iceGathering',
	'iceConnection',
	'connection'
];

export type PeerMethod =
	/** The constructor, when it refuses its configuration. */
	| 'RTCPeerConnection'
	| 'createOffer'
	| 'createAnswer'
	| 'setLocalDescription'
	| 'setRemoteDescription'
	| 'addIceCandidate'
	| 'createDataChannel'
	| 'addTransceiver'
	| 'send'
	| 'getStats'
	| 'close';

export interface TraceError {
	/** The DOMException's name, e.g. `InvalidStateError`. */
	name: string;
	message: string;
}

export interface Description {
	type: 'offer' | 'answer' | 'pranswer' | 'rollback';
	sdp: string;
}

/** The attributes of an RTCIceCandidate, as the browser parsed them (webrtc-pc §4.8.1). */
export interface CandidateFields {
	foundation: string | null;
	component: string | null;
	protocol: string | null;
	priority: number | null;
	address: string | null;
	port: number | null;
	type: string | null;
	tcpType: string | null;
	relatedAddress: string | null;
	relatedPort: number | null;
	usernameFragment: string | null;
}

export type MessageKind = 'offer' | 'answer' | 'candidate' | 'end-of-candidates';

interface Base {
	/** ms since the session began (performance.now based). */
	t: number;
}

export interface PeerCreatedEvent extends Base {
	type: 'peer-created';
	peer: PeerName;
	/** The RTCConfiguration the connection was made with. */
	configuration: {
		iceServers: { urls: string | string[] }[];
		iceTransportPolicy?: string;
		bundlePolicy?: string;
	};
}

export interface ApiCallEvent extends Base {
	type: 'api-call';
	peer: PeerName;
	method: PeerMethod;
	phase: 'start' | 'resolve' | 'reject';
	error?: TraceError;
	/** What createOffer/createAnswer resolved with. */
	description?: Description;
	/** The argument, where it is not a description (a candidate, a message, a channel label). */
	argument?: unknown;
}

export interface DescriptionEvent extends Base {
	type: 'local-description' | 'remote-description';
	peer: PeerName;
	description: Description;
}

export interface IceCandidateEvent extends Base {
	type: 'ice-candidate';
	peer: PeerName;
	/** The `candidate:` string, or null for the end of gathering. */
	candidate: string | null;
	sdpMid: string | null;
	sdpMLineIndex: number | null;
	/** The STUN/TURN server that produced it, if any. */
	url: string | null;
	fields?: CandidateFields;
}

export interface IceCandidateErrorEvent extends Base {
	type: 'ice-candidate-error';
	peer: PeerName;
	url: string;
	errorCode: number;
	errorText: string;
	address: string | null;
	port: number | null;
}

export interface StateChangeEvent extends Base {
	type: 'state-change';
	peer: PeerName;
	machine: StateMachineName;
	/** The API's string, e.g. `have-local-offer`, `checking`, `connected`. */
	value: string;
}

export interface BusMessageEvent extends Base {
	type: 'bus-message';
	id: number;
	from: PeerName;
	to: PeerName;
	kind: MessageKind;
	phase: 'sent' | 'delivered' | 'dropped';
	payload?: unknown;
}

export interface DataChannelEvent extends Base {
	type: 'data-channel';
	peer: PeerName;
	label: string;
	phase: 'open' | 'message' | 'close';
	data?: string;
}

export interface StatsEvent extends Base {
	type: 'stats';
	peer: PeerName;
	report: Record<string, unknown>[];
}

/** The lab took a step of the handshake; `id` is the step id lessons refer to. */
export interface StepEvent extends Base {
	type: 'step';
	id: string;
	text: string;
}

/**
 * A line of the local STUN/TURN server's own log (coturn with --log-binding): what the server
 * observed, as opposed to what the browser reveals. `t` is when the lab read the log, not when
 * the server wrote the line, so it can trail the browser's events by a few hundred ms.
 */
export interface ServerLogEvent extends Base {
	type: 'server-log';
	/** STUN/TURN method as the server names it: BINDING, ALLOCATE, CREATE_PERMISSION, … */
	method: string;
	outcome: 'success' | 'error';
	/** STUN error code (RFC 8489 §14.8), e.g. 401. */
	code?: number;
	reason?: string;
	/** The client's address as the server saw it: what a Binding response reflects. */
	client?: string;
	/** Allocate: the relayed address allocated. */
	relayed?: string;
	/** CreatePermission / ChannelBind: the peer address permitted. */
	permission?: string;
	/** The method was worked out, not named by the server (see coturn-log.ts). */
	inferred?: boolean;
}

export type TraceEvent =
	| StepEvent
	| ServerLogEvent
	| PeerCreatedEvent
	| ApiCallEvent
	| DescriptionEvent
	| IceCandidateEvent
	| IceCandidateErrorEvent
	| StateChangeEvent
	| BusMessageEvent
	| DataChannelEvent
	| StatsEvent;

export type TraceEventType = TraceEvent['type'];

/** An event as reported, before the trace stamps its time. */
export type TraceEventInput = TraceEvent extends infer E
	? E extends TraceEvent
		? Omit<E, 't'>
		: never
	: never;

export interface TraceFile {
	version: 1;
	/** `live` for a recording of a real run in this lab. */
	source: 'live';
	name: string;
	recordedAt: string;
	userAgent: string;
	events: TraceEvent[];
}
