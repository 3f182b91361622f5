import { PEER_NAMES } from '../trace/types.ts';
import { summarizeCandidate } from '../ice/summary.ts';
import type { BusMessage } from '../signaling/bus.machine';
import type { PeerName } from '../trace/types';
import type { Facts } from './facts';

/** The message Alice sends once the channel is open; Bob sends back what he received. */
export const GREETING = 'Hello Bob, this came peer to peer';

const Name = PEER_NAMES;

/**
 * One meaningful action: one peer's API call, or the delivery of one bus message, or waiting for
 * the browser to do something on its own. `id` is stable: lessons refer to steps by it.
 */
export type Step =
	| { kind: 'start'; id: 'start' }
	| {
			kind: 'call';
			id: `${PeerName}.${'createOffer' | 'createAnswer' | 'setLocalDescription' | 'setRemoteDescription'}`;
			peer: PeerName;
			method: 'createOffer' | 'createAnswer' | 'setLocalDescription' | 'setRemoteDescription';
	  }
	| { kind: 'deliver'; id: `bus.deliver.${BusMessage['kind']}`; message: BusMessage }
	| { kind: 'send'; id: 'alice.send' | 'bob.echo'; peer: PeerName; data: string }
	| {
			kind: 'wait';
			id: 'wait.gathering' | 'wait.connection' | 'wait.message' | 'wait.signaling';
			reason: string;
	  };

/** Every step id the plan can give, in the order a normal walk meets them: lessons refer to these. */
export const STEP_IDS = [
	'start',
	'alice.createOffer',
	'alice.setLocalDescription',
	'bus.deliver.offer',
	'bob.setRemoteDescription',
	'bob.createAnswer',
	'bob.setLocalDescription',
	'bus.deliver.answer',
	'alice.setRemoteDescription',
	'bus.deliver.candidate',
	'bus.deliver.end-of-candidates',
	'wait.signaling',
	'wait.gathering',
	'wait.connection',
	'alice.send',
	'wait.message',
	'bob.echo'
] as const satisfies readonly Step['id'][];

export type StepId = (typeof STEP_IDS)[number];

export type Outcome = 'complete' | 'stuck' | 'failed';

/** What comes next: a step and the one sentence that says what it will do, or the end. */
export type Outlook = { step: Step; text: string } | { step: null; outcome: Outcome; text: string };

function describeCandidate(m: BusMessage): string {
	const c = summarizeCandidate((m.payload as RTCIceCandidateInit | null)?.candidate);
	return c ? `${c.type} candidate (${c.transport} ${c.address} port ${c.port})` : 'candidate';
}

function describeDelivery(m: BusMessage): string {
	const to = Name[m.to];
	switch (m.kind) {
		case 'offer':
		case 'answer':
			return `Deliver ${Name[m.from]}'s ${m.kind} to ${to}.`;
		case 'candidate':
			return `Deliver ${Name[m.from]}'s ${describeCandidate(m)} to ${to}, who passes it to addIceCandidate.`;
		case 'end-of-candidates':
			return `Deliver ${Name[m.from]}'s end-of-candidates to ${to}, who calls addIceCandidate() with no candidate.`;
	}
}

/**
 * The choreography of an offer/answer exchange (RFC 8829 §3.2 JSEP, RFC 8838 trickle ICE), as a
 * pure function of what has happened. Being a function of facts, not a fixed list, it adapts
 * when the learner delivers, drops or reorders messages by hand.
 */
export function plan(f: Facts): Outlook {
	const { alice, bob } = f;
	const heldOf = (kind: BusMessage['kind']) => f.held.find((m) => m.kind === kind);

	if (!f.started)
		return {
			step: { kind: 'start', id: 'start' },
			text: "Create Alice's and Bob's RTCPeerConnection, and Alice's data channel \"chat\"."
		};

	const broken = (['alice', 'bob'] as const).find((p) => f[p].fatal);
	if (broken)
		return {
			step: null,
			outcome: 'failed',
			text: `${Name[broken]}'s RTCPeerConnection could not be created: ${f[broken].fatal}`
		};

	if (alice.connectionState === 'failed' || bob.connectionState === 'failed')
		return {
			step: null,
			outcome: 'failed',
			text: 'ICE failed: every candidate pair was tried and none answered, so the connection state is "failed".'
		};

	// Trickle ICE (RFC 8838): a candidate goes to its peer as soon as that peer can use it, that is
	// once it has set the remote description the candidate belongs to (before that, webrtc-pc's
	// addIceCandidate() rejects with InvalidStateError). So Alice's candidates reach Bob right
	// after her offer and before his answer, as a signaling channel that forwards each message on
	// arrival delivers them, and Bob can check pairs as soon as he has gathered.
	const usable = f.held.find(
		(m) => (m.kind === 'candidate' || m.kind === 'end-of-candidates') && f[m.to].remote !== null
	);
	if (usable)
		return {
			step: { kind: 'deliver', id: `bus.deliver.${usable.kind}`, message: usable },
			text: describeDelivery(usable)
		};

	if (alice.local === null && !alice.created)
		return {
			step: { kind: 'call', id: 'alice.createOffer', peer: 'alice', method: 'createOffer' },
			text: 'Alice calls createOffer(): the browser writes an SDP offer describing her data channel, ICE credentials and DTLS fingerprint.'
		};
	if (alice.created?.type === 'offer')
		return {
			step: {
				kind: 'call',
				id: 'alice.setLocalDescription',
				peer: 'alice',
				method: 'setLocalDescription'
			},
			text: f.trickle
				? 'Alice calls setLocalDescription(offer): her signaling state becomes have-local-offer, ICE gathering starts, and she sends the offer.'
				: 'Alice calls setLocalDescription(offer): her signaling state becomes have-local-offer and ICE gathering starts. With trickle ICE off she waits until gathering is complete, then sends the offer with every candidate inside.'
		};

	const offer = heldOf('offer');
	if (offer && !bob.remote)
		return {
			step: { kind: 'deliver', id: 'bus.deliver.offer', message: offer },
			text: describeDelivery(offer)
		};
	if (bob.inbox?.type === 'offer')
		return {
			step: {
				kind: 'call',
				id: 'bob.setRemoteDescription',
				peer: 'bob',
				method: 'setRemoteDescription'
			},
			text: "Bob calls setRemoteDescription(offer): he now knows Alice's ICE credentials and fingerprint; his signaling state becomes have-remote-offer."
		};
	if (bob.remote === 'offer' && bob.local === null && !bob.created)
		return {
			step: { kind: 'call', id: 'bob.createAnswer', peer: 'bob', method: 'createAnswer' },
			text: "Bob calls createAnswer(): the browser answers each of Alice's media sections with what Bob accepts."
		};
	if (bob.created?.type === 'answer')
		return {
			step: {
				kind: 'call',
				id: 'bob.setLocalDescription',
				peer: 'bob',
				method: 'setLocalDescription'
			},
			text: f.trickle
				? 'Bob calls setLocalDescription(answer): his signaling state returns to stable, he starts gathering, and he sends the answer.'
				: 'Bob calls setLocalDescription(answer): his signaling state returns to stable and he gathers; with trickle ICE off he sends the answer, every candidate inside, once gathering is complete.'
		};

	const answer = heldOf('answer');
	if (answer && !alice.remote)
		return {
			step: { kind: 'deliver', id: 'bus.deliver.answer', message: answer },
			text: describeDelivery(answer)
		};
	if (alice.inbox?.type === 'answer')
		return {
			step: {
				kind: 'call',
				id: 'alice.setRemoteDescription',
				peer: 'alice',
				method: 'setRemoteDescription'
			},
			text: "Alice calls setRemoteDescription(answer): both peers are now stable, and each knows the other's ICE credentials."
		};

	if (f.sending > 0)
		return {
			step: { kind: 'wait', id: 'wait.signaling', reason: 'a message is on its way to the bus' },
			text: 'Wait: a message is on its way to the signaling bus.'
		};

	const next = f.held[0];
	if (next) {
		const id = `bus.deliver.${next.kind}` as const;
		return { step: { kind: 'deliver', id, message: next }, text: describeDelivery(next) };
	}

	if (alice.channel !== 'open' || bob.channel !== 'open') {
		const gathering = (['alice', 'bob'] as const).find((p) => f[p].local && !f[p].gatheringDone);
		if (gathering)
			return {
				step: {
					kind: 'wait',
					id: 'wait.gathering',
					reason: `${Name[gathering]} is still gathering candidates`
				},
				text: `Wait for ${Name[gathering]} to finish gathering candidates.`
			};
		if (alice.candidatesAdded === 0 && bob.candidatesAdded === 0 && !alice.adding && !bob.adding)
			// Measured in Chromium: with no remote candidate on either side both connections stay
			// "new" indefinitely, even after end-of-candidates, so the lab must say so itself.
			return {
				step: null,
				outcome: 'stuck',
				text: 'Not connected: neither peer has added a candidate of the other (none was delivered, or addIceCandidate refused it), so ICE has no address to check and both connections stay "new". Reset, and deliver at least one candidate after the descriptions.'
			};
		return {
			step: {
				kind: 'wait',
				id: 'wait.connection',
				reason: 'ICE connectivity checks and the DTLS handshake'
			},
			text: 'Wait for the connectivity checks (STUN binding requests on each candidate pair), the DTLS handshake and the data channel to open.'
		};
	}

	if (!alice.sent.length)
		return {
			step: { kind: 'send', id: 'alice.send', peer: 'alice', data: GREETING },
			text: `The data channel "chat" is open. Alice sends "${GREETING}".`
		};
	const echo = bob.received[0];
	if (echo !== undefined && !bob.sent.length)
		return {
			step: { kind: 'send', id: 'bob.echo', peer: 'bob', data: echo },
			text: 'Bob echoes the message back to Alice on the same channel.'
		};
	if (alice.received.length)
		return {
			step: null,
			outcome: 'complete',
			text: 'Done: Alice got her message back from Bob over their data channel (SCTP over DTLS over the ICE pair they chose). The signaling bus never saw it.'
		};
	return {
		step: { kind: 'wait', id: 'wait.message', reason: 'the message to arrive' },
		text: 'Wait for the message to arrive over the data channel.'
	};
}
